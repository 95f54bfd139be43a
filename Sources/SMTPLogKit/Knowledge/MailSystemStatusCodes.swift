/// X.3.x, mail system: the receiving system itself, not the address or the mailbox, is the
/// obstacle — full disks, size limits, configuration mistakes.
extension EnhancedStatusRecord {
    static let mailSystem: [EnhancedStatusRecord] = [
        EnhancedStatusRecord(
            3, 0, "Other or Undefined Mail System Status",
            summary: "Mail system problem without a more precise detail",
            meaning: """
                The destination mail system has a problem that prevents delivery, and no more \
                precise detail applies.
                """,
            classes: [.transientNegative, .permanentNegative], with: [451],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix uses 4.3.0 for many local errors: "451 4.3.0 <addr>: Temporary lookup \
                    failure", "451 4.3.0 Error: queue file write error", "421 4.3.0 ... Server \
                    local data error", and on delivery lines for table lookup failures; 5.3.0 for \
                    failed pipe deliveries (a mailbox command that exited with an error).
                    """,
                fix: """
                    Look for the warning logged just before: an unreachable database behind a \
                    map, a content filter that is down, a full disk, or a delivery command \
                    (procmail, a script) that fails.
                    """),
            outbound: DirectionalAdvice(
                seen: "When the remote mail system reports an internal problem; usually temporary.",
                fix: "Nothing on our side; if it persists for a day, contact the remote postmaster.")),
        EnhancedStatusRecord(
            3, 1, "Mail System Full",
            summary: "Receiving system out of disk space",
            meaning: """
                The receiving mail system has run out of storage for queued mail (as opposed to \
                one user's mailbox being full, X.2.2).
                """,
            classes: [.transientNegative, .permanentNegative], with: [452],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "452 4.3.1 Insufficient system storage" when the queue file system \
                    has less free space than queue_minfree or 1.5 times message_size_limit; Exim \
                    answers "452 Space shortage, please try later" for the same reason.
                    """,
                fix: """
                    Free disk space in the spool (/var/spool/postfix, /var/spool/exim4) and find \
                    what filled it: a deferred queue grown by a mail loop or a spam run (postqueue \
                    -p, exim -bpc), big log files, or inodes (df -i).
                    """),
            outbound: DirectionalAdvice(
                seen: "When the remote server is out of disk space; the message stays in our queue.",
                fix: "Nothing on our side; the retry usually succeeds once the remote has room.")),
        EnhancedStatusRecord(
            3, 2, "System Not Accepting Network Messages",
            summary: "Receiving system is not accepting mail right now",
            meaning: """
                The destination system is not accepting network messages at the moment, for \
                example during maintenance, at capacity, or for this particular client.
                """,
            classes: [.transientNegative, .permanentNegative], with: [421, 521],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix postscreen: "421 4.3.2 All server ports are busy" when every smtpd \
                    process is in use, and "521 5.3.2 Service currently unavailable" or "550 5.3.2 \
                    ..." for clients denied by postscreen_access_list.
                    """,
                fix: """
                    For "ports are busy": raise the smtpd process limit in master.cf (or \
                    default_process_limit) if the machine has capacity, and find what keeps \
                    sessions open (slow content filters, slow DNS). For denylisted clients \
                    nothing, unless the entry is wrong.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When the remote refuses connections for now, often right in its greeting \
                    ("refused to talk to me: 421 4.3.2 ...").
                    """,
                fix: "Nothing on our side as 4.3.2; as 5.3.2 the remote has excluded us — read its text.")),
        EnhancedStatusRecord(
            3, 3, "System Not Capable of Selected Features",
            summary: "Receiving system lacks a feature the message requires",
            meaning: """
                The message asks for a feature the destination system does not support, such \
                as a delivery option or content type it cannot handle.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    Seldom from Postfix or Exim; it comes from gateways (fax, pager, groupware) \
                    behind the MTA that cannot handle a requested option.
                    """,
                fix: "Find which component produced it from the reply text and check the option it refused."),
            outbound: DirectionalAdvice(
                seen: "When a remote gateway cannot provide a feature our message requested.",
                fix: "The sender must send the message without that feature, or to another destination.")),
        EnhancedStatusRecord(
            3, 4, "Message Too Big for System",
            summary: "Message larger than the system accepts",
            meaning: """
                The message is larger than the receiving system's fixed size limit for any \
                message.
                """,
            classes: [.permanentNegative], with: [552],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "552 5.3.4 Message size exceeds fixed limit" (message_size_limit, \
                    default 10240000 bytes), checked at MAIL FROM when the client announces SIZE \
                    and again at the end of DATA. Exim: "552 Message size exceeds maximum \
                    permitted" (message_size_limit).
                    """,
                fix: """
                    Raise message_size_limit if larger messages are legitimate (remember that \
                    base64 attachments grow by about a third), keeping mailbox_size_limit at least \
                    as large in Postfix.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our message exceeds the remote's limit; Postfix logs status=bounced with \
                    "552 5.3.4 ...". The limit is announced on the SIZE line of the remote's EHLO \
                    reply.
                    """,
                fix: "The sender must send a smaller message, or share the file by link.")),
        EnhancedStatusRecord(
            3, 5, "System Incorrectly Configured",
            summary: "Receiving system is misconfigured",
            meaning: """
                The destination system is configured in a way that prevents delivery. It is a \
                fault of the receiving side, not of the message.
                """,
            classes: [.transientNegative, .permanentNegative], with: [451],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "451 4.3.5 Server configuration error" to clients (a restriction \
                    refers to a missing map or an unknown setting) and "mail system configuration \
                    error" with dsn=4.3.5 or 5.3.5 on delivery lines; a "fatal:" or "error:" line \
                    in the log names the setting.
                    """,
                fix: """
                    Run postfix check and read the fatal or warning lines; typical causes are a \
                    map in main.cf that does not exist or was never postmap'ed, a typo in a \
                    restriction name, or a transport in master.cf that is missing. Exim: run exim \
                    -bV and look at the paniclog.
                    """),
            outbound: DirectionalAdvice(
                seen: "When the remote admits a configuration error on its side.",
                fix: "Nothing on our side; contact the remote postmaster with the reply text.")),
        EnhancedStatusRecord(
            3, 6, "Requested Priority Was Changed",
            summary: "Accepted, but at a different priority than requested",
            meaning: """
                RFC 6710 (MT-PRIORITY): the message was accepted, but the server changed the \
                priority the client asked for.
                """,
            classes: [.positiveCompletion],
            inbound: DirectionalAdvice(
                seen: """
                    Only with the MT-PRIORITY extension, which neither Postfix nor Exim implement; \
                    it comes from specialised MTAs.
                    """,
                fix: "Nothing to fix; the message was accepted."),
            outbound: DirectionalAdvice(
                seen: "Only if a remote implements MT-PRIORITY and we requested a priority.",
                fix: "Nothing to fix; the message was accepted.")),
    ]
}
