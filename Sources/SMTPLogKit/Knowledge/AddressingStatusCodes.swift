/// X.1.x, addressing: the sender or recipient address itself is the problem. These are the
/// codes behind "user unknown" and "domain not found", the most frequent refusals of all.
extension EnhancedStatusRecord {
    static let addressing: [EnhancedStatusRecord] = [
        EnhancedStatusRecord(
            1, 0, "Other Address Status",
            summary: "Something about an address; no more precise detail",
            meaning: """
                Something about the sender or recipient address caused this status, and no more \
                precise addressing detail applies. As 2.1.0 it is the usual "sender OK" after \
                MAIL FROM.
                """,
            classes: [.positiveCompletion, .transientNegative, .permanentNegative], with: [250],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix answers every accepted MAIL FROM with "250 2.1.0 Ok". As a failure, \
                    Postfix uses 5.1.0 when a sender address in one of our own domains does not \
                    exist ("Sender address rejected: User unknown in local recipient table", with \
                    reject_unlisted_sender or smtpd_reject_unlisted_sender = yes).
                    """,
                fix: """
                    Nothing for 2.1.0. For rejected senders claiming our domain: if the address is \
                    real, add it to the recipient maps; if not, the refusal stops forged senders \
                    and is right.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote server accepts our sender (2.1.0, rarely logged) or refuses an \
                    address without saying which part is wrong. Postfix also writes dsn=5.1.0 when \
                    it bounces mail for a domain with a null MX.
                    """,
                fix: """
                    Read the reply text to tell whether the sender or the recipient was refused; \
                    check the address for typos and the domain's DNS (dig MX).
                    """)),
        EnhancedStatusRecord(
            1, 1, "Bad Destination Mailbox Address",
            summary: "Recipient mailbox does not exist",
            meaning: """
                The mailbox part of the recipient address (the part before the @) does not exist \
                at the destination: the domain is right, the user is not.
                """,
            classes: [.transientNegative, .permanentNegative], with: [450, 550],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "550 5.1.1 <addr>: Recipient address rejected: User unknown in local \
                    recipient table" (local_recipient_maps), "... in virtual mailbox table", "... in \
                    virtual alias table", "... in relay recipient table"; "450 4.1.1 ... \
                    unverified address" while reject_unverified_recipient waits for a probe. Exim: \
                    "550 Unrouteable address" from require verify = recipient. Hundreds from one \
                    client are a directory-harvest attack.
                    """,
                fix: """
                    If the user should exist, add the address or an alias (virtual_alias_maps, \
                    /etc/aliases then newaliases, an Exim redirect router) and run postmap on \
                    changed maps. Otherwise nothing: the sender has a typo or an outdated address. \
                    Harvesting clients can be limited with smtpd_hard_error_limit or blocked.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When the remote says our recipient does not exist, for example Gmail's \
                    "550-5.1.1 The email account that you tried to reach does not exist". Postfix \
                    logs status=bounced, Exim a ** line, and a bounce goes to the sender.
                    """,
                fix: """
                    Nothing to fix on the server. The sender must check the address (typos, a \
                    person who left the company); mailing lists should remove addresses that \
                    bounce with 5.1.1.
                    """)),
        EnhancedStatusRecord(
            1, 2, "Bad Destination System Address",
            summary: "Recipient domain does not exist or cannot receive mail",
            meaning: """
                The destination system named in the recipient address (the part after the @) \
                does not exist or cannot accept mail: the domain is unknown in DNS or not a mail \
                destination.
                """,
            classes: [.transientNegative, .permanentNegative], with: [450],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix reject_unknown_recipient_domain: "450 4.1.2 <addr>: Recipient address \
                    rejected: Domain not found" (unknown_address_reject_code is 450 by default, \
                    and a DNS timeout is always temporary). Exim refuses such recipients with 550 \
                    "Unrouteable address" when it verifies them.
                    """,
                fix: """
                    Usually correct: the sender mistyped the domain. If a real domain is refused, \
                    check our resolver (a broken local DNS cache makes every domain look unknown).
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote relay or smarthost refuses a recipient domain it cannot resolve. \
                    For domains that do not exist at all, Postfix decides by itself and logs "Host \
                    or domain name not found" with dsn=5.4.4 instead.
                    """,
                fix: """
                    Check the domain with dig MX and dig A; if it really does not exist, the \
                    sender must correct the address.
                    """)),
        EnhancedStatusRecord(
            1, 3, "Bad Destination Mailbox Address Syntax",
            summary: "Recipient address is syntactically invalid",
            meaning: """
                The recipient address is not a valid address at all: missing or doubled @, \
                illegal characters, unbalanced brackets or quotes.
                """,
            classes: [.permanentNegative], with: [501],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "501 5.1.3 Bad recipient address syntax" on RCPT TO; Exim: "501 ...: \
                    recipient address must contain a domain" and similar. Broken scripts and spam \
                    bots are the usual senders.
                    """,
                fix: """
                    Nothing for bots. For a real client, fix the application that builds the \
                    address (often a form that passes user input unchecked).
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote refuses a recipient address our queue holds as syntactically \
                    invalid, usually because an application on our side generated it.
                    """,
                fix: """
                    Find the application that submitted the message (the client= or U= fields of \
                    the arrival line) and fix how it builds addresses.
                    """)),
        EnhancedStatusRecord(
            1, 4, "Destination Mailbox Address Ambiguous",
            summary: "Recipient address matches more than one mailbox",
            meaning: """
                The recipient address is valid in form but matches more than one mailbox at the \
                destination, so the server cannot pick one.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    Not produced by Postfix or Exim, which map an address to exactly one target \
                    (or to all targets of an alias). It comes from directory-driven systems that \
                    search by name, such as a gateway to a groupware server.
                    """,
                fix: """
                    Make the directory entries unique, or give the affected users distinct \
                    addresses.
                    """),
            outbound: DirectionalAdvice(
                seen: "When a remote directory-based system cannot decide which mailbox we mean.",
                fix: "The sender must use a more specific address; ask the recipient for it.")),
        EnhancedStatusRecord(
            1, 5, "Destination Address Valid",
            summary: "Recipient accepted",
            meaning: """
                The recipient address is valid and was accepted. It is the success code after \
                RCPT TO.
                """,
            classes: [.positiveCompletion], with: [250],
            inbound: DirectionalAdvice(
                seen: """
                    On every accepted RCPT TO: Postfix "250 2.1.5 Ok". Postfix does not log \
                    accepted recipients at RCPT time; they appear later on the delivery lines.
                    """,
                fix: "Nothing to fix; the recipient was accepted."),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote accepts our recipient; visible in session traces and in Exim \
                    callout debugging, not on ordinary delivery lines.
                    """,
                fix: "Nothing to fix; the remote accepted the recipient.")),
        EnhancedStatusRecord(
            1, 6, "Destination Mailbox Has Moved, No Forwarding Address",
            summary: "Recipient has moved; mail is not forwarded",
            meaning: """
                The recipient's mailbox has moved and the server does not forward mail to the \
                new location. The reply text may name the new address.
                """,
            classes: [.permanentNegative], with: [550, 551],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix relocated_maps: "550 5.1.6 <addr>: Recipient address rejected: User \
                    has moved to <new address>".
                    """,
                fix: """
                    Nothing to fix if the user really moved; keep the relocated_maps entry for a \
                    while so that senders learn the new address, then remove it.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When the remote says our recipient has moved; Postfix logs status=bounced with \
                    the remote text, which often includes the new address.
                    """,
                fix: "Resend to the new address if the reply gives one, and update the address book or list.")),
        EnhancedStatusRecord(
            1, 7, "Bad Sender's Mailbox Address Syntax",
            summary: "Sender address is syntactically invalid",
            meaning: """
                The sender address given in MAIL FROM is not a valid address: missing @, illegal \
                characters, unbalanced brackets.
                """,
            classes: [.permanentNegative], with: [501],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "501 5.1.7 Bad sender address syntax"; Exim: "501 ...: sender address \
                    must contain a domain" and similar. Usually a misconfigured application or a \
                    spam bot.
                    """,
                fix: """
                    Fix the sending application so it uses a complete address (user@example.com) \
                    in angle brackets.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote refuses the envelope sender of our message as malformed — often \
                    an unqualified sender such as "root" or "www-data" from a local program.
                    """,
                fix: """
                    Make local senders fully qualified: Postfix appends myorigin to bare names \
                    (check myorigin and append_at_myorigin); Exim qualifies them with \
                    qualify_domain. Fix applications that set a broken sender with -f.
                    """)),
        EnhancedStatusRecord(
            1, 8, "Bad Sender's System Address",
            summary: "Sender domain does not exist or cannot receive mail",
            meaning: """
                The domain of the sender address does not exist or cannot receive mail, so \
                replies and bounces to the sender could not be delivered.
                """,
            classes: [.transientNegative, .permanentNegative], with: [450],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix reject_unknown_sender_domain: "450 4.1.8 <addr>: Sender address \
                    rejected: Domain not found" (450 by default through unknown_address_reject_code; \
                    550 if you set it). Exim: sender verification (require verify = sender) fails \
                    with "Sender verify failed".
                    """,
                fix: """
                    Usually correct, it stops forged senders. If a legitimate sender's domain is \
                    refused, check its DNS (dig MX, dig A) and our resolver; exempt the sender with \
                    check_sender_access only while its owner repairs its DNS.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote refuses our envelope sender because its domain does not resolve \
                    — typically mail from a host that uses an internal name (server.local) as its \
                    sender domain.
                    """,
                fix: """
                    Give outgoing mail a sender in a real, public domain: set myorigin (Postfix) \
                    or qualify_domain (Exim), or rewrite internal senders with smtp_generic_maps.
                    """)),
        EnhancedStatusRecord(
            1, 9, "Message Relayed to Non-Compliant Mailer",
            summary: "Delivered onward to a system that cannot return delivery reports",
            meaning: """
                RFC 3886: the message was relayed to a system that does not support delivery \
                status notifications, so no further success or failure report will come.
                """,
            classes: [.positiveCompletion],
            inbound: DirectionalAdvice(
                seen: """
                    Hardly ever in an SMTP reply; it belongs in delivery status notifications \
                    ("relayed" reports). Postfix and Exim express the same situation with a \
                    "relayed" DSN action rather than this code.
                    """,
                fix: "Nothing to fix; it describes a normal relay."),
            outbound: DirectionalAdvice(
                seen: """
                    In a delivery report we received for a message sent with NOTIFY=SUCCESS, when \
                    a downstream system could not promise further reports.
                    """,
                fix: "Nothing to fix; just do not expect a final delivery confirmation.")),
        EnhancedStatusRecord(
            1, 10, "Recipient Address Has Null MX",
            summary: "Recipient domain publishes a null MX: it accepts no mail",
            meaning: """
                RFC 7505: the recipient's domain publishes a null MX record ("MX 0 ."), declaring \
                that it receives no mail. Delivery is impossible.
                """,
            classes: [.permanentNegative], with: [556],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix reject_unknown_recipient_domain: "556 5.1.10 <addr>: Recipient address \
                    rejected: Domain ... does not accept mail (nullMX)".
                    """,
                fix: "Nothing to fix; the domain owner has declared it takes no mail."),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote relay refuses a recipient in a null-MX domain. Postfix's own \
                    delivery agent bounces such mail before connecting anywhere, with dsn=5.1.0.
                    """,
                fix: "Tell the sender the address cannot receive mail; correct it if it is a typo.")),
    ]
}
