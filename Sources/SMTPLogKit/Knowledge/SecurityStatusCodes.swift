/// X.7.x, security or policy: authentication, encryption, sender authentication (SPF, DKIM,
/// DMARC) and plain "we do not want this". The subject with the most registered details and
/// the most administrator work.
extension EnhancedStatusRecord {
    static let security: [EnhancedStatusRecord] = [
        EnhancedStatusRecord(
            7, 0, "Other or Undefined Security Status",
            summary: "Security or policy status without a more precise detail",
            meaning: """
                A security or policy matter caused this status and no more precise detail \
                applies. As 2.7.0 it is the usual code of a successful login ("235 2.7.0 \
                Authentication successful").
                """,
            classes: [.positiveCompletion, .transientNegative, .permanentNegative], with: [235, 454, 530],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "235 2.7.0 Authentication successful", "454 4.7.0 Temporary \
                    authentication failure" (the SASL back end did not answer), "454 4.7.0 TLS \
                    not available due to local problem", "530 5.7.0 Must issue a STARTTLS command \
                    first", "421 4.7.0 ... too many connections", and 4.7.0 on many rate limits.
                    """,
                fix: """
                    Nothing for 2.7.0. For 4.7.0 check the authentication daemon (Dovecot auth, \
                    saslauthd) and the TLS certificate files; for rate limits see whether the \
                    client is legitimate before raising them.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote refuses or defers us for an unspecified policy reason — large \
                    providers use 4.7.0 for temporary reputation blocks and 5.7.0 for \
                    authentication required on submission servers.
                    """,
                fix: """
                    Read the reply text: it usually names the policy (rate, reputation, \
                    authentication). For a relay host, check smtp_sasl_auth_enable and the \
                    credentials.
                    """)),
        EnhancedStatusRecord(
            7, 1, "Delivery Not Authorized, Message Refused",
            summary: "Refused by policy: relay denied, blocklisted, or filtered",
            meaning: """
                The sender is not authorised to send to this destination, or the message was \
                refused by policy: relaying denied, client blocklisted, content filtered. It is \
                the general "refused by policy" code.
                """,
            classes: [.transientNegative, .permanentNegative], with: [550, 553, 554],
            inbound: DirectionalAdvice(
                seen: """
                    Our most common policy refusals. Postfix: "554 5.7.1 <addr>: Relay access \
                    denied" (reject_unauth_destination), "454 4.7.1 <addr>: Relay access denied" \
                    (defer_unauth_destination), "554 5.7.1 Service unavailable; Client host [ip] \
                    blocked using zen.spamhaus.org" (reject_rbl_client), "553 5.7.1 <addr>: Sender \
                    address rejected: not owned by user", access-map and milter rejections. Exim \
                    ACL denials carry it when the message sets it.
                    """,
                fix: """
                    Relay denied for our own users: add their network to mynetworks or make them \
                    authenticate on the submission port. Blocklist hits on legitimate mail: check \
                    the listing and exempt the sender with check_client_access while it gets \
                    delisted. Everything else: the reply text names the rule that fired.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote refuses our mail by policy: "550 5.7.1 ... Relay access denied" \
                    if we tried to relay through a server that does not know us, or reputation and \
                    spam refusals from large providers ("550-5.7.1 ... likely unsolicited mail"). \
                    Postfix logs status=bounced, Exim a ** line.
                    """,
                fix: """
                    Relay denied: we are sending to the wrong server or without logging in — check \
                    relayhost and SASL. Reputation: check our IP on blocklists, SPF, DKIM, DMARC \
                    and reverse DNS, look for compromised accounts sending spam, and follow the \
                    provider's delisting process.
                    """)),
        EnhancedStatusRecord(
            7, 2, "Mailing List Expansion Prohibited",
            summary: "Sender may not post to this mailing list",
            meaning: """
                The sender is not allowed to send to the mailing list, or the list may not be \
                expanded for this sender.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "When one of our lists or a restricted alias refuses a sender that is not allowed to post.",
                fix: "Intended; add the sender to the list's allowed posters if it should be able to send."),
            outbound: DirectionalAdvice(
                seen: "When a remote list refuses our sender.",
                fix: "The sender must subscribe or ask the list owner for permission.")),
        EnhancedStatusRecord(
            7, 3, "Security Conversion Required but Not Possible",
            summary: "Message would need a security conversion that cannot be done",
            meaning: """
                Delivering the message would require converting its security format (for example \
                between signing or encryption systems), and that is not possible.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Not produced by Postfix or Exim; only by secure-messaging gateways.",
                fix: "Check the gateway's configuration."),
            outbound: DirectionalAdvice(
                seen: "When a remote secure-messaging gateway cannot handle our signed or encrypted message.",
                fix: "The sender may need to send it unsigned or with a format the recipient supports.")),
        EnhancedStatusRecord(
            7, 4, "Security Features Not Supported",
            summary: "A required security feature (such as TLS) is not supported",
            meaning: """
                A security feature requested or required for the message, most often TLS, is not \
                supported by the other side.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Rare in our replies; our TLS requirements surface as 530 5.7.0 instead.",
                fix: "Nothing to fix; our own TLS requirement is explained under 530."),
            outbound: DirectionalAdvice(
                seen: """
                    On our own delivery lines: Postfix "TLS is required, but was not offered by \
                    host X" with dsn=4.7.4 when smtp_tls_security_level (or a smtp_tls_policy_maps \
                    entry) demands encrypt, verify or secure and the remote does not offer \
                    STARTTLS.
                    """,
                fix: """
                    Decide whether TLS must be required for that destination: if yes, ask the \
                    remote to enable STARTTLS; if not, relax the policy entry for it (may).
                    """)),
        EnhancedStatusRecord(
            7, 5, "Cryptographic Failure",
            summary: "TLS or another cryptographic operation failed",
            meaning: """
                A cryptographic operation failed: a TLS handshake, a certificate check, or \
                decrypting or verifying the message.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    Rare in our replies; handshake failures of clients appear as Postfix \
                    "SSL_accept error from ..." or Exim "TLS error on connection from ..." lines.
                    """,
                fix: """
                    Check our certificate chain and key, and whether old clients need protocol \
                    versions or ciphers we disabled.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    On our own delivery lines with dsn=4.7.5: TLS handshakes that fail, \
                    certificates that do not verify under verify, secure or DANE policies, and \
                    "TLSA lookup error" for DANE destinations.
                    """,
                fix: """
                    Test the remote by hand (openssl s_client -starttls smtp -connect host:25); \
                    if its certificate is wrong tell its administrator, and if our policy is \
                    stricter than needed for that destination, adjust smtp_tls_policy_maps.
                    """)),
        EnhancedStatusRecord(
            7, 6, "Cryptographic Algorithm Not Supported",
            summary: "Required cryptographic algorithm not supported",
            meaning: """
                The cryptographic algorithm needed for the message (for signing or encryption) \
                is not supported by the receiving system.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Not produced by Postfix or Exim; only by secure-messaging gateways.",
                fix: "Check the gateway's supported algorithms."),
            outbound: DirectionalAdvice(
                seen: "When a remote gateway cannot handle the algorithm our message uses.",
                fix: "The sender must use an algorithm the recipient supports.")),
        EnhancedStatusRecord(
            7, 7, "Message Integrity Failure",
            summary: "Message integrity check failed",
            meaning: """
                A check of the message's integrity failed: the content does not match its \
                checksum or signature.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Rare; some signature-checking filters use it instead of the DKIM-specific codes.",
                fix: "Check the filter's log for which check failed."),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote finds our message altered — often a footer or a line-length \
                    change added after signing.
                    """,
                fix: "Sign messages as the last step before they leave (milter order), after any footer is added.")),
        EnhancedStatusRecord(
            7, 8, "Authentication Credentials Invalid",
            summary: "Login failed: wrong username, password or mechanism",
            meaning: """
                RFC 4954: the credentials given with AUTH are invalid — the username, password \
                or mechanism was rejected. It is the enhanced code of the 535 reply.
                """,
            classes: [.permanentNegative], with: [535],
            inbound: DirectionalAdvice(
                seen: """
                    On every failed login at our server: Postfix "535 5.7.8 Error: authentication \
                    failed: ..." together with "warning: ... SASL LOGIN authentication failed: \
                    ..., sasl_username=..."; Exim logs "authenticator failed" with "535 Incorrect \
                    authentication data". Count failures per client address and per username: a \
                    few for one user is a stale password, many across users is password guessing.
                    """,
                fix: """
                    For users: check username (often the full address), password, and mechanism. \
                    For guessing runs: fail2ban's postfix-sasl jail, smtpd_client_auth_rate_limit, \
                    and AUTH only over TLS (smtpd_tls_auth_only = yes).
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our relay host refuses our credentials: Postfix "SASL authentication \
                    failed; server X said: 535 5.7.8 ..." with the mail deferred; Exim \
                    "authenticator failed H=... 535 ...".
                    """,
                fix: """
                    Correct the credentials in smtp_sasl_password_maps (run postmap, postfix \
                    reload) or in Exim's client authenticator; if the provider requires an app \
                    password, create a current one. Then flush the queue.
                    """)),
        EnhancedStatusRecord(
            7, 9, "Authentication Mechanism Is Too Weak",
            summary: "AUTH mechanism too weak for this server or account",
            meaning: """
                RFC 4954: the chosen authentication mechanism is too weak for the server's \
                policy or the account, for example a plaintext mechanism without TLS.
                """,
            classes: [.permanentNegative], with: [534],
            inbound: DirectionalAdvice(
                seen: """
                    Rare from Postfix or Exim, which hide weak mechanisms instead \
                    (smtpd_sasl_security_options, server_advertise_condition).
                    """,
                fix: "Configure the client for TLS and a mechanism the server offers."),
            outbound: DirectionalAdvice(
                seen: """
                    When a provider refuses our login method, for example Gmail's "534-5.7.9 \
                    Application-specific password required".
                    """,
                fix: "Create an app password (or use the provider's relay service) and log in over TLS.")),
        EnhancedStatusRecord(
            7, 10, "Encryption Needed",
            summary: "Encryption (TLS) is required for this",
            meaning: """
                RFC 5248: a strong privacy layer such as TLS is required first — originally \
                for clear-text authentication, and in REQUIRETLS setups for the message itself.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    Rare in replies from Postfix or Exim, which use 530 5.7.0 or 504 5.5.4 for \
                    "encrypt first".
                    """,
                fix: "Configure clients to use STARTTLS (or port 465) before they authenticate or send."),
            outbound: DirectionalAdvice(
                seen: """
                    Recent Postfix versions that support REQUIRETLS (RFC 8689) bounce a message \
                    whose sender requested REQUIRETLS with dsn=5.7.10 when our TLS policy for the \
                    destination does not verify or encrypt ("Sender requested REQUIRETLS, but my \
                    configured TLS security level ...").
                    """,
                fix: """
                    Use a verifying TLS policy for the destination (verify, secure or dane in \
                    smtp_tls_policy_maps), or have the sender drop REQUIRETLS.
                    """)),
        EnhancedStatusRecord(
            7, 11, "Encryption Required for Requested Authentication Mechanism",
            summary: "This AUTH mechanism needs TLS first",
            meaning: """
                RFC 4954: the server only runs this authentication mechanism (typically PLAIN \
                or LOGIN) inside an encrypted session. It is the enhanced code of the 538 reply.
                """,
            classes: [.permanentNegative], with: [538],
            inbound: DirectionalAdvice(
                seen: """
                    When a client tries AUTH before STARTTLS; Postfix answers that case with \
                    "504 5.5.4 Encryption required for requested authentication mechanism" \
                    (smtpd_tls_auth_only = yes).
                    """,
                fix: "Configure the client for STARTTLS on port 587 or implicit TLS on 465."),
            outbound: DirectionalAdvice(
                seen: "When our client tries to log in to a relay host before starting TLS.",
                fix: "Set smtp_tls_security_level = encrypt for the relay host (Exim: hosts_require_tls).")),
        EnhancedStatusRecord(
            7, 12, "A Password Transition Is Needed",
            summary: "The user must change the password first",
            meaning: """
                RFC 4954: the user must change the password before this authentication can \
                succeed. It is the enhanced code of the 432 reply.
                """,
            classes: [.transientNegative], with: [432],
            inbound: DirectionalAdvice(
                seen: "Only from authentication back ends that enforce password changes; not from stock Postfix or Exim.",
                fix: "Have the user change the password through the account system."),
            outbound: DirectionalAdvice(
                seen: "When our relay account's password must be changed at the provider.",
                fix: "Change the password at the provider and update smtp_sasl_password_maps or the Exim authenticator.")),
        EnhancedStatusRecord(
            7, 13, "User Account Disabled",
            summary: "The account is disabled",
            meaning: """
                RFC 5248: the account used to authenticate, or the recipient's account, is \
                disabled.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "When our authentication back end or a recipient check reports a locked or suspended account.",
                fix: "Re-enable the account if the lock was not intended."),
            outbound: DirectionalAdvice(
                seen: """
                    When our relay account has been suspended (often after it sent spam) or a \
                    remote recipient's account is disabled.
                    """,
                fix: """
                    For our relay account: contact the provider, and look for a compromised \
                    account or script that sent spam through it. For a recipient: reach them \
                    another way.
                    """)),
        EnhancedStatusRecord(
            7, 14, "Trust Relationship Required",
            summary: "A trust relationship with the server is required",
            meaning: """
                RFC 5248: the operation needs a trust relationship that is not there, for \
                example an account that must first confirm the device or the sign-in.
                """,
            classes: [.permanentNegative], with: [534],
            inbound: DirectionalAdvice(
                seen: "Not produced by stock Postfix or Exim.",
                fix: "Nothing to fix on a Postfix or Exim server."),
            outbound: DirectionalAdvice(
                seen: """
                    When a provider wants an interactive confirmation before it accepts our login, \
                    for example Gmail's "534-5.7.14 Please log in via your web browser".
                    """,
                fix: """
                    Sign in to the account in a browser and confirm the access, or switch to an \
                    app password or the provider's relay service.
                    """)),
        EnhancedStatusRecord(
            7, 15, "Priority Level Is Too Low",
            summary: "Requested priority too low for this server",
            meaning: """
                RFC 6710 (MT-PRIORITY): the message's priority is too low for the server to \
                accept it now.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Only with MT-PRIORITY, which neither Postfix nor Exim implement.",
                fix: "Nothing to fix on a Postfix or Exim server."),
            outbound: DirectionalAdvice(
                seen: "Only if a remote implements MT-PRIORITY.",
                fix: "Resend later or with a higher priority if the sender is entitled to it.")),
        EnhancedStatusRecord(
            7, 16, "Message Is Too Big for the Specified Priority",
            summary: "Message too large for its requested priority",
            meaning: """
                RFC 6710 (MT-PRIORITY): the message is too large for the priority it asked for; \
                a lower priority may be accepted.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Only with MT-PRIORITY, which neither Postfix nor Exim implement.",
                fix: "Nothing to fix on a Postfix or Exim server."),
            outbound: DirectionalAdvice(
                seen: "Only if a remote implements MT-PRIORITY.",
                fix: "Resend with a lower priority or a smaller message.")),
        EnhancedStatusRecord(
            7, 17, "Mailbox Owner Has Changed",
            summary: "Recipient mailbox now belongs to someone else",
            meaning: """
                RFC 7293 (RRVS): the sender asked the server to confirm the mailbox still has \
                the owner it had at a given time, and ownership has changed since then.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Only with the RRVS extension, which neither Postfix nor Exim implement.",
                fix: "Nothing to fix on a Postfix or Exim server."),
            outbound: DirectionalAdvice(
                seen: "When we sent with RRVS to a mailbox that has been reassigned.",
                fix: "Do not resend: the address now belongs to someone else. Update the sender's records.")),
        EnhancedStatusRecord(
            7, 18, "Domain Owner Has Changed",
            summary: "Recipient domain now belongs to someone else",
            meaning: """
                RFC 7293 (RRVS): the domain of the recipient changed owner after the time the \
                sender gave.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Only with the RRVS extension, which neither Postfix nor Exim implement.",
                fix: "Nothing to fix on a Postfix or Exim server."),
            outbound: DirectionalAdvice(
                seen: "When we sent with RRVS to a domain that has a new owner.",
                fix: "Do not resend; confirm the recipient's current address another way.")),
        EnhancedStatusRecord(
            7, 19, "RRVS Test Cannot Be Completed",
            summary: "Mailbox ownership check could not be performed",
            meaning: """
                RFC 7293 (RRVS): the server could not determine whether the mailbox owner \
                changed, and the sender asked it to refuse in that case.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Only with the RRVS extension, which neither Postfix nor Exim implement.",
                fix: "Nothing to fix on a Postfix or Exim server."),
            outbound: DirectionalAdvice(
                seen: "When we sent with RRVS and the remote could not check the mailbox history.",
                fix: "Resend without the RRVS requirement if the sender accepts the risk.")),
        EnhancedStatusRecord(
            7, 20, "No Passing DKIM Signature Found",
            summary: "No DKIM signature verified",
            meaning: """
                RFC 7372: the receiver requires a DKIM signature that verifies, and the message \
                has none (no signature, or only broken ones).
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "When a DKIM-checking milter or policy on our side refuses unsigned or broken mail.",
                fix: "Intended for the domains you require signatures from; check the policy list otherwise."),
            outbound: DirectionalAdvice(
                seen: "When the remote requires DKIM and our message carried no valid signature.",
                fix: """
                    Make sure outgoing mail is signed (OpenDKIM or rspamd as a milter; Exim's \
                    dkim_domain, dkim_selector and dkim_private_key on the transport), that the \
                    public key is published in DNS, and that nothing alters the message after \
                    signing.
                    """)),
        EnhancedStatusRecord(
            7, 21, "No Acceptable DKIM Signature Found",
            summary: "DKIM signatures verify, but none is acceptable",
            meaning: """
                RFC 7372: the message has valid DKIM signatures, but none is acceptable to the \
                receiver — for example signed by an unrelated domain or with a weak algorithm or \
                key.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "When our DKIM policy demands particular signers or algorithms.",
                fix: "Check the policy's list of acceptable signers."),
            outbound: DirectionalAdvice(
                seen: "When the remote does not accept our signature, for example a 1024-bit or SHA-1 key.",
                fix: "Sign with rsa-sha256 and at least a 2048-bit key, for the sender's own domain.")),
        EnhancedStatusRecord(
            7, 22, "No Valid Author-Matched DKIM Signature Found",
            summary: "No valid DKIM signature for the From domain",
            meaning: """
                RFC 7372: none of the valid DKIM signatures is from the domain in the From: \
                header (the author domain), which the receiver requires.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "When our policy demands author-domain signatures.",
                fix: "Check the policy; mailing lists and forwarders often break author signatures."),
            outbound: DirectionalAdvice(
                seen: """
                    When our message is signed only by another domain (for example our hosting \
                    domain) and not by the domain in From:.
                    """,
                fix: "Sign with a key for each From: domain we send for (OpenDKIM SigningTable, Exim dkim_domain = $sender_address_domain).")),
        EnhancedStatusRecord(
            7, 23, "SPF Validation Failed",
            summary: "SPF check failed: our IP is not allowed to send for the domain",
            meaning: """
                RFC 7372: the SPF check of the sender domain failed — the sending IP address is \
                not among those the domain's SPF record allows.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    When our SPF policy (policyd-spf, postfix-policyd-spf-python, rspamd, an Exim \
                    spf condition in the ACL) rejects a sender whose domain publishes -all and \
                    whose IP is not listed.
                    """,
                fix: """
                    Intended for forgeries. For forwarded mail from trusted forwarders, exempt \
                    their IPs from the SPF check.
                    """),
            outbound: DirectionalAdvice(
                seen: "When the remote finds our IP is not authorised by the sender domain's SPF record.",
                fix: """
                    Add our sending IP (ip4:/ip6:) or our relay's include: to the domain's SPF \
                    TXT record, and check it with a lookup (dig TXT example.com).
                    """)),
        EnhancedStatusRecord(
            7, 24, "SPF Validation Error",
            summary: "SPF check could not be completed (DNS or record error)",
            meaning: """
                RFC 7372: the SPF check could not be completed — a temporary DNS error \
                (temperror, usually sent as 4.7.24) or a broken SPF record (permerror, 5.7.24).
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: "When our SPF check meets a DNS timeout or an invalid SPF record for the sender domain.",
                fix: "Temporary errors need no action; for permanent ones the sender's domain must fix its record."),
            outbound: DirectionalAdvice(
                seen: "When the remote cannot evaluate our domain's SPF record.",
                fix: """
                    Validate our SPF record: a single TXT record starting with v=spf1, no more \
                    than 10 DNS-querying terms (include, a, mx, ptr, exists, redirect), no syntax \
                    errors.
                    """)),
        EnhancedStatusRecord(
            7, 25, "Reverse DNS Validation Failed",
            summary: "Client IP has no matching reverse DNS",
            meaning: """
                RFC 7372: the reverse DNS check of the client's IP address failed — there is no \
                PTR record, or the name it gives does not resolve back to the same address.
                """,
            classes: [.transientNegative, .permanentNegative], with: [450, 550],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix reject_unknown_client_hostname: "450 4.7.25 Client host rejected: \
                    cannot find your hostname, [ip]" (unknown_client_reject_code is 450 by \
                    default; a DNS timeout is always temporary).
                    """,
                fix: """
                    This check refuses some legitimate servers; prefer \
                    reject_unknown_reverse_client_hostname (PTR only) or use it only as a score. \
                    Exempt important senders with check_client_access.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When the remote requires reverse DNS for our IP, for example Gmail's \
                    "550-5.7.25 The IP address sending this message does not have a PTR record \
                    setup".
                    """,
                fix: """
                    Ask whoever owns our IP (hosting provider, ISP) to set a PTR record to our \
                    server name, make that name resolve back to the IP, and use it as myhostname \
                    or helo_data.
                    """)),
        EnhancedStatusRecord(
            7, 26, "Multiple Authentication Checks Failed",
            summary: "Several sender-authentication checks (SPF, DKIM, DMARC) failed",
            meaning: """
                RFC 7372: more than one sender authentication check failed — typically both \
                SPF and DKIM, so the message also fails DMARC.
                """,
            classes: [.permanentNegative], with: [550],
            inbound: DirectionalAdvice(
                seen: "When our DMARC or authentication policy (opendmarc, rspamd) rejects a message.",
                fix: "Intended for forgeries; check forwarded mail from trusted sources before tightening further."),
            outbound: DirectionalAdvice(
                seen: """
                    When the remote rejects our message as unauthenticated, for example Gmail's \
                    "550-5.7.26 This mail has been blocked because the sender is unauthenticated" \
                    — the sender domain publishes DMARC and our message passed neither SPF nor \
                    DKIM in alignment.
                    """,
                fix: """
                    Publish SPF that covers our IP, sign with DKIM for the From: domain, and check \
                    alignment with the domain's DMARC record (_dmarc.example.com). Mail sent by \
                    third parties for the domain needs their IPs in SPF and their own DKIM keys.
                    """)),
        EnhancedStatusRecord(
            7, 27, "Sender Address Has Null MX",
            summary: "Sender domain publishes a null MX: it receives no mail",
            meaning: """
                RFC 7505: the sender's domain publishes a null MX record, so it receives no mail \
                — bounces and replies to it are impossible, and receivers refuse it as a sender.
                """,
            classes: [.permanentNegative], with: [550],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix reject_unknown_sender_domain: "550 5.7.27 <addr>: Sender address \
                    rejected: Domain ... does not accept mail (nullMX)".
                    """,
                fix: "Nothing to fix; the domain declares it sends no mail that expects answers."),
            outbound: DirectionalAdvice(
                seen: "When our envelope sender's domain has a null MX and the remote refuses it.",
                fix: "Send with a sender domain that can receive mail (real MX records); rewrite the sender if needed.")),
        EnhancedStatusRecord(
            7, 28, "Mail Flood Detected",
            summary: "Too much mail from this sender or IP: rate limited",
            meaning: """
                The receiver detected an unusually large volume of mail, often unwanted, from \
                this sender or IP address and is limiting it.
                """,
            classes: [.transientNegative, .permanentNegative], with: [421],
            inbound: DirectionalAdvice(
                seen: "When a rate-limiting policy on our side chooses this code; stock Postfix uses 4.7.0 or 4.7.1.",
                fix: "Check whether the client is a legitimate bulk sender before loosening the limit."),
            outbound: DirectionalAdvice(
                seen: """
                    When a large provider throttles us, for example Gmail's "421-4.7.28 ... Our \
                    system has detected an unusual rate of unsolicited mail originating from your \
                    IP address"; the mail stays deferred.
                    """,
                fix: """
                    Slow down to that provider and find why volume or complaints rose: a \
                    compromised account, a bulk campaign without consent, forwarding of spam. Check \
                    complaint rates in the provider's postmaster tools.
                    """)),
        EnhancedStatusRecord(
            7, 29, "ARC Validation Failure",
            summary: "ARC chain of the message did not validate",
            meaning: """
                RFC 8617: the message carries an Authenticated Received Chain (added by \
                forwarders and lists to preserve authentication results) that failed to \
                validate.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "When an ARC-checking filter on our side (rspamd, OpenARC) rejects a broken chain.",
                fix: "Check the filter's log; broken chains from legitimate forwarders may need an exemption."),
            outbound: DirectionalAdvice(
                seen: "When we forward or run a list and the remote cannot validate the ARC headers we added.",
                fix: "Check our ARC signing setup (keys published in DNS, signing after any modification).")),
        EnhancedStatusRecord(
            7, 30, "REQUIRETLS Support Required",
            summary: "Sender required REQUIRETLS, but the next hop lacks it",
            meaning: """
                RFC 8689: the sender asked for REQUIRETLS (TLS with verified certificates on \
                every hop), and the receiving server, or the next hop, does not support it.
                """,
            classes: [.permanentNegative], with: [550],
            inbound: DirectionalAdvice(
                seen: "When our server cannot relay a REQUIRETLS message onward with REQUIRETLS.",
                fix: "Enable REQUIRETLS support along the path, or tell the sender it cannot be guaranteed."),
            outbound: DirectionalAdvice(
                seen: """
                    Recent Postfix versions with REQUIRETLS support bounce such a message with \
                    dsn=5.7.30 ("Sender requested REQUIRETLS, but no server was found that \
                    supports REQUIRETLS") when no server of the destination offers it.
                    """,
                fix: "The sender must drop the REQUIRETLS requirement for this recipient, or the recipient must support it.")),
    ]
}
