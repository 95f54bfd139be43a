/// X.5.x, mail delivery protocol: the SMTP conversation itself went wrong. On the inbound
/// side these mostly mark bots and broken scripts; outbound they point at middleboxes.
extension EnhancedStatusRecord {
    static let mailProtocol: [EnhancedStatusRecord] = [
        EnhancedStatusRecord(
            5, 0, "Other or Undefined Protocol Status",
            summary: "SMTP protocol problem without a more precise detail",
            meaning: """
                Something went wrong in the SMTP conversation, and no more precise protocol \
                detail applies.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "503 5.5.0 ..." when a client breaks the command order in ways the \
                    specific messages do not cover, and "554 5.5.0 Error: SMTP protocol \
                    synchronization" for clients that talk out of turn.
                    """,
                fix: "Nothing for bots; for a real client, trace the session and fix the client."),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote complains about our side of the conversation without saying \
                    what; Postfix also uses 5.5.0 for "remote error in protocol" from delivery \
                    commands.
                    """,
                fix: "Read the reply text and check for a middlebox between us and the remote.")),
        EnhancedStatusRecord(
            5, 1, "Invalid Command",
            summary: "Command not valid here: unknown, disabled or out of sequence",
            meaning: """
                The command is not valid in this context: unknown, disabled, or sent at the \
                wrong point of the session.
                """,
            classes: [.permanentNegative], with: [502, 503],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "503 5.5.1 Error: need MAIL command", "503 5.5.1 Error: need RCPT \
                    command", "503 5.5.1 Error: send HELO/EHLO first", "503 5.5.1 Error: \
                    authentication not enabled", "502 5.5.1 VRFY command is disabled", "554 5.5.1 \
                    Error: no valid recipients" at DATA.
                    """,
                fix: """
                    Mostly bots and scanners, nothing to fix. A real client that sees \
                    "authentication not enabled" must use the submission port.
                    """),
            outbound: DirectionalAdvice(
                seen: "When a remote rejects a command our MTA sent as out of place; rare, look for middleboxes.",
                fix: "Check for an SMTP-inspecting firewall; otherwise report it to the remote administrator.")),
        EnhancedStatusRecord(
            5, 2, "Syntax Error",
            summary: "Command could not be parsed",
            meaning: """
                The command could not be parsed: unknown verb, bad syntax, or a line that is \
                too long.
                """,
            classes: [.permanentNegative], with: [500, 501, 504],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "500 5.5.2 Error: command not recognized", "500 5.5.2 Error: bad \
                    syntax", "501 5.5.2 <name>: Helo command rejected: Invalid name", "504 5.5.2 \
                    ... need fully-qualified hostname". Scanners and web requests sent to port 25 \
                    cause most of the unrecognised commands.
                    """,
                fix: """
                    Nothing for scanners. For HELO rejections of real clients, configure them with a \
                    valid fully qualified name.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote cannot parse a command our MTA sent — usually a firewall that \
                    rewrote it (old Cisco inspection turns EHLO into XXXX) or a bad HELO name we \
                    sent.
                    """,
                fix: "Check smtp_helo_name or helo_data and any SMTP-inspecting firewall on the path.")),
        EnhancedStatusRecord(
            5, 3, "Too Many Recipients",
            summary: "More recipients than the server accepts per message",
            meaning: """
                The message has more recipients than the server accepts in one transaction. As \
                a temporary code it asks the client to send the rest in a new transaction.
                """,
            classes: [.transientNegative, .permanentNegative], with: [452],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "452 4.5.3 Error: too many recipients" beyond smtpd_recipient_limit \
                    (default 1000), and "550 5.5.3 ... Multi-recipient bounce" from \
                    reject_multi_recipient_bounce. Exim: "452 too many recipients" or "552 too \
                    many recipients" beyond recipients_max.
                    """,
                fix: """
                    Nothing for well-behaved clients: they send the remaining recipients again. \
                    Raise the limit only if a legitimate application cannot cope with it.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote limits recipients per transaction; Postfix delivers the rest in \
                    further transactions automatically.
                    """,
                fix: """
                    Nothing usually. If a destination insists on small batches, lower \
                    smtp_destination_recipient_limit for its transport (Postfix) or max_rcpt \
                    (Exim).
                    """)),
        EnhancedStatusRecord(
            5, 4, "Invalid Command Arguments",
            summary: "Command arguments are invalid",
            meaning: """
                The command was understood but its arguments are invalid: a bad MAIL FROM or \
                RCPT TO parameter, an unsupported option, a malformed AUTH request.
                """,
            classes: [.permanentNegative], with: [501, 504, 555],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "501 5.5.4 Syntax: MAIL FROM:<address>", "501 5.5.4 Syntax: RCPT \
                    TO:<address>", "501 5.5.4 Syntax: AUTH mechanism", "555 5.5.4 Unsupported \
                    option: ...", "504 5.5.4 Encryption required for requested authentication \
                    mechanism".
                    """,
                fix: """
                    For a real client, fix its command format or options; for AUTH before TLS, \
                    configure the client to use STARTTLS first.
                    """),
            outbound: DirectionalAdvice(
                seen: "When a remote rejects an argument or ESMTP parameter our MTA sent.",
                fix: """
                    Stop using the extension for that destination (Postfix \
                    smtp_discard_ehlo_keyword_address_maps; Exim hosts_avoid_* options) and report \
                    it to the remote administrator.
                    """)),
        EnhancedStatusRecord(
            5, 5, "Wrong Protocol Version",
            summary: "Protocol version mismatch",
            meaning: """
                The two systems do not speak compatible protocol versions, for example ESMTP \
                commands sent to a server that only understands plain SMTP.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    Practically never from Postfix or Exim, which accept both HELO and EHLO; it \
                    comes from old or special-purpose servers.
                    """,
                fix: "Nothing to fix on a modern MTA."),
            outbound: DirectionalAdvice(
                seen: "When an old remote server does not understand EHLO or the extensions we use.",
                fix: """
                    Postfix falls back to HELO when EHLO is refused; for a server that mishandles \
                    EHLO, give it a transport with smtp_never_send_ehlo = yes, or drop single \
                    extensions with smtp_discard_ehlo_keyword_address_maps. Exim: hosts_avoid_esmtp \
                    on the smtp transport.
                    """)),
        EnhancedStatusRecord(
            5, 6, "Authentication Exchange Line Is Too Long",
            summary: "AUTH data line longer than the server accepts",
            meaning: """
                RFC 4954: a line of the AUTH exchange (an initial response or an answer to a \
                334 challenge) is longer than the server accepts.
                """,
            classes: [.permanentNegative], with: [500],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "500 5.5.6 SASL response limit exceeded" when a client's AUTH data is \
                    longer than smtpd_sasl_response_limit (default 12288 bytes). Very long AUTH \
                    lines are typical of broken clients or attack tools.
                    """,
                fix: """
                    Nothing for attack tools. For a legitimate client that sends long OAuth \
                    tokens, raise smtpd_sasl_response_limit.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our client sends an AUTH line the relay host finds too long, for example \
                    a long token with the XOAUTH2 mechanism.
                    """,
                fix: "Use a mechanism with shorter responses, or ask the provider for its limits.")),
    ]
}
