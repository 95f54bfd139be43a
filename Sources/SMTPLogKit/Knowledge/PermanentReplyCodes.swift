/// The 5xx replies: the action failed for good. These are the lines that lose mail or lock
/// users out, so each says which setting produced it and which setting changes it.
extension ReplyCodeRecord {
    static let permanent: [ReplyCodeRecord] = [
        ReplyCodeRecord(
            500, "Syntax Error, Command Unrecognized",
            summary: "Command not recognised, or line too long",
            meaning: """
                The server did not recognise the command, or the command line was too long or \
                malformed. Nothing happened; the client may send a correct command.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    When a client sends something our server does not understand. Postfix: "500 \
                    5.5.2 Error: command not recognized", "500 5.5.2 Error: bad syntax", "500 5.5.2 \
                    Error: command too long". Exim: "500 unrecognized command", and after \
                    smtp_max_unknown_commands (default 3) "500 Too many unrecognized commands" and \
                    a dropped session. Scanners, web requests sent to port 25 and broken clients \
                    cause most of them.
                    """,
                fix: """
                    Nothing for scanners: smtpd_hard_error_limit (Postfix) and \
                    smtp_max_unknown_commands (Exim) already cut them off. For a real client, get a \
                    session trace; a common cause is a client speaking TLS to a plaintext port \
                    (implicit TLS belongs on 465, STARTTLS on 587 and 25).
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote server did not understand a command our MTA sent — rare with \
                    Postfix and Exim. Suspect a firewall doing "SMTP inspection" between us and the \
                    server (old Cisco PIX/ASA fixups turn EHLO into XXXX).
                    """,
                fix: """
                    Look for an SMTP-inspecting firewall on either side and turn the inspection \
                    off; Postfix's smtp_pix_workarounds cope with the old Cisco behaviour. \
                    Otherwise send the reply text to the remote administrator.
                    """)),
        ReplyCodeRecord(
            501, "Syntax Error in Parameters or Arguments",
            summary: "Command understood, but its argument is malformed",
            meaning: """
                The command was recognised but its parameters or arguments are invalid: a \
                malformed address, a bad HELO name, broken base64 during AUTH. The client must \
                correct the command.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "501 5.1.7 Bad sender address syntax", "501 5.1.3 Bad recipient \
                    address syntax", "501 5.5.2 <name>: Helo command rejected: Invalid name" \
                    (reject_invalid_helo_hostname; invalid_hostname_reject_code = 501), "501 5.5.4 \
                    Syntax: MAIL FROM:<address>". Exim: "501 Syntactically invalid HELO \
                    argument(s)", "501 <addr>: sender address must contain a domain", "501 Invalid \
                    base64 data" during AUTH. Spam bots with broken HELO names produce many.
                    """,
                fix: """
                    For bots nothing. For a real client (a printer, an application, a script), fix \
                    its configuration: a fully qualified HELO name, complete addresses in angle \
                    brackets (required when Postfix's strict_rfc821_envelopes = yes).
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote server rejects an argument our MTA sent: most often our HELO name \
                    (Postfix smtp_helo_name, default $myhostname; Exim's helo_data) is not a valid \
                    fully qualified name, or an address in our queue is malformed.
                    """,
                fix: """
                    Set myhostname or smtp_helo_name (Postfix) or the transport's helo_data (Exim) \
                    to a fully qualified name that resolves, ideally the one in our reverse DNS. \
                    For address errors fix the application that produced them; canonical maps \
                    (Postfix) or rewrite rules (Exim) can repair legacy senders.
                    """)),
        ReplyCodeRecord(
            502, "Command Not Implemented",
            summary: "Command known but not supported or turned off",
            meaning: """
                The server knows the command but does not implement it, or has it turned off \
                (VRFY, ETRN, TURN, STARTTLS without TLS configured). The session continues.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "502 5.5.1 VRFY command is disabled" (disable_vrfy_command = yes) and \
                    "502 5.5.1 Error: command not implemented" for STARTTLS when TLS is not enabled \
                    on that service. Exim uses other codes for the same refusals (252 for VRFY, 550 \
                    for EXPN). Address harvesters probing VRFY cause most of them.
                    """,
                fix: """
                    Nothing to fix; the refusal is deliberate. If a legitimate client needs the \
                    command (ETRN for a backup-MX customer, STARTTLS), enable it and restrict who \
                    may use it (smtpd_etrn_restrictions, Exim acl_smtp_etrn; smtpd_tls_security_level \
                    = may with a certificate for STARTTLS).
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our MTA uses an optional command the remote does not offer. Postfix and \
                    Exim only use commands the remote advertised in its EHLO reply, so on delivery \
                    lines this points to a middlebox or a misbehaving server.
                    """,
                fix: "Nothing, unless it blocks delivery; then report it to the remote administrator.")),
        ReplyCodeRecord(
            503, "Bad Sequence of Commands",
            summary: "Commands sent in the wrong order",
            meaning: """
                The command was valid but came at the wrong point of the session: RCPT before \
                MAIL, DATA without an accepted RCPT, a second MAIL, AUTH where it is not offered \
                or already done.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "503 5.5.1 Error: need MAIL command", "503 5.5.1 Error: need RCPT \
                    command", "503 5.5.1 Error: send HELO/EHLO first", "503 5.5.1 Error: \
                    authentication not enabled" (AUTH on a service where smtpd_sasl_auth_enable is \
                    off, typically port 25), "503 5.5.1 Error: already authenticated". Exim: "503 \
                    AUTH command used when not advertised", "503 sender already given", "503 Valid \
                    RCPT command must precede DATA". Spam bots that send every command blindly, \
                    ignoring the rejections, produce most of them.
                    """,
                fix: """
                    For bots nothing. A legitimate client that gets "authentication not enabled" \
                    is talking to the wrong port: configure it for the submission port 587 with \
                    STARTTLS (or 465), where AUTH is enabled.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When the remote was confused by our command order, nearly always as a \
                    consequence of an earlier error in the same session: a pipelined DATA after \
                    every recipient was refused, or a command lost by a middlebox.
                    """,
                fix: """
                    Look at the first error in the same session; the 503 follows from it. If a \
                    destination breaks with pipelining, turn it off for that server (Postfix \
                    smtp_discard_ehlo_keyword_address_maps with "pipelining", Exim \
                    hosts_avoid_pipelining).
                    """)),
        ReplyCodeRecord(
            504, "Command Parameter Not Implemented",
            summary: "A parameter of the command is not supported",
            meaning: """
                The command is implemented but the parameter given is not: an authentication \
                mechanism the server does not offer, a name that is not fully qualified. Postfix \
                uses 504 for names and addresses that are not fully qualified.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "504 5.5.2 <name>: Helo command rejected: need fully-qualified \
                    hostname" (reject_non_fqdn_helo_hostname), "504 5.5.2 <addr>: Sender address \
                    rejected: need fully-qualified address" and the same for recipients \
                    (reject_non_fqdn_sender, reject_non_fqdn_recipient; non_fqdn_reject_code = 504), \
                    and "504 5.5.4 Encryption required for requested authentication mechanism" when \
                    a client tries AUTH before STARTTLS with smtpd_tls_auth_only = yes. Exim: "504 \
                    <mechanism> authentication mechanism not supported".
                    """,
                fix: """
                    For a real client: configure a fully qualified HELO name and complete \
                    addresses (user@example.com, not user), use STARTTLS before AUTH, and pick a \
                    mechanism listed on the server's AUTH line in the EHLO reply.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When the remote rejects our HELO name as not fully qualified, or a mechanism \
                    or parameter our client chose; rare with Postfix and Exim defaults.
                    """,
                fix: """
                    Set a fully qualified smtp_helo_name (Postfix) or helo_data (Exim), and check \
                    which mechanism our client offers (Postfix smtp_sasl_mechanism_filter).
                    """)),
        ReplyCodeRecord(
            521, "Host Does Not Accept Mail",
            summary: "This host does not accept mail (or has dropped this client)",
            meaning: """
                RFC 7504: the server does not accept mail, and says so instead of a greeting or \
                before closing the connection. It is permanent for this host; a client should \
                try another MX or give up.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Postfix's postscreen drops clients it judged hostile with 521: "521 5.5.1 \
                    Protocol error" after the pregreet or command tests fail with the drop action, \
                    a "521 ... blocked using <list>" when postscreen_dnsbl_action = drop, and \
                    "521 5.3.2 Service currently unavailable" for clients denied by \
                    postscreen_access_list with postscreen_denylist_action = drop. Postfix's smtpd \
                    also answers "521 5.5.1 Error: command not implemented" and hangs up when BDAT \
                    arrives while CHUNKING is turned off.
                    """,
                fix: """
                    Nothing for bots. If a legitimate server is dropped, find the postscreen test \
                    it failed in the log lines just before (PREGREET, DNSBL rank, COMMAND \
                    PIPELINING) and allow it with postscreen_access_list (permit_mynetworks, a \
                    cidr: table) or lower the DNSBL weights.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When we connect to a host that declares it takes no mail — a host that is not \
                    meant to be an MX, or a server that blocks us this way. Postfix logs "host X \
                    refused to talk to me: 521 ..." and bounces.
                    """,
                fix: """
                    Check the recipient domain's MX records (dig MX example.com): the address may \
                    be wrong or the domain may not receive mail. If the text names a block, \
                    treat it like a 554 refusal of our IP.
                    """)),
        ReplyCodeRecord(
            530, "Authentication Required",
            summary: "Must log in (AUTH), or STARTTLS, before sending",
            meaning: """
                The server requires authentication before accepting mail commands (RFC 4954: \
                "530 5.7.0 Authentication required"). You must issue the AUTH command with valid \
                credentials before attempting to send mail. Servers also answer 530 when they \
                demand STARTTLS first ("530 5.7.0 Must issue a STARTTLS command first").
                """,
            inbound: DirectionalAdvice(
                seen: """
                    When trying to send mail through our server — typical for submission on port \
                    587 — without first logging in with the AUTH command, or without STARTTLS \
                    where we require it: Postfix answers "530 5.7.0 Must issue a STARTTLS command \
                    first" when smtpd_tls_security_level = encrypt (the usual setting of the \
                    submission service in master.cf). Postfix refuses an unauthenticated relay \
                    attempt with 554 or 454 "Relay access denied" instead; Exim answers 550 unless \
                    the ACL's message sets a 530 code.
                    """,
                fix: """
                    For a legitimate user: authenticate using the AUTH command with your username \
                    and password before sending MAIL FROM. Ensure the email client is configured \
                    with the correct SMTP credentials and authentication method, on port 587 with \
                    STARTTLS (or 465). Many unknown clients collecting 530 on the submission port \
                    are probes; let fail2ban block them.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our server delivers through a relay host or smarthost (relayhost in \
                    Postfix, a manualroute router in Exim) that requires authentication, and our \
                    client did not log in: smtp_sasl_auth_enable is off, smtp_sasl_password_maps has \
                    no entry for the relayhost exactly as written (with [brackets] and :port), the \
                    relay offers AUTH only after STARTTLS and we did not start TLS, or Postfix \
                    refused every offered mechanism (smtp_sasl_security_options defaults to \
                    noplaintext, noanonymous, which rules out PLAIN and LOGIN). In Exim, the \
                    transport lacks hosts_require_auth or hosts_try_auth, or no client \
                    authenticator matches the relay's mechanisms.
                    """,
                fix: """
                    Authenticate using the AUTH command before sending MAIL FROM. Postfix: set \
                    smtp_sasl_auth_enable = yes, smtp_sasl_password_maps = \
                    hash:/etc/postfix/sasl_passwd with a line "[smtp.example.com]:587 \
                    user:password" matching relayhost, run postmap on it, and set \
                    smtp_sasl_security_options = noanonymous with smtp_tls_security_level = \
                    encrypt. Exim: add a client authenticator (driver = plaintext with client_send) \
                    and hosts_require_auth on the smtp transport. Mail stays queued meanwhile; \
                    postqueue -f or exim -qff sends it once fixed.
                    """)),
        ReplyCodeRecord(
            534, "Authentication Mechanism Too Weak",
            summary: "This AUTH mechanism is not accepted; a stronger one or an app password is needed",
            meaning: """
                RFC 4954: "534 5.7.9 Authentication mechanism is too weak": the server will not \
                accept the chosen mechanism under the current conditions, usually a plaintext \
                mechanism without TLS or one the account's policy forbids. Large providers also use \
                534 to demand an app password or a browser sign-in (Gmail's "534-5.7.9 \
                Application-specific password required" and "534-5.7.14 Please log in via your \
                web browser").
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Rare from Postfix or Exim: they hide mechanisms they will not use \
                    (smtpd_sasl_security_options, smtpd_sasl_tls_security_options, Exim's \
                    server_advertise_condition) instead of refusing them with 534. A 534 from our \
                    side comes from the SASL back end or a submission proxy.
                    """,
                fix: """
                    Make the client use TLS (STARTTLS on 587, or 465) and a mechanism the server \
                    offers there.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our server logs in to a relay host (for example Gmail or Microsoft 365 \
                    used as a smarthost) with a mechanism or credential type it no longer accepts \
                    for SMTP. Postfix logs "SASL authentication failed; server X said: 534 ..." \
                    and defers.
                    """,
                fix: """
                    Use what the provider requires: an app password (Gmail with 2-step \
                    verification), or the provider's SMTP relay service instead of a mailbox \
                    password, over TLS (smtp_tls_security_level = encrypt). Put the new credentials \
                    in smtp_sasl_password_maps or Exim's client authenticator, then retry the queue.
                    """)),
        ReplyCodeRecord(
            535, "Authentication Credentials Invalid",
            summary: "Authentication failed: wrong username, password or mechanism",
            meaning: """
                The authentication credentials provided are invalid (RFC 4954: "535 5.7.8 \
                Authentication credentials invalid"). The username, password, or authentication \
                mechanism was rejected by the server. The session stays open but is not \
                authenticated, so relaying stays refused.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    After a client submitted incorrect credentials via the AUTH command: the \
                    username or password does not match any account on our server. Postfix logs \
                    "warning: unknown[203.0.113.5]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, \
                    sasl_username=alice" and replies "535 5.7.8 Error: authentication failed"; Exim \
                    logs "<authenticator> authenticator failed for ... 535 Incorrect \
                    authentication data (set_id=alice)". A client failing to log in a few times is \
                    usually a user with a stale password (a phone still holding the old one); \
                    hundreds of failures, across many usernames or from many addresses, are a \
                    password-guessing run. Look at the count per address and per username.
                    """,
                fix: """
                    For a user: double-check the username (often the full address) and password; \
                    if using an app password, ensure it is current and has not been revoked; also \
                    verify the correct SASL mechanism (PLAIN or LOGIN over TLS). For a guessing \
                    run: fail2ban's postfix-sasl jail (or a jail on Exim's "authenticator failed" \
                    lines) blocks the addresses, Postfix's smtpd_client_auth_rate_limit slows them, \
                    and smtpd_tls_auth_only = yes keeps passwords off plaintext connections. A 235 \
                    for a user after a run of 535s means a password was guessed: lock the account \
                    at once.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our relay host refused our credentials: our server logged in to its \
                    relayhost or smarthost and the username or password was rejected. Postfix logs \
                    "SASL authentication failed; server smtp.example.com[192.0.2.1] said: 535 5.7.8 \
                    ..." and defers the mail (smtp_sasl_auth_soft_bounce = yes by default); Exim \
                    logs "<authenticator> authenticator failed H=... 535 ..." and defers with \
                    "authentication required but authentication attempt(s) failed" when \
                    hosts_require_auth covers the host.
                    """,
                fix: """
                    Double-check the username and password in smtp_sasl_password_maps (the key \
                    must match relayhost exactly, e.g. [smtp.example.com]:587; run postmap after \
                    editing and postfix reload) or in the Exim client authenticator (client_send = \
                    ^user^password for PLAIN). If the provider requires an app password (e.g., \
                    Gmail, Outlook), ensure it is current and has not been revoked. Also verify the \
                    SASL mechanism (PLAIN, LOGIN, etc.): Postfix needs smtp_sasl_security_options = \
                    noanonymous to use PLAIN or LOGIN. Mail stays queued until it is fixed; then \
                    postqueue -f or exim -qff sends it.
                    """)),
        ReplyCodeRecord(
            538, "Encryption Required for Authentication Mechanism",
            summary: "This AUTH mechanism needs an encrypted session; use STARTTLS first",
            meaning: """
                RFC 4954: "538 5.7.11 Encryption required for requested authentication \
                mechanism": the server will not run this mechanism (typically PLAIN or LOGIN, \
                which send the password readably) on an unencrypted connection.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    When a client tries a plaintext mechanism before STARTTLS. Postfix answers the \
                    same situation with "504 5.5.4 Encryption required for requested \
                    authentication mechanism" (smtpd_tls_auth_only = yes), and Exim usually hides \
                    AUTH until TLS is up (server_advertise_condition), so a literal 538 from our \
                    side comes from another component.
                    """,
                fix: """
                    Configure the client for STARTTLS on port 587 (or implicit TLS on 465) before \
                    it authenticates. Keep the server strict: never accept passwords over a \
                    plaintext connection.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our client tried to authenticate to a relay host without TLS. Postfix \
                    defers with "SASL authentication failed; server X said: 538 ...".
                    """,
                fix: """
                    Turn on TLS towards the relay host: Postfix smtp_tls_security_level = encrypt \
                    (or an entry in smtp_tls_policy_maps); a relayhost on port 465 also needs \
                    smtp_tls_wrappermode = yes. Exim: hosts_require_tls on the smtp transport, or \
                    protocol = smtps for port 465.
                    """)),
        ReplyCodeRecord(
            550, "Mailbox Unavailable",
            summary: "Refused: no such user, or rejected by policy",
            meaning: """
                The requested action was not taken: the mailbox is unavailable (not found, no \
                access) or the command was refused for policy reasons. It is permanent; the \
                sender must change something before trying again.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Our server's most common refusal. Postfix: "550 5.1.1 <addr>: Recipient \
                    address rejected: User unknown in local recipient table" (local_recipient_maps), \
                    "... in virtual mailbox table", "... in virtual alias table", "... in relay \
                    recipient table", "550 5.1.6 ... User has moved to ..." (relocated_maps), and \
                    many check_*_access and header_checks rejections. Exim: "550 Unrouteable \
                    address" (require verify = recipient), "550 relay not permitted" (the default \
                    acl_smtp_rcpt), sender verification failures, and every deny in an ACL (550 is \
                    Exim's default code for MAIL, RCPT and DATA ACLs). Many "User unknown" lines \
                    from one client are a dictionary attack.
                    """,
                fix: """
                    For unknown users: the sender must correct the address, or you create it or \
                    alias it (virtual_alias_maps, aliases; an Exim redirect router). If a real user \
                    is reported unknown, check that local_recipient_maps, virtual_mailbox_maps or \
                    relay_recipient_maps list it and that postmap was run. For policy rejections \
                    the reply text names the check; change it only if it hit legitimate mail.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote server refuses our message: Postfix logs "host X said: 550 ... \
                    (in reply to RCPT TO command)" with status=bounced, Exim a ** line. The enhanced \
                    code tells why: 5.1.1 is an unknown user (a typo or a closed account), 5.7.1 \
                    and provider-specific codes such as 5.7.26 or 5.7.606 are policy — usually our \
                    IP or domain reputation, SPF, DKIM or DMARC, or a blocklist.
                    """,
                fix: """
                    Unknown user: tell the sender to check the address; repeated bounces to the \
                    same address point to a stale list entry. Policy: check our sending IP on \
                    blocklists, SPF for the sender domain, DKIM signing, DMARC alignment, and \
                    reverse DNS that matches our HELO name; follow the link in the reply text to \
                    request delisting.
                    """)),
        ReplyCodeRecord(
            551, "User Not Local",
            summary: "Recipient not here and not forwarded; try the address given",
            meaning: """
                The recipient is not local to this server and the server does not accept mail \
                for forwarding (RFC 5321: "551 User not local; please try <forward-path>"). Unlike \
                251, this is a rejection — the server will not relay the message, though it may \
                name the address where the recipient can now be reached.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Rarely from stock Postfix or Exim. Postfix reports users listed in \
                    relocated_maps as "550 5.1.6 <addr>: Recipient address rejected: User has moved \
                    to <new address>", and Exim uses 550 for :fail: redirects. A 551 from our side \
                    comes from a policy service or milter.
                    """,
                fix: """
                    Nothing to fix if the user really moved. Make sure the reply names the new \
                    address (relocated_maps in Postfix, the text of a :fail: redirect in Exim) so \
                    senders can update their records.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When sending to a recipient that has moved or whose mailbox is hosted \
                    elsewhere, and this server refuses to forward the message to the new location. \
                    Postfix logs status=bounced with the reply, which often says "please try \
                    <new address>"; Exim logs a ** line.
                    """,
                fix: """
                    Check the server's response for a forwarding address (after "please try") and \
                    resend directly to that address. Update your contact records if the recipient \
                    has permanently moved to a new mail server. Nothing in our mail configuration \
                    needs to change.
                    """)),
        ReplyCodeRecord(
            552, "Exceeded Storage Allocation",
            summary: "Message too big, or mailbox full",
            meaning: """
                The requested mail action was aborted because it exceeds a storage allocation: \
                the message is larger than the server accepts, or the recipient's mailbox is over \
                its quota. Some servers also use 552 for too many recipients.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "552 5.3.4 Message size exceeds fixed limit" (message_size_limit, \
                    default 10240000 bytes; checked at MAIL FROM when the client announces SIZE, \
                    otherwise at the end of DATA). Exim: "552 Message size exceeds maximum \
                    permitted" (message_size_limit) and "552 too many recipients" (recipients_max \
                    with recipients_max_reject). A quota policy service such as Dovecot's \
                    quota-status makes Postfix answer "552 5.2.2 Mailbox is full" at RCPT time.
                    """,
                fix: """
                    If legitimate mail is too large, raise message_size_limit (in Postfix keep \
                    mailbox_size_limit at least as large) or ask senders to share big files by \
                    link. For full mailboxes the user must delete mail or get a larger quota; \
                    Dovecot's quota_full_tempfail = yes makes senders retry instead of bouncing.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When the remote refuses our message for its size or because the recipient's \
                    mailbox is full: Postfix logs status=bounced with the reply ("552 5.3.4 Message \
                    size exceeds fixed limit", "552 5.2.2 ... mailbox full"), Exim a ** line. Our \
                    own Dovecot answers the same way on Postfix's lmtp delivery lines ("552 5.2.2 \
                    <user> Quota exceeded (mailbox for user is full)").
                    """,
                fix: """
                    Size: the sender must send a smaller message (compress, or link instead of \
                    attaching); the remote's limit is on the SIZE line of its EHLO reply. Full \
                    mailbox: the recipient must make room; for our own users, delete or archive \
                    mail or raise the quota.
                    """)),
        ReplyCodeRecord(
            553, "Mailbox Name Not Allowed",
            summary: "Address not allowed: bad syntax, or not permitted for this sender",
            meaning: """
                The requested action was not taken because the mailbox name is not allowed: \
                the address syntax is wrong or, in its most common modern use, the sender \
                address is not permitted for this client or login.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "553 5.7.1 <addr>: Sender address rejected: not logged in" and "... \
                    not owned by user alice" (reject_sender_login_mismatch and \
                    reject_authenticated_sender_login_mismatch with smtpd_sender_login_maps), and \
                    "553 5.6.7 Must declare SMTPUTF8 to send unicode address". Exim answers "553 \
                    Initial data not expected" to a broken AUTH and uses 553 when an ACL's message \
                    sets it for sender policies.
                    """,
                fix: """
                    If a user sends as an address they legitimately use, add it to \
                    smtpd_sender_login_maps for their login (or to the sender check in Exim's \
                    ACL). A client that is not logged in must authenticate first. For SMTPUTF8 \
                    errors the client must add SMTPUTF8 to its MAIL FROM command.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a relay host or remote server refuses our envelope sender: the account we \
                    authenticate with may not send as that address (Microsoft 365, Gmail and most \
                    smarthost services restrict this), or the address is malformed.
                    """,
                fix: """
                    Make the envelope sender an address the relay account may use: rewrite it \
                    with sender_canonical_maps or smtp_generic_maps (Postfix) or a return_path or \
                    rewrite rule (Exim), or register the address with the provider (a verified \
                    sender, send-as rights).
                    """)),
        ReplyCodeRecord(
            554, "Transaction Failed",
            summary: "Transaction refused: policy, relay denial or blocklist",
            meaning: """
                The transaction failed. As the greeting it means "no SMTP service here" for \
                this client; after a command or at the end of DATA it is a general permanent \
                refusal, most often for policy reasons.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Postfix's default code for policy rejections: "554 5.7.1 <addr>: Relay access \
                    denied" (reject_unauth_destination; relay_domains_reject_code = 554), "554 \
                    5.7.1 Service unavailable; Client host [ip] blocked using zen.spamhaus.org" \
                    (reject_rbl_client; maps_rbl_reject_code = 554), access-map REJECT \
                    (access_map_reject_code = 554), and "554 5.5.1 Error: no valid recipients" at \
                    DATA. Exim: "554 SMTP synchronization error" (the client talked before the \
                    greeting or pipelined without permission) and "554 SMTP service not available".
                    """,
                fix: """
                    Relay denials: if the client is ours, add its network to mynetworks or have it \
                    authenticate (permit_sasl_authenticated in smtpd_relay_restrictions); \
                    otherwise it is abuse and the refusal is right. Blocklist hits: check the \
                    listing (the reply names the list) before exempting a sender with \
                    check_client_access. Synchronization errors come from spam bots.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote server refuses us outright. Postfix logs "host X refused to talk \
                    to me: 554 ..." when the greeting itself was the refusal (our IP is blocked) \
                    or "host X said: 554 5.7.1 ..." after RCPT or DATA (policy, spam filter), with \
                    status=bounced; Exim logs a ** line with the reply.
                    """,
                fix: """
                    Read the reply text: it usually names a blocklist or a policy. Look up our \
                    sending IP on the common blocklists, fix the cause (an open relay, a \
                    compromised account, an abused web form) and request delisting; make sure SPF, \
                    DKIM, DMARC and reverse DNS are in order. A refusal after DATA means the \
                    content itself looked like spam.
                    """)),
        ReplyCodeRecord(
            555, "Parameters Not Recognized or Not Implemented",
            summary: "MAIL FROM or RCPT TO parameter not recognised",
            meaning: """
                RFC 5321: the server does not recognise or implement a parameter given with \
                MAIL FROM or RCPT TO, typically an ESMTP extension it did not advertise. The \
                command is refused.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "555 5.5.4 Unsupported option: <parameter>" when a client sends a \
                    parameter our server does not implement or did not offer. Exim treats an \
                    unknown parameter as part of a malformed address and answers 501.
                    """,
                fix: """
                    Fix the client so that it sends only parameters the server advertises in its \
                    EHLO reply; it is usually an old or home-made application.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When the remote refuses a parameter our MTA added (SIZE, BODY, SMTPUTF8, DSN's \
                    NOTIFY and RET), normally because a middlebox altered its EHLO list or it \
                    advertises extensions it does not really support.
                    """,
                fix: """
                    Stop using the extension for that destination (Postfix \
                    smtp_discard_ehlo_keyword_address_maps, for example "dsn" or "smtputf8"; Exim \
                    hosts_avoid_esmtp or the matching hosts_avoid_* option) and report the broken \
                    server to its administrator.
                    """)),
        ReplyCodeRecord(
            556, "Domain Does Not Accept Mail",
            summary: "Recipient domain accepts no mail (null MX)",
            meaning: """
                RFC 7504: the recipient's domain does not accept mail at all, usually because \
                it publishes a null MX record ("MX 0 ." as defined by RFC 7505). No retry can \
                succeed.
                """,
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "556 5.1.10 <addr>: Recipient address rejected: Domain example.com \
                    does not accept mail (nullMX)" from reject_unknown_recipient_domain. The \
                    sender-side twin is "550 5.7.27 ... Sender address rejected: Domain ... does \
                    not accept mail (nullMX)" from reject_unknown_sender_domain.
                    """,
                fix: """
                    Nothing to fix: the domain says it receives no mail. If the domain is ours, \
                    publish real MX records.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When mail is addressed to a domain with a null MX. Postfix bounces it itself, \
                    without contacting any server, with dsn=5.1.0 and a reason that mentions \
                    nullMX; a 556 from a remote comes when it relays for us and applies the same \
                    check.
                    """,
                fix: """
                    The recipient address cannot work: tell the sender. If it is a typo of a real \
                    domain, correct it.
                    """)),
    ]
}
