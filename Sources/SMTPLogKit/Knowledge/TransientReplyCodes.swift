/// The 4xx replies: the action failed for now and the sender keeps the message. They cost
/// delay rather than mail, until one persists past the sender's retry period.
extension ReplyCodeRecord {
    static let transient: [ReplyCodeRecord] = [
        ReplyCodeRecord(
            421, "Service Not Available",
            summary: "Server closing the connection; try again later",
            meaning: """
                The server is not available right now and is closing the connection. It can be \
                the answer to the connection itself (overload, too many connections) or to any \
                command when the server must end the session. The client keeps the message and \
                retries later.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    When our server turns a client away or drops it mid-session. Postfix: \
                    "421 4.7.0 <host> Error: too many connections from <ip>" \
                    (smtpd_client_connection_count_limit, smtpd_client_connection_rate_limit, \
                    enforced by anvil), "421 4.7.0 <host> Error: too many errors" \
                    (smtpd_hard_error_limit), "421 4.4.2 <host> Error: timeout exceeded" \
                    (smtpd_timeout), and postscreen's "421 4.3.2 All server ports are busy". Exim: \
                    "421 <host>: Too many concurrent SMTP connections; please try again later" \
                    (smtp_accept_max, smtp_accept_max_per_host), "421 <host>: Too much load; please \
                    try again later" (smtp_load_reserve) and "421 <host>: SMTP command timeout - closing \
                    connection" (smtp_receive_timeout).
                    """,
                fix: """
                    If legitimate senders hit connection limits, raise them (Postfix \
                    smtpd_client_connection_count_limit and the smtpd process limit in master.cf; \
                    Exim smtp_accept_max, smtp_accept_max_per_host) or exempt them \
                    (smtpd_client_event_limit_exceptions). If the cause is load, look at CPU, disk \
                    and slow lookups. Bots that hit the error limit need nothing — the limit is \
                    doing its job.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote server throttles us or is overloaded: Postfix logs "host X said: \
                    421 ... (in reply to ...)" or "host X refused to talk to me: 421 ..." with \
                    status=deferred; Exim logs a == deferral with the remote text. Large providers \
                    send it when our sending rate or reputation crosses their limits.
                    """,
                fix: """
                    Usually nothing: the message stays queued and is retried. If it persists for \
                    one destination, send to it more slowly (Postfix: a dedicated transport with a \
                    lower destination concurrency limit or a destination rate delay; Exim: \
                    serialize_hosts or a smaller max_rcpt on the transport) and read the reply \
                    text — providers often link to a page explaining the limit.
                    """)),
        ReplyCodeRecord(
            432, "Password Transition Needed",
            summary: "The user must change the password before logging in this way",
            meaning: """
                RFC 4954's "432 4.7.12 A password transition is needed": the account exists and \
                the credentials were recognised, but the user must change the password (for \
                example so that the server can store the form a newer mechanism needs) before \
                authenticating this way.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Practically never from Postfix or Exim: they pass on what the SASL back end \
                    (Dovecot, Cyrus saslauthd) decides, and those report plain failures. A 432 from \
                    our side comes from a custom authentication service.
                    """,
                fix: """
                    Have the user change the password through the account system (webmail, an \
                    identity portal), then log in again.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our server logs in to a relay host whose account system demands a new \
                    password. Postfix defers the mail with "SASL authentication failed" \
                    (smtp_sasl_auth_soft_bounce = yes is the default); Exim logs the authenticator \
                    failure and defers when hosts_require_auth covers the host.
                    """,
                fix: """
                    Log in to the provider's account interactively, change the password, and put \
                    the new one in smtp_sasl_password_maps (run postmap on the file, then postfix \
                    reload) or in Exim's client authenticator. Then retry the queue with \
                    postqueue -f or exim -qff.
                    """)),
        ReplyCodeRecord(
            450, "Mailbox Unavailable (Temporary)",
            summary: "Sender or recipient refused for now; retry later",
            meaning: """
                The requested action was not taken because the mailbox is unavailable for now: \
                busy, temporarily blocked by policy, or not verifiable at the moment. It is a \
                temporary refusal, so the client keeps the message and retries.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    On RCPT or MAIL when one of our checks defers: greylisting ("Recipient address \
                    rejected: Greylisted" from postgrey or a similar policy service), Postfix \
                    reject_unknown_sender_domain or reject_unknown_client_hostname when DNS does not \
                    answer or the name does not resolve (unknown_address_reject_code and \
                    unknown_client_reject_code are 450 by default), reject_unverified_recipient \
                    while address verification is pending, defer_if_permit, and "450 4.7.1 Error: \
                    too much mail from <ip>" (smtpd_client_message_rate_limit). Exim answers 450 \
                    only when an ACL's message sets it; its defer verb answers 451.
                    """,
                fix: """
                    Usually nothing: real senders retry and get through (greylisting lets them in \
                    on a later attempt). If one sender keeps getting 450, read which check the \
                    reply names: fix DNS for the reject_unknown_* checks, whitelist a sender that \
                    never retries (check_client_access), or make a check you trust answer 5xx \
                    permanently (unknown_address_reject_code = 550).
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote server greylists us or temporarily refuses a recipient: Postfix \
                    logs "host X said: 450 ... (in reply to RCPT TO command)" with status=deferred, \
                    Exim a == deferral with the remote text.
                    """,
                fix: """
                    Nothing to do for greylisting: the retry succeeds (Postfix retries after \
                    minimal_backoff_time, Exim follows its retry rules). If a destination keeps \
                    deferring for hours, read the reply text (reputation, missing reverse DNS, \
                    rate) and fix the cause on our side.
                    """)),
        ReplyCodeRecord(
            451, "Local Error in Processing",
            summary: "Server-side error; the action was aborted, retry later",
            meaning: """
                The requested action was aborted because of a local error on the server: a \
                failed table lookup, an unwritable queue, a content filter that did not answer, \
                or a configuration mistake. The client keeps the message and retries.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    When our server has a problem. Postfix: "451 4.3.0 <addr>: Temporary lookup \
                    failure" (a map in MySQL, LDAP or a file could not be read), "451 4.3.5 Server \
                    configuration error", "451 4.3.0 Error: queue file write error" (disk full, or \
                    a content filter or milter failing). Exim: "451 Temporary local problem - \
                    please try later" and every defer in an ACL, which is also how Exim setups \
                    greylist and report failed callouts. A warning or error line from the same \
                    process usually comes right before it.
                    """,
                fix: """
                    Fix our side: look just above the reply for "warning:" or "fatal:" lines \
                    (Postfix) or in Exim's mainlog and paniclog. Typical causes: a database that \
                    is down, a map file whose .db is missing (run postmap), wrong permissions, a \
                    content filter (amavis, a milter) not answering, a full disk. Senders retry, so \
                    mail is delayed, not lost, until their retry period ends.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When the remote server has a local problem, or greylists with 451 (common for \
                    Exim-based receivers). Postfix logs it with status=deferred, Exim with a == \
                    line.
                    """,
                fix: """
                    Nothing on our side; the message is retried. If one destination answers 451 \
                    for many hours, tell its postmaster — the reply text usually says what broke.
                    """)),
        ReplyCodeRecord(
            452, "Insufficient System Storage",
            summary: "Server out of space, or too many recipients; retry later",
            meaning: """
                The requested action was not taken because the server lacks storage right now. \
                Servers also answer 452 to RCPT when a transaction has too many recipients, asking \
                the client to send the rest in another transaction.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "452 4.3.1 Insufficient system storage" when free space in the queue \
                    file system is below queue_minfree or 1.5 times message_size_limit, and "452 \
                    4.5.3 Error: too many recipients" beyond smtpd_recipient_limit. Exim: "452 Space \
                    shortage, please try later" (check_spool_space, check_spool_inodes) and "452 \
                    too many recipients" (recipients_max when recipients_max_reject is false).
                    """,
                fix: """
                    For storage: free space in the queue file system (/var/spool/postfix, \
                    /var/spool/exim4), find what filled it (often a mail loop or a stuck queue) and \
                    check inodes too (df -i). For recipient limits: nothing, unless legitimate \
                    clients send to large lists — then raise smtpd_recipient_limit or recipients_max.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When the remote server is short of space or limits recipients per \
                    transaction; Postfix then sends the remaining recipients in a new transaction \
                    and logs the deferred ones with the remote text. Some providers use \
                    "452 4.2.2" for a full mailbox.
                    """,
                fix: """
                    For recipient limits nothing (lower smtp_destination_recipient_limit in \
                    Postfix or max_rcpt in Exim if a destination insists). For storage the retry \
                    usually succeeds; a mailbox that stays over quota ends in a bounce, and only \
                    the recipient can clear it.
                    """)),
        ReplyCodeRecord(
            454, "Temporary Authentication or TLS Failure",
            summary: "TLS or authentication temporarily unavailable (Postfix: also relay deferral)",
            meaning: """
                A security step failed for now: RFC 3207 uses it for "TLS not available due to \
                temporary reason" and RFC 4954 for "Temporary authentication failure". Postfix \
                also answers 454 when defer_unauth_destination refuses a relay attempt.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "454 4.7.0 TLS not available due to local problem" (certificate or \
                    key unreadable: check smtpd_tls_cert_file and smtpd_tls_key_file), "454 4.7.0 \
                    Temporary authentication failure" (the SASL back end, such as the Dovecot auth \
                    socket or saslauthd, did not answer), and "454 4.7.1 <addr>: Relay access \
                    denied" when the default smtpd_relay_restrictions (permit_mynetworks, \
                    permit_sasl_authenticated, defer_unauth_destination) refuse a client that is \
                    not in mynetworks and did not log in. Exim: "454 TLS currently unavailable".
                    """,
                fix: """
                    TLS: fix the certificate and key paths and permissions; Postfix logs the reason \
                    in a warning just before, Exim on the mainlog. Authentication: make sure the \
                    auth daemon runs and that smtpd_sasl_path points at its socket. Relay denial: \
                    if the client is ours, add its network to mynetworks or have it authenticate; \
                    otherwise it is a relay probe and the refusal is right (reject_unauth_destination \
                    makes it permanent).
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our server tries STARTTLS or AUTH at a remote server that has a temporary \
                    problem. With smtp_tls_security_level = may Postfix continues without TLS; with \
                    encrypt or verify it defers. Exim defers when hosts_require_tls or \
                    hosts_require_auth covers the host.
                    """,
                fix: """
                    Usually transient: the message is retried. If a relay host keeps answering 454 \
                    to AUTH, its authentication service is down — contact the provider. If it \
                    answers STARTTLS with 454, check whether we require TLS for it \
                    (smtp_tls_policy_maps, Exim hosts_require_tls) and whether that is intended.
                    """)),
        ReplyCodeRecord(
            455, "Server Unable to Accommodate Parameters",
            summary: "MAIL FROM or RCPT TO parameters cannot be honoured now",
            meaning: """
                RFC 5321: the server recognised the parameters given with MAIL FROM or RCPT TO \
                (such as SIZE or a DSN option) but cannot accommodate them at the moment. \
                Retrying later, or without the parameter, may work.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Not sent by stock Postfix or Exim: they refuse unknown parameters permanently \
                    (Postfix "555 5.5.4 Unsupported option: ...") and a too-large SIZE with 552. A \
                    455 from our side comes from a milter, proxy or policy service.
                    """,
                fix: """
                    Find the component that sent it (the reply text usually names it) and check \
                    the parameter it disliked.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote server cannot honour a parameter our MTA sent, such as SIZE or a \
                    DSN option; the delivery is deferred and retried.
                    """,
                fix: """
                    Normally nothing: the retry usually succeeds. If it persists for one \
                    destination, stop using that extension with it (Postfix \
                    smtp_discard_ehlo_keyword_address_maps, Exim's hosts_avoid_* transport options) \
                    and tell the remote administrator.
                    """)),
    ]
}
