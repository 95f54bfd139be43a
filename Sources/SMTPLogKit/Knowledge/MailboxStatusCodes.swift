/// X.2.x, mailbox: the address is right but the mailbox behind it cannot take the message.
/// These need the recipient's action, not the sender's, which is worth saying in a bounce.
extension EnhancedStatusRecord {
    static let mailbox: [EnhancedStatusRecord] = [
        EnhancedStatusRecord(
            2, 0, "Other or Undefined Mailbox Status",
            summary: "Mailbox problem without a more precise detail",
            meaning: """
                The mailbox exists but something about it prevented delivery, and no more precise \
                mailbox detail applies.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    Some greylisting policy services answer with 4.2.0. Our own delivery agents \
                    use it on their delivery lines rather than in replies: Postfix's local \
                    delivery agent writes dsn=4.2.0 when a mailbox is temporarily locked or \
                    unwritable and 5.2.0 when it cannot create the user's output file.
                    """,
                fix: """
                    For local delivery errors, read the "cannot update mailbox" or "cannot open \
                    file" text on the delivery line: permissions on /var/mail or the Maildir, \
                    stale lock files, or a full file system.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote reports an unspecified mailbox problem; the reply text says \
                    more.
                    """,
                fix: "Read the reply text; if it persists, contact the recipient another way.")),
        EnhancedStatusRecord(
            2, 1, "Mailbox Disabled, Not Accepting Messages",
            summary: "Mailbox exists but is disabled",
            meaning: """
                The mailbox exists but is disabled and does not accept messages, for example a \
                suspended or deactivated account.
                """,
            classes: [.transientNegative, .permanentNegative], with: [550],
            inbound: DirectionalAdvice(
                seen: """
                    When our recipient checks reject a suspended account: typically a rule in \
                    check_recipient_access or a virtual-mailbox lookup that returns "550 5.2.1 \
                    Mailbox disabled", or an Exim ACL doing the same.
                    """,
                fix: """
                    Intended if the account was closed. If the user should receive mail again, \
                    remove the block entry and run postmap.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote reports that our recipient's account is disabled or closed; \
                    Postfix logs status=bounced.
                    """,
                fix: "Nothing to fix on our side; reach the recipient another way and update the address.")),
        EnhancedStatusRecord(
            2, 2, "Mailbox Full",
            summary: "Recipient's mailbox is over its quota",
            meaning: """
                The recipient's mailbox has reached its storage limit (quota). Only the \
                recipient can change that, by deleting mail or getting a larger quota.
                """,
            classes: [.transientNegative, .permanentNegative], with: [452, 552],
            inbound: DirectionalAdvice(
                seen: """
                    When our server refuses mail for a full mailbox at RCPT time: a quota policy \
                    service such as Dovecot's quota-status (called with check_policy_service) \
                    answers "552 5.2.2 Mailbox is full" or a 452 4.2.2, and Postfix passes that on \
                    to the client. Without such a check the mail is accepted and fails later, at \
                    delivery.
                    """,
                fix: """
                    The user must delete or archive mail, or get a larger quota. Refusing at RCPT \
                    time is better than accepting and bouncing later: the sending server tells its \
                    user, and no bounce goes to a possibly forged sender.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When the server that holds the mailbox refuses: a remote MX, for example \
                    Gmail's "452-4.2.2 The email account that you tried to reach is over quota", \
                    or our own Dovecot behind LMTP ("552 5.2.2 <user> Quota exceeded (mailbox for \
                    user is full)" on Postfix's lmtp delivery lines). Postfix's local delivery \
                    agent writes dsn=5.2.2 when mailbox_size_limit is reached ("cannot update \
                    mailbox ... File too large"). As 4.2.2 the message waits in our queue; as \
                    5.2.2 it bounces.
                    """,
                fix: """
                    For a remote recipient nothing on our side; tell the sender that the recipient \
                    must make room. For our own users: more quota or less mail, keep \
                    mailbox_size_limit above the quota for mbox files, and consider Dovecot's \
                    quota_full_tempfail = yes so that senders retry instead of bouncing.
                    """)),
        EnhancedStatusRecord(
            2, 3, "Message Length Exceeds Administrative Limit",
            summary: "Message bigger than this mailbox or recipient may receive",
            meaning: """
                The message is larger than a per-mailbox or per-recipient administrative limit, \
                which can be lower than the system-wide limit (X.3.4).
                """,
            classes: [.permanentNegative], with: [552],
            inbound: DirectionalAdvice(
                seen: """
                    When a per-user size rule rejects a message, for example a Dovecot or Sieve \
                    quota rule or a per-recipient restriction in an Exim ACL. Postfix's global \
                    message_size_limit reports 5.3.4 instead.
                    """,
                fix: "Raise the user's limit if the mail is legitimate, or ask the sender to send a link instead."),
            outbound: DirectionalAdvice(
                seen: "When a remote mailbox has a size limit lower than our message.",
                fix: "The sender must send a smaller message or share the file by link.")),
        EnhancedStatusRecord(
            2, 4, "Mailing List Expansion Problem",
            summary: "Recipient is a mailing list that could not be expanded",
            meaning: """
                The recipient is a mailing list or alias with several members, and the list could \
                not be expanded (a broken list definition or an unreachable list server).
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    When one of our aliases or lists cannot be expanded: an include file that \
                    cannot be read (":include:/path" in aliases), a list manager that fails, or an \
                    Exim redirect router that defers.
                    """,
                fix: """
                    Check the alias or list definition and the permissions of included files; run \
                    newaliases after editing /etc/aliases.
                    """),
            outbound: DirectionalAdvice(
                seen: "When a remote list server cannot expand the list we sent to.",
                fix: "Nothing on our side; inform the list owner.")),
    ]
}
