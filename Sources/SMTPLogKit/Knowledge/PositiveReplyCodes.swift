/// The 2xx and 3xx replies: nothing went wrong, but administrators still meet them, as the
/// last step before a failure, as proof of a login, or as the code a session trace shows.
extension ReplyCodeRecord {
    static let positive: [ReplyCodeRecord] = [
        ReplyCodeRecord(
            211, "System Status",
            summary: "System status or help reply to a status query",
            meaning: """
                A reply to a request for system status or help (RFC 5321). It carries information \
                for a person reading the session and changes nothing: no transaction is started or \
                refused by it.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Almost never in a log. Neither Postfix nor Exim answers with 211 in normal \
                    operation (Exim and recent Postfix answer HELP with 214), so a 211 attributed to our \
                    server usually \
                    comes from a proxy, load balancer or filter answering in its place.
                    """,
                fix: """
                    Nothing to fix. If the reply is unexpected, check which program really listens \
                    on the port (ss -ltnp) and whether a front end answers before the MTA.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    Only when a person or a monitoring tool sent a status or HELP request to a \
                    remote server. Postfix's and Exim's delivery agents never ask for it, so it does \
                    not appear on delivery lines.
                    """,
                fix: "Nothing to fix; it is informational.")),
        ReplyCodeRecord(
            214, "Help Message",
            summary: "Answer to HELP, meant for a person",
            meaning: """
                The answer to the HELP command: a list of supported commands or a pointer to \
                documentation, meant for a person typing at the server. It has no effect on mail.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    When a client sends HELP. Recent Postfix answers "214 2.0.0 Commands: ..." and \
                    Exim "214-Commands supported: ...". Real mail clients never send HELP; it comes \
                    from people testing with telnet or openssl s_client, and from scanners \
                    fingerprinting the server.
                    """,
                fix: """
                    Nothing to fix. A burst of HELP from one address is a scan; treat it like \
                    other probing if it continues.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    Only in a manual session or a test tool; Postfix and Exim never send HELP when \
                    delivering.
                    """,
                fix: "Nothing to fix; it only answers a person's question.")),
        ReplyCodeRecord(
            220, "Service Ready",
            summary: "Greeting banner, or go-ahead for TLS after STARTTLS",
            meaning: """
                The server is ready. It is the greeting a server sends when a client connects, \
                and the answer to STARTTLS ("220 2.0.0 Ready to start TLS") that tells the client \
                to begin the TLS handshake.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Our server sends it on every accepted connection, built from Postfix's \
                    smtpd_banner (default "$myhostname ESMTP $mail_name") or Exim's smtp_banner, \
                    and again after each STARTTLS. Neither MTA logs it at normal verbosity; it shows \
                    in session traces (Postfix debug_peer_list, Exim's -d debug output). Postfix's \
                    postscreen first sends only "220-" and holds the rest of the banner back to \
                    catch clients that talk too early (the pregreet test).
                    """,
                fix: """
                    Nothing to fix. If clients connect but give up before the greeting, look for \
                    what delays it: slow reverse DNS lookups of the client, an overloaded server, \
                    postscreen's greet wait, or a firewall in between.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    At the start of every delivery, from the remote server. Postfix and Exim log it \
                    only when something else arrives instead: Postfix writes "host X refused to \
                    talk to me: 554 ..." and Exim "SMTP error from remote mail server after \
                    initial connection".
                    """,
                fix: """
                    Nothing to fix. If the greeting comes very slowly, the remote may be delaying \
                    on purpose (tarpitting) or checking our address; make sure our sending address \
                    has reverse DNS that matches its forward DNS and our HELO name.
                    """)),
        ReplyCodeRecord(
            221, "Service Closing Transmission Channel",
            summary: "Connection closed normally, usually after QUIT",
            meaning: """
                The server is closing the connection, normally in answer to QUIT (Postfix \
                "221 2.0.0 Bye", Exim "221 <host> closing connection"). Servers also send it when \
                they end a session themselves without an error.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    At the end of every session a client closes properly. Postfix records it \
                    indirectly: its "disconnect from ..." line counts quit=1. Postfix also ends \
                    sessions with "221 2.7.0 Error: I can break rules, too. Goodbye." when a client \
                    sends a forbidden command such as an HTTP request (smtpd_forbidden_commands) and \
                    logs "warning: non-SMTP command from ...".
                    """,
                fix: """
                    Nothing to fix. Sessions that end without QUIT ("lost connection after ...") \
                    and the non-SMTP command warnings are the lines worth looking at.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    After our delivery agent sends QUIT. Postfix keeps connections open for reuse \
                    (the connection cache) and closes them later, so a 221 rarely appears on a \
                    delivery line.
                    """,
                fix: "Nothing to fix; the session ended normally.")),
        ReplyCodeRecord(
            235, "Authentication Successful",
            summary: "AUTH succeeded; the session is authenticated",
            meaning: """
                The client has been successfully authenticated using the AUTH command (RFC 4954, \
                usually "235 2.7.0 Authentication successful"). The server will now accept mail \
                commands from this authenticated session, and typically grants it the right to \
                relay.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    After a client submitted valid credentials via the AUTH command (LOGIN, PLAIN, \
                    or another SASL mechanism), typically a mail program on the submission ports \
                    587 or 465. Postfix logs the login on the message's client= line as \
                    "sasl_method=PLAIN, sasl_username=alice"; Exim adds A=<authenticator>:<user> to \
                    the <= arrival line. An unfamiliar sasl_username, or one user logging in from \
                    many countries, can mean a stolen password.
                    """,
                fix: """
                    No fix needed — authentication succeeded. If you expected this but the client \
                    received a different code, double-check its username, password, and the \
                    authentication mechanism. If a login is followed by a burst of mail to many \
                    recipients, treat the account as compromised: change the password and look at \
                    what it sent.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our server logs in to a relay host or smarthost: Postfix with \
                    smtp_sasl_auth_enable = yes and a password from smtp_sasl_password_maps, Exim \
                    with a client authenticator and hosts_require_auth or hosts_try_auth on the smtp \
                    transport. Neither logs the 235 itself at normal verbosity; the successful \
                    delivery that follows is the evidence.
                    """,
                fix: """
                    No fix needed — our credentials were accepted. If you expected this but \
                    received a different code, double-check the username, password, and the \
                    authentication mechanism our client offered.
                    """)),
        ReplyCodeRecord(
            250, "OK",
            summary: "Requested action completed",
            meaning: """
                The requested mail action has been completed successfully. This is the most \
                common positive response in SMTP, returned after HELO/EHLO, MAIL FROM, RCPT TO, \
                and DATA completion, and for RSET and NOOP. At the end of DATA it means the server \
                has taken responsibility for delivering the message.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    After nearly every successful SMTP command — greeting, specifying sender, adding \
                    recipients, or completing message delivery. This is the standard success \
                    confirmation. The one that matters in logs is the answer after DATA: Postfix \
                    replies "250 2.0.0 Ok: queued as <queue id>" and logs that queue id with the \
                    client, Exim logs the message's <= arrival line.
                    """,
                fix: """
                    No fix needed — the command was accepted. If a command that should succeed \
                    returns a different code, check the command syntax and server policies \
                    (Postfix's smtpd_*_restrictions, Exim's ACLs).
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    On every successful delivery: Postfix writes status=sent followed by the remote \
                    reply, for example "(250 2.0.0 OK ...)", and Exim writes a => line whose C= \
                    field quotes the remote confirmation.
                    """,
                fix: """
                    No fix needed — the remote server accepted the message and is now responsible \
                    for it. If the recipient says it never arrived, give the remote administrator \
                    the reply text: it usually contains their queue id.
                    """)),
        ReplyCodeRecord(
            251, "User Not Local",
            summary: "Recipient not local; the server will forward it",
            meaning: """
                The recipient is not local to the server, but it will forward the message to the \
                specified forwarding address (RFC 5321: "251 User not local; will forward to \
                <forward-path>"). The server acts as a relay for this recipient and takes on \
                the delivery.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Rarely: Postfix and Exim do not send 251 on their own. When they forward mail \
                    (virtual_alias_maps, aliases, .forward files, Exim redirect routers) they answer \
                    250 and forward without saying so. A 251 from our side comes from a policy \
                    service, milter or front-end proxy.
                    """,
                fix: """
                    No fix needed — the message will be forwarded automatically. If you would \
                    rather have senders use the new forwarding address themselves, reject with 551 \
                    and name the address instead.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When sending to a recipient whose mailbox is hosted on a different server. The \
                    current server knows the forwarding address and will relay the message on your \
                    behalf. Postfix and Exim treat it as success, so the delivery line looks like \
                    one for 250 (status=sent, or a => line).
                    """,
                fix: """
                    No fix needed — the message will be forwarded automatically. To avoid relaying, \
                    send directly to the address provided in the server's response, and update the \
                    address you hold for the recipient.
                    """)),
        ReplyCodeRecord(
            252, "Cannot Verify User",
            summary: "VRFY will not confirm the user, but mail will be tried",
            meaning: """
                The server will not confirm whether the address in a VRFY request exists, but it \
                will accept a message for it and attempt delivery. Servers answer this way so \
                that VRFY cannot be used to harvest valid addresses.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    When a client sends VRFY. Exim answers 252 ("Administrative prohibition") \
                    unless acl_smtp_vrfy accepts the request; Postfix answers "252 2.0.0 <address>" \
                    while VRFY is enabled and "502 5.5.1 VRFY command is disabled" with \
                    disable_vrfy_command = yes. Many VRFY commands from one client are an \
                    address-harvesting run.
                    """,
                fix: """
                    Nothing to fix. Set disable_vrfy_command = yes in Postfix (Exim refuses VRFY \
                    unless an ACL allows it) and block clients that keep probing.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    Only when something on our side probes addresses with VRFY, such as a \
                    verification script. Postfix's address verification and Exim's callouts use \
                    RCPT TO, not VRFY, so deliveries never show it.
                    """,
                fix: """
                    Nothing to fix, but a 252 proves nothing about the address. Check recipients \
                    with RCPT-based verification or a real delivery instead.
                    """)),
        ReplyCodeRecord(
            334, "Server Challenge",
            summary: "AUTH in progress; the server waits for the next credential line",
            meaning: """
                An intermediate reply in the AUTH exchange (RFC 4954): the server sends a base64 \
                challenge and waits for the client's answer. For the LOGIN mechanism \
                "VXNlcm5hbWU6" decodes to "Username:" and "UGFzc3dvcmQ6" to "Password:". Nothing \
                has been accepted or refused yet.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    During every multi-step login on our server. It surfaces in Postfix's log when \
                    the login fails: "SASL LOGIN authentication failed: UGFzc3dvcmQ6" means the \
                    client failed at the password prompt. Sessions that end right after a 334 \
                    ("lost connection after AUTH") are typical of password-guessing bots.
                    """,
                fix: """
                    Nothing to fix in itself. If many sessions stop after 334, treat them like \
                    failed logins (535): count them per client address and let fail2ban's \
                    postfix-sasl jail or a firewall block the guessers.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our server logs in to a relay host with a multi-step mechanism such as \
                    LOGIN or CRAM-MD5; visible only in debug traces (Postfix debug_peer_list with \
                    smtp_sasl, Exim's -d output).
                    """,
                fix: """
                    Nothing to fix. If the exchange stops here, the relay host did not accept our \
                    answer: check the mechanism (Postfix smtp_sasl_mechanism_filter, the driver of \
                    Exim's client authenticator) and the credentials.
                    """)),
        ReplyCodeRecord(
            354, "Start Mail Input",
            summary: "DATA accepted; the server waits for the message",
            meaning: """
                The server accepted the DATA command and waits for the message itself, ended by \
                a line holding only a dot (<CRLF>.<CRLF>). The transaction is not complete until \
                the reply that follows the dot.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    After DATA in every transaction with at least one accepted recipient (Postfix \
                    "354 End data with <CR><LF>.<CR><LF>", Exim "354 Enter message, ending with \
                    "." on a line by itself"). It matters in logs when the session breaks \
                    afterwards: Postfix "lost connection after DATA" or "timeout after DATA", Exim \
                    "SMTP connection from ... lost while reading message data" or "SMTP data \
                    timeout (message abandoned)".
                    """,
                fix: """
                    Nothing to fix for a single case. Repeated breaks after 354 from one client \
                    point to the network (MTU problems, a firewall inspecting SMTP), a client whose \
                    timeout is too short for large messages, or a spam bot giving up. Compare with \
                    smtpd_timeout (Postfix) or smtp_receive_timeout (Exim).
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our server sends a message; logged only if the transfer fails after it, \
                    for example Postfix "lost connection with X while sending message body" or \
                    "conversation with X timed out while sending message body".
                    """,
                fix: """
                    Nothing to fix unless transfers fail after it: then look at size limits on the \
                    remote side, TLS or firewall trouble with large messages, and raise \
                    smtp_data_done_timeout (Postfix) or the transport's data_timeout (Exim) only if \
                    the remote is merely slow.
                    """)),
    ]
}
