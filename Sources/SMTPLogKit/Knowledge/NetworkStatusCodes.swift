/// X.4.x, network and routing: the message never reached a server that could judge it. Our
/// own MTA writes most of these on its delivery lines, so the outbound text says where.
extension EnhancedStatusRecord {
    static let network: [EnhancedStatusRecord] = [
        EnhancedStatusRecord(
            4, 0, "Other or Undefined Network or Routing Status",
            summary: "Network or routing problem without a more precise detail",
            meaning: """
                Something went wrong on the network or in routing the message, and no more \
                precise detail applies.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    Rare in replies our server sends; Postfix uses 4.4.0 internally for routing \
                    configuration problems on its delivery lines.
                    """,
                fix: "Read the text on the delivery line; it names the failing step."),
            outbound: DirectionalAdvice(
                seen: """
                    On our own delivery lines when the route to a destination could not be \
                    worked out or used, and from remote relays with routing trouble.
                    """,
                fix: "Check transport_maps and relayhost (Postfix) or the routers (Exim) for the destination.")),
        EnhancedStatusRecord(
            4, 1, "No Answer from Host",
            summary: "Could not connect: the destination did not answer",
            meaning: """
                The sending system could not connect to the destination host: the connection \
                timed out or was refused.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    Not in replies our server sends; it describes a connection that never \
                    happened. Our server may report it in bounces it generates.
                    """,
                fix: "Nothing to fix on the receiving side."),
            outbound: DirectionalAdvice(
                seen: """
                    On our own delivery lines: Postfix "connect to mx.example.com[192.0.2.1]:25: \
                    Connection timed out" (or "Connection refused") with dsn=4.4.1 and \
                    status=deferred; Exim "H=mx.example.com [192.0.2.1] Connection timed out" on a \
                    == line. If every destination times out, our outbound port 25 is blocked — \
                    many cloud and home providers do that.
                    """,
                fix: """
                    For one destination: wait, it is usually down briefly; check its MX with dig. \
                    For all destinations: test with nc or telnet to port 25 of a big provider; if \
                    blocked, ask the hosting provider to open port 25 or relay through a smarthost \
                    on port 587 (relayhost with SASL authentication).
                    """)),
        EnhancedStatusRecord(
            4, 2, "Bad Connection",
            summary: "Connection established but broken or timed out during the session",
            meaning: """
                A connection was made but failed during the session: it was closed early, timed \
                out, or was disrupted.
                """,
            classes: [.transientNegative, .permanentNegative], with: [421],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "421 4.4.2 <host> Error: timeout exceeded" when a client stays silent \
                    longer than smtpd_timeout. The log shows "timeout after <command>" or "lost \
                    connection after <command>" for the session.
                    """,
                fix: """
                    Nothing for bots. For a legitimate client that times out, look at its network \
                    path (MTU, firewalls) or a long-running check on our side that makes it give \
                    up first.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    On our own delivery lines: Postfix "lost connection with X while sending \
                    RCPT TO" or "conversation with X timed out while receiving the initial server \
                    greeting" with dsn=4.4.2. Common causes are TLS trouble, firewalls with SMTP \
                    inspection, MTU problems on large messages, and servers that tarpit.
                    """,
                fix: """
                    If it happens while sending the body of large messages, suspect MTU or a \
                    firewall; if at the greeting, the remote may be tarpitting our IP. Test the \
                    session by hand (openssl s_client -starttls smtp -connect host:25).
                    """)),
        EnhancedStatusRecord(
            4, 3, "Directory Server Failure",
            summary: "DNS or directory lookup failed",
            meaning: """
                A directory server needed for routing did not answer or failed — in practice \
                nearly always DNS, sometimes LDAP.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    When our recipient or sender checks depend on DNS or LDAP lookups that fail; \
                    Postfix then answers with a temporary error and logs the lookup failure.
                    """,
                fix: """
                    Check our resolver (a local caching resolver such as unbound is recommended \
                    for mail servers) and any LDAP servers our maps use.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    On our own delivery lines: Postfix "Host or domain name not found. Name \
                    service error for name=example.com type=MX: Host not found, try again" with \
                    dsn=4.4.3 and status=deferred — the DNS query failed rather than saying the \
                    domain does not exist. Exim logs a deferral with "DNS lookup ... deferred" or \
                    a retry note.
                    """,
                fix: """
                    If it affects one domain, its DNS servers are failing: nothing to do but wait. \
                    If it affects many, our resolver is broken: test with dig @127.0.0.1 \
                    example.com MX and check /etc/resolv.conf (Postfix in a chroot uses \
                    /var/spool/postfix/etc/resolv.conf).
                    """)),
        EnhancedStatusRecord(
            4, 4, "Unable to Route",
            summary: "No route to the destination (no usable MX or address)",
            meaning: """
                The mail system could not find a route to the destination: the domain has no \
                usable MX or address records, or routing rules lead nowhere.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "450 4.4.4 <addr>: ... Unable to look up host X as mail exchanger" \
                    when permit_mx_backup or an MX-based check (check_recipient_mx_access, \
                    check_sender_mx_access) cannot resolve a domain's MX host.
                    """,
                fix: "Usually the other domain's DNS is broken; nothing to fix unless our resolver fails."),
            outbound: DirectionalAdvice(
                seen: """
                    On our own delivery lines: Postfix "Host or domain name not found. Name \
                    service error for name=example.com type=A: Host not found" with dsn=5.4.4 and \
                    status=bounced when the domain does not exist; Exim fails the address as \
                    "Unrouteable address" (a ** line).
                    """,
                fix: """
                    Check the recipient domain with dig MX and dig A. If it does not exist, the \
                    sender has a typo. If it exists but our server cannot resolve it, check our \
                    resolver and any transport_maps or Exim router that overrides routing for it.
                    """)),
        EnhancedStatusRecord(
            4, 5, "Mail System Congestion",
            summary: "Receiving system is congested; retry later",
            meaning: """
                The mail system is congested and cannot take the message now. It is nearly \
                always used as a temporary failure.
                """,
            classes: [.transientNegative],
            inbound: DirectionalAdvice(
                seen: """
                    When a policy or rate limiter on our side defers clients under load. Postfix \
                    and Exim mostly use 4.7.0 or 4.3.2 for their own limits instead.
                    """,
                fix: "Check load on the server and the limits of whatever produced the reply."),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote server is busy or throttles incoming mail; the message stays in \
                    our queue.
                    """,
                fix: """
                    Nothing on our side for occasional cases. If one destination defers often, \
                    send to it with lower concurrency (a Postfix transport with a smaller \
                    destination concurrency limit; Exim serialize_hosts).
                    """)),
        EnhancedStatusRecord(
            4, 6, "Routing Loop Detected",
            summary: "Mail loop: the message came back to a system it already passed",
            meaning: """
                The message was routed in a loop: it came back to a system it had already \
                passed, or exceeded the maximum number of hops (Received: headers).
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    When our server receives a message that already carries too many Received: \
                    headers (Postfix hopcount_limit, default 50; Exim received_headers_max) — \
                    usually two servers forwarding to each other.
                    """,
                fix: """
                    Find the forwarding rules that point at each other (aliases, .forward, a \
                    virtual alias to an address that forwards back) and break the loop.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    On our own delivery lines: Postfix "mail for example.com loops back to myself" \
                    with dsn=5.4.6 — the MX of a domain points at our own server but the domain is \
                    not listed in mydestination, virtual_mailbox_domains or relay_domains.
                    """,
                fix: """
                    Add the domain to the right class on our server (mydestination for local \
                    users, virtual_alias_domains or virtual_mailbox_domains for hosted ones, \
                    relay_domains with a transport for relayed ones), or fix its MX records if we \
                    are not meant to receive for it.
                    """)),
        EnhancedStatusRecord(
            4, 7, "Delivery Time Expired",
            summary: "Gave up: the message stayed undeliverable too long",
            meaning: """
                The message could not be delivered before its time in the queue ran out, so the \
                sending system gave up. The reason is the last temporary failure before expiry.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    Not in replies; it appears in bounces and delay reports our server generates \
                    for messages it could not deliver in time.
                    """,
                fix: "See the outbound case: the cause is on the delivery side."),
            outbound: DirectionalAdvice(
                seen: """
                    When our server gives up on a message: Postfix logs status=expired, "returned \
                    to sender", after maximal_queue_lifetime (default 5 days; \
                    bounce_queue_lifetime for bounces); Exim fails it with "retry timeout \
                    exceeded" when its retry rules run out. The earlier deferral lines for the \
                    same queue id show the real cause.
                    """,
                fix: """
                    Look at the deferrals before expiry (connection failures, 4xx replies) and fix \
                    that cause. Shorter lifetimes tell senders sooner; longer ones ride out \
                    longer outages.
                    """)),
    ]
}
