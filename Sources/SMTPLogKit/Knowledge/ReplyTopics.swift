/// The topics a reply can be about, and how a reply is assigned one.
///
/// The reply text decides first, because it is the most specific thing a server says (`550
/// 5.7.1 <x>: Recipient address rejected: Mailbox does not exist` is an unknown mailbox whatever
/// its enhanced code claims); then the enhanced code; then the basic code.
public enum ReplyTopics {
    public static let all: [ReplyTopic] = texts + codes

    static let indexByID: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($0.element.id, $0.offset) })

    public static func topic(_ id: String) -> ReplyTopic? { indexByID[id].map { all[$0] } }

    /// The topic of a reply.
    public static func classify(code: Int, enhanced: EnhancedCode?, text: UnsafeBufferPointer<UInt8>) -> ReplyTopic {
        all[classifyIndex(code: code, enhanced: enhanced, text: text)]
    }

    public static func classify(code: Int, enhanced: EnhancedCode?, text: String) -> ReplyTopic {
        var text = text
        return text.withUTF8 { classify(code: code, enhanced: enhanced, text: $0) }
    }

    /// The topic's index in `all`, for accumulators that keep one byte per event.
    public static func classifyIndex(code: Int, enhanced: EnhancedCode?, text: UnsafeBufferPointer<UInt8>) -> Int {
        if let found = phrases.firstMatch(in: text) { return found }
        if let enhanced, let found = byEnhanced(enhanced) { return indexByID[found]! }
        return indexByID[byCode(code)]!
    }

    // MARK: from the enhanced code and the code

    private static func byEnhanced(_ code: EnhancedCode) -> String? {
        switch (code.subject, code.detail) {
        case (1, 1), (1, 0) where code.klass == 5: "unknown_recipient"
        case (1, 2): "bad_destination"
        case (1, 7), (1, 8): "sender_rejected"
        case (1, _): "bad_address"
        case (2, 2): "mailbox_full"
        case (2, 3), (3, 4): "message_too_big"
        case (2, _): "mailbox_unavailable"
        case (3, 1): "storage"
        case (3, 2): "server_busy"
        case (3, _): "server_problem"
        case (4, 6): "mail_loop"
        case (4, _): "routing"
        case (5, _): "protocol"
        case (6, _): "content"
        case (7, 0) where code.klass == 4: "temporary_policy"
        case (7, 8), (7, 0) where code.klass == 5: "auth_failed"
        case (7, 10), (7, 11): "tls_required"
        case (7, 20), (7, 21), (7, 22): "dkim"
        case (7, 23), (7, 24): "spf"
        case (7, 25): "client_identity"
        case (7, 26): "dmarc"
        case (7, _): "policy"
        default: nil
        }
    }

    private static func byCode(_ code: Int) -> String {
        switch code {
        case 421: "service_unavailable"
        case 450: "mailbox_unavailable"
        case 451: "server_problem"
        case 452: "storage"
        case 454: "temporary_policy"
        case 530, 535: "auth_failed"
        case 550: "mailbox_unavailable"
        case 551: "user_not_local"
        case 552: "message_too_big"
        case 553: "bad_address"
        case 554: "transaction_failed"
        case 500...504: "protocol"
        default: code / 100 == 4 ? "temporary_failure" : "permanent_failure"
        }
    }

    // MARK: from the text

    /// Lower-case phrases, most telling first.
    static let phrases = NeedleSet<Int>([
        // Relay before "access denied", storage before "quota", unknown users before policy.
        ("relay access denied", "relay_denied"), ("relay not permitted", "relay_denied"),
        ("relaying denied", "relay_denied"), ("not permitted to relay", "relay_denied"),
        ("relay not allowed", "relay_denied"), ("relaying not allowed", "relay_denied"),
        ("unable to relay", "relay_denied"), ("we do not relay", "relay_denied"),
        ("insufficient system storage", "storage"), ("no space left", "storage"),
        ("not enough free space", "storage"), ("out of disk", "storage"), ("disk full", "storage"),
        ("spool space", "storage"), ("insufficient disk space", "storage"),
        ("connection lost to authentication server", "auth_service"),
        ("temporary authentication failure", "auth_service"), ("generic failure", "auth_service"),
        ("can't connect to authentication server", "auth_service"), ("no memory available", "auth_service"),
        ("transient failure", "auth_service"), ("remote authentication server unavailable", "auth_service"),
        ("tls not available", "tls_unavailable"),
        ("temporary lookup failure", "lookup_failure"), ("lookup failure", "lookup_failure"),
        ("table lookup", "lookup_failure"), ("for linear search", "lookup_failure"), ("lookup deferred", "lookup_failure"),
        ("all server ports are busy", "server_busy"), ("all server ports busy", "server_busy"),
        ("too many concurrent smtp connections", "server_busy"), ("server busy", "server_busy"),
        ("queue file write error", "server_problem"), ("local problem", "server_problem"),
        ("local error", "server_problem"), ("configuration error", "server_problem"),
        ("server configuration", "server_problem"), ("internal error", "server_problem"),
        ("user unknown", "unknown_recipient"), ("unknown user", "unknown_recipient"),
        ("mailbox does not exist", "unknown_recipient"), ("no such user", "unknown_recipient"),
        ("user doesn't exist", "unknown_recipient"), ("user does not exist", "unknown_recipient"),
        ("address does not exist", "unknown_recipient"), ("account does not exist", "unknown_recipient"),
        ("recipient not found", "unknown_recipient"), ("unknown recipient", "unknown_recipient"),
        ("invalid recipient", "unknown_recipient"), ("no mailbox here", "unknown_recipient"),
        ("user not found", "unknown_recipient"), ("no such recipient", "unknown_recipient"),
        ("recipient unknown", "unknown_recipient"), ("unknown local part", "unknown_recipient"),
        ("mailbox not found", "unknown_recipient"), ("mailbox unavailable or not local", "unknown_recipient"),
        ("greylist", "greylisting"), ("graylist", "greylisting"), ("grey-list", "greylisting"),
        ("gray-list", "greylisting"), ("greylisted", "greylisting"),
        ("spamhaus", "blocklist"), ("spamcop", "blocklist"), ("barracuda", "blocklist"), ("sorbs", "blocklist"),
        ("uceprotect", "blocklist"), ("blocked using", "blocklist"), ("blocklist", "blocklist"),
        ("block list", "blocklist"), ("blacklist", "blocklist"), ("black list", "blocklist"),
        ("dnsbl", "blocklist"), ("listed at", "blocklist"), ("listed on", "blocklist"),
        ("listed in", "blocklist"), ("is listed", "blocklist"), ("reputation", "blocklist"),
        ("rbl", "blocklist"),
        ("dmarc", "dmarc"), ("dkim", "dkim"), ("spf", "spf"), ("sender policy framework", "spf"),
        ("must issue a starttls", "tls_required"), ("starttls", "tls_required"),
        ("tls required", "tls_required"), ("tls is required", "tls_required"),
        ("encryption required", "tls_required"), ("requires tls", "tls_required"),
        ("rate limit", "rate_limit"), ("ratelimit", "rate_limit"), ("rate-limit", "rate_limit"),
        ("throttl", "rate_limit"), ("too many messages", "rate_limit"), ("too much mail", "rate_limit"),
        ("sending rate", "rate_limit"), ("unusual rate", "rate_limit"), ("unexpected volume", "rate_limit"),
        ("too many connections", "client_limit"), ("connection rate", "client_limit"),
        ("too many errors", "client_limit"),
        ("message size exceeds", "message_too_big"), ("message too big", "message_too_big"),
        ("message is too big", "message_too_big"), ("too large", "message_too_big"),
        ("size limit", "message_too_big"), ("exceeds size", "message_too_big"),
        ("quota", "mailbox_full"), ("mailbox full", "mailbox_full"), ("mailbox is full", "mailbox_full"),
        ("mailbox exceeds", "mailbox_full"), ("exceeded storage allocation", "mailbox_full"),
        ("authentication required", "auth_required"), ("auth required", "auth_required"),
        ("must authenticate", "auth_required"), ("please authenticate", "auth_required"),
        ("authentication is required", "auth_required"),
        ("authentication failed", "auth_failed"), ("incorrect authentication data", "auth_failed"),
        ("authentication credentials invalid", "auth_failed"), ("password not accepted", "auth_failed"),
        ("invalid credentials", "auth_failed"),
        ("sender address rejected", "sender_rejected"), ("sender verify failed", "sender_rejected"),
        ("sender verification", "sender_rejected"), ("unverified sender", "sender_rejected"),
        ("sender domain", "sender_rejected"),
        ("helo command rejected", "client_identity"), ("reverse hostname", "client_identity"),
        ("cannot find your hostname", "client_identity"), ("cannot find your reverse", "client_identity"),
        ("reverse dns", "client_identity"), ("ptr record", "client_identity"), ("rdns", "client_identity"),
        ("fully-qualified", "client_identity"),
        ("virus", "virus"), ("infected", "virus"), ("malware", "virus"), ("trojan", "virus"),
        ("spam", "content"), ("content rejected", "content"), ("junk", "content"), ("phish", "content"),
        ("loops back to myself", "mail_loop"), ("mail loop", "mail_loop"), ("too many hops", "mail_loop"),
        ("hop count", "mail_loop"),
        ("service unavailable", "service_unavailable"), ("service not available", "service_unavailable"),
        ("closing transmission channel", "service_unavailable"), ("try again later", "service_unavailable"),
        ("temporarily unavailable", "service_unavailable"),
    ].map { ($0.0, indexByID[$0.1]!) })

    // MARK: the topics

    private static let texts: [ReplyTopic] = [
        ReplyTopic(
            id: "relay_denied", family: .relay, phrase: "relay refused",
            explanation: """
                The server refused to pass mail on to a domain it does not serve, for a client that had \
                not logged in and is not in its trusted networks. Postfix says "Relay access denied" \
                (554 5.7.1, or 454 4.7.1 with defer_unauth_destination), Exim "relay not permitted" \
                (550). Refusing is right: an open relay is found and abused within hours.
                """,
            inboundFix: """
                If the client is one of yours (a laptop, a scanner, a web server), it must log in with \
                SASL on the submission port, or its network belongs in Postfix's mynetworks or Exim's \
                relay_from_hosts. Otherwise it is probing for an open relay: keep \
                reject_unauth_destination in smtpd_relay_restrictions (Exim: accept only domains = \
                +relay_to_domains in acl_smtp_rcpt) and let fail2ban's postfix or exim jail block \
                clients that keep trying.
                """,
            outboundFix: """
                Our server hands this mail to a host (a relayhost or smarthost) that will not relay it \
                for us, so it is not leaving. Log in to that host (Postfix: smtp_sasl_auth_enable = yes \
                with smtp_sasl_password_maps; Exim: a client authenticator and hosts_require_auth on the \
                smarthost transport), or ask its operator to trust our address.
                """),
        ReplyTopic(
            id: "storage", family: .fault, phrase: "insufficient storage",
            explanation: """
                The server is short of disk space for its queue and refuses mail until it has room \
                (452 4.3.1 Insufficient system storage). Postfix refuses below queue_minfree and below \
                1.5 times message_size_limit of free space; Exim below check_spool_space.
                """,
            inboundFix: """
                Free space on the queue's file system at once (df -h /var/spool/postfix or \
                /var/spool/exim4: old logs and a full /var are the usual cause), then find out why it \
                filled: a backlog of deferred mail (mailq, qshape deferred), a mail loop, or a log \
                without rotation. Senders retry, so nothing is lost if space returns within days.
                """,
            outboundFix: """
                The destination is short of disk space and defers until it has room. Our server retries \
                on its own; if it lasts for days, tell the destination's postmaster.
                """),
        ReplyTopic(
            id: "auth_service", family: .fault, phrase: "the authentication service unreachable",
            explanation: """
                The server could not reach the service that checks passwords (Dovecot's auth socket, \
                saslauthd, an LDAP or SQL back end), so no one could log in (454 4.7.0 Temporary \
                authentication failure; Postfix logs "Connection lost to authentication server").
                """,
            inboundFix: """
                Check that the authentication service runs (systemctl status dovecot or saslauthd) and \
                that the socket Postfix uses (smtpd_sasl_path, usually private/auth inside Postfix's \
                chroot) exists and is writable by Postfix; Exim: the dovecot authenticator's \
                server_socket. The warnings around these replies name the socket.
                """,
            outboundFix: """
                The remote server's own authentication service was down; our server retries. If it \
                lasts, tell its operator.
                """),
        ReplyTopic(
            id: "tls_unavailable", family: .fault, phrase: "TLS unavailable",
            explanation: """
                The server offered STARTTLS but could not start it (454 4.7.0 TLS not available due to \
                local problem): its key or certificate could not be read, or the TLS library failed.
                """,
            inboundFix: """
                Check smtpd_tls_cert_file and smtpd_tls_key_file (Exim: tls_certificate and \
                tls_privatekey): they must exist, match each other, be readable by the server and not \
                be expired. The warnings before these replies say which file failed.
                """,
            outboundFix: """
                The destination could not start TLS on its side. Our server falls back to plain text \
                where its policy allows (smtp_tls_security_level = may); with a mandatory level the mail \
                waits. Tell the destination's postmaster.
                """),
        ReplyTopic(
            id: "lookup_failure", family: .fault, phrase: "a lookup table failing",
            explanation: """
                The server could not read a lookup table it needs (a database map, an LDAP or SQL \
                server, a policy service) and deferred the mail (451 4.3.0 Temporary lookup failure).
                """,
            inboundFix: """
                Find the table in the warnings around these replies: rebuild a missing or stale .db \
                file with postmap (or newaliases), or bring back the SQL, LDAP or policy server. Mail is \
                accepted again as soon as the table reads; senders retry.
                """,
            outboundFix: """
                The destination could not read one of its own tables and deferred the mail; our server \
                retries. If it lasts, tell its postmaster.
                """),
        ReplyTopic(
            id: "server_busy", family: .fault, phrase: "the server at its connection limit",
            explanation: """
                The server turned connections away because every process it may run was busy \
                (postscreen's "421 4.3.2 All server ports are busy", Exim's "421 Too many concurrent \
                SMTP connections").
                """,
            inboundFix: """
                Raise the limit if the machine has the memory (Postfix: default_process_limit, or the \
                maxproc column of smtpd in master.cf; Exim: smtp_accept_max), or find what holds the \
                processes: slow DNS, a slow milter or content filter, or one client opening many \
                connections (smtpd_client_connection_count_limit; Exim smtp_accept_max_per_host).
                """,
            outboundFix: """
                The destination was at its connection limit; our server retries. Send to it with fewer \
                parallel connections if this is frequent (smtp_destination_concurrency_limit).
                """),
        ReplyTopic(
            id: "server_problem", family: .fault, phrase: "a local problem at the server",
            explanation: """
                The server deferred the mail because of a problem of its own: a content filter or milter \
                that did not answer, a queue file it could not write, a configuration error (451 4.3.0, \
                451 4.3.5, "Temporary local problem").
                """,
            inboundFix: """
                The warnings, errors and fatal lines of Postfix or Exim around these replies name the \
                cause (see the findings about our own failures); fix it and mail is accepted again. \
                Senders retry, so nothing is lost if it is fixed within days.
                """,
            outboundFix: """
                The destination had a problem of its own and deferred the mail; our server retries on its \
                own. If it lasts for hours, tell the destination's postmaster.
                """),
        ReplyTopic(
            id: "unknown_recipient", family: .recipient, phrase: "unknown recipients",
            explanation: """
                The recipient address does not exist at the destination ("User unknown", "Mailbox does \
                not exist", 5.1.1), whatever enhanced code the server put in front of it.
                """,
            inboundFix: """
                Clients sent mail to addresses we do not have: typos, old addresses, or a dictionary \
                attack (many unknown users from one client). Rejecting them at RCPT is right (Postfix \
                local_recipient_maps, relay_recipient_maps; Exim verify = recipient); block clients that \
                try many with postscreen or fail2ban.
                """,
            outboundFix: """
                The address does not exist there. Remove it from lists, aliases and forwards; if many \
                addresses at one domain bounce, the domain may have moved its mail or the addresses were \
                harvested. Check that the list is not sending to bought or old addresses: it costs \
                reputation.
                """),
        ReplyTopic(
            id: "greylisting", family: .pacing, phrase: "greylisting",
            explanation: """
                The server greylists: it defers the first attempt from an unknown sender, address and \
                recipient, and accepts a retry after a few minutes. Real servers retry; most spam does \
                not.
                """,
            inboundFix: """
                Nothing to do: this is our greylisting (postgrey, a policy service, Exim greylistd) at \
                work. Whitelist partners whose retries come from many addresses.
                """,
            outboundFix: """
                Nothing to do: our server retries and the deferral clears after the destination's delay \
                (usually under 15 minutes). If it lasts for hours, our retries may come from changing \
                addresses (several outgoing IPs): send from one, or ask the destination to whitelist us.
                """),
        ReplyTopic(
            id: "blocklist", family: .policy, phrase: "a blocklist or poor reputation",
            explanation: """
                The server refuses mail from the sending address because it is on a DNS blocklist \
                (Spamhaus, Barracuda, SpamCop, UCEPROTECT, the provider's own) or has a poor reputation.
                """,
            inboundFix: """
                Our server refused clients on a blocklist (reject_rbl_client, postscreen_dnsbl_sites; \
                Exim dnslists). Expected for spam sources; whitelist a legitimate sender that is refused \
                (postscreen_access_list, check_client_access; Exim a host list before the dnslists \
                check).
                """,
            outboundFix: """
                Our sending address is listed or distrusted. Look it up on the list the reply names (its \
                lookup page says why it was listed), fix the cause first (a compromised account or web \
                form sending spam is the usual one: see the authentication findings and the queue), \
                then request delisting. Until then, mail to that destination bounces.
                """),
        ReplyTopic(
            id: "spf", family: .policy, phrase: "an SPF failure",
            explanation: """
                The server checked the sender domain's SPF record, and the sending address is not in it \
                (5.7.23, or a text naming SPF).
                """,
            inboundFix: """
                Our SPF check (policyd-spf, rspamd, an Exim spf ACL) refused mail whose sender domain \
                does not list the client. Expected for forgeries; mail forwarded by another server fails \
                SPF too: whitelist known forwarders.
                """,
            outboundFix: """
                Add the sending address (ip4:/ip6:, or an include: of the relay the mail leaves through) \
                to the sender domain's SPF TXT record, and make sure that domain's mail leaves only \
                through the hosts listed there.
                """),
        ReplyTopic(
            id: "dkim", family: .policy, phrase: "a DKIM failure",
            explanation: """
                The message had no DKIM signature the server accepts: none, a broken one, or one of \
                another domain (5.7.20 to 5.7.22, or a text naming DKIM).
                """,
            inboundFix: """
                Our filter refused mail without a valid DKIM signature. Expected for forgeries; check \
                the policy if legitimate senders are refused.
                """,
            outboundFix: """
                Sign outgoing mail for the sender domain (OpenDKIM or rspamd as a milter for Postfix; \
                dkim_domain, dkim_selector and dkim_private_key on Exim's remote_smtp transport), \
                publish the selector's public key in DNS, and check that nothing rewrites the signed \
                headers or body after signing.
                """),
        ReplyTopic(
            id: "dmarc", family: .policy, phrase: "a DMARC failure",
            explanation: """
                The sender domain publishes a DMARC policy that rejects mail, and neither SPF nor DKIM \
                passed for the From: domain (5.7.26, or a text naming DMARC).
                """,
            inboundFix: """
                Our DMARC check (OpenDMARC, rspamd) refused mail that fails the sender domain's own \
                policy. Expected for forgeries.
                """,
            outboundFix: """
                Every host that sends mail for the domain must be in its SPF record and sign with DKIM \
                for the same domain as the From: header. The domain's DMARC aggregate reports (rua=) \
                list the sources that fail.
                """),
        ReplyTopic(
            id: "tls_required", family: .tls, phrase: "TLS required",
            explanation: """
                The server requires an encrypted connection before it takes the mail or a login ("Must \
                issue a STARTTLS command first", 5.7.10, 5.7.11).
                """,
            inboundFix: """
                Our server requires TLS here (smtpd_tls_security_level = encrypt, smtpd_tls_auth_only; \
                Exim: a require encrypted ACL). Clients must use STARTTLS, or port 465.
                """,
            outboundFix: """
                Enable TLS for outgoing mail (Postfix: smtp_tls_security_level = may or encrypt; Exim \
                does it by default: check hosts_avoid_tls), and check that our TLS client works \
                (smtp_tls_CAfile, the OpenSSL version).
                """),
        ReplyTopic(
            id: "rate_limit", family: .pacing, phrase: "a rate limit",
            explanation: """
                The server limits how much mail it takes from one sender or address in a given time, \
                and this mail went over it.
                """,
            inboundFix: """
                Our server limited a client that sent too fast (anvil: smtpd_client_message_rate_limit, \
                smtpd_client_recipient_rate_limit; Exim ratelimit ACLs). Expected for bulk senders; \
                exempt a known partner (smtpd_client_event_limit_exceptions), and check an \
                authenticated user that hits it: it may be a compromised account.
                """,
            outboundFix: """
                Our server retries. If deferrals pile up, send to that destination more slowly: a \
                dedicated transport with smtp_destination_concurrency_limit = 2 and \
                smtp_destination_rate_delay = 1s (Exim: fewer parallel deliveries per host), and check \
                that the volume is legitimate (a mailing list, or a compromised account).
                """),
        ReplyTopic(
            id: "client_limit", family: .policy, phrase: "a per-client limit",
            explanation: """
                The server refused a client that opened too many connections, too fast, or made too many \
                errors ("421 4.7.0 Error: too many connections from ...", "too many errors").
                """,
            inboundFix: """
                Our server's anvil limits (smtpd_client_connection_count_limit, \
                smtpd_client_connection_rate_limit, smtpd_hard_error_limit; Exim smtp_accept_max_per_host) \
                stopped these clients. Expected for abusive clients; raise the limit for a known busy \
                partner only.
                """,
            outboundFix: """
                The destination limits connections per client. Send to it with fewer parallel \
                connections (smtp_destination_concurrency_limit, or a dedicated transport).
                """),
        ReplyTopic(
            id: "message_too_big", family: .mailbox, phrase: "a message too big",
            explanation: """
                The message is larger than the server accepts (552 5.3.4 Message size exceeds fixed \
                limit).
                """,
            inboundFix: """
                Clients sent messages over our limit (Postfix message_size_limit, default 10 MB; Exim \
                message_size_limit). Raise it if legitimate mail is refused, keeping mailbox_size_limit \
                above it.
                """,
            outboundFix: """
                The destination's limit is smaller than the message. Tell the sender to share a link \
                instead of the attachment; nothing on our side changes another server's limit.
                """),
        ReplyTopic(
            id: "mailbox_full", family: .mailbox, phrase: "a full mailbox",
            explanation: "The recipient's mailbox is over its quota (452 or 552, 4.2.2 or 5.2.2).",
            inboundFix: """
                Mailboxes on our server are over quota: ask their users to clean up, or raise the quota \
                (Dovecot quota plugin, Postfix virtual_mailbox_limit, Exim quota on the appendfile \
                transport).
                """,
            outboundFix: """
                The recipient must make room. Temporary (4.2.2): our server retries until the queue \
                lifetime ends; permanent (5.2.2): the message came back.
                """),
        ReplyTopic(
            id: "auth_required", family: .authentication, phrase: "a login required",
            explanation: "The server wants the client to log in before it takes this mail (530 5.7.0).",
            inboundFix: """
                Clients tried to send where our server requires a login (the submission port, or \
                permit_sasl_authenticated before reject in the restrictions). They must log in.
                """,
            outboundFix: """
                Configure SMTP AUTH for that destination (Postfix: smtp_sasl_auth_enable = yes and its \
                entry in smtp_sasl_password_maps; Exim: a client authenticator and hosts_require_auth \
                on the transport).
                """),
        ReplyTopic(
            id: "auth_failed", family: .authentication, phrase: "credentials refused",
            explanation: """
                The login failed: the user name or password is wrong, or the mechanism is not allowed \
                (535 5.7.8).
                """,
            inboundFix: """
                Clients failed to log in. A few failures of one user are a stale password; many users \
                from one address or network are password guessing: block them (fail2ban's postfix-sasl \
                or exim jail), and check whether any guessed login then succeeded.
                """,
            outboundFix: """
                The server refused our credentials: update the password in smtp_sasl_password_maps \
                (then postmap it) or in Exim's client authenticator, and check that the mechanism is one \
                it offers (smtp_sasl_mechanism_filter). Mail through that server waits until then.
                """),
        ReplyTopic(
            id: "sender_rejected", family: .policy, phrase: "the sender address refused",
            explanation: """
                The server refused the envelope sender: its domain does not resolve, the address could \
                not be verified, or it is not allowed from this client (5.1.7, 5.1.8, "Sender address \
                rejected").
                """,
            inboundFix: """
                Our server refused senders whose domain does not exist or cannot be verified \
                (reject_unknown_sender_domain, reject_unverified_sender; Exim verify = sender). \
                Expected for forgeries.
                """,
            outboundFix: """
                Check the sender address our server puts on this mail: its domain needs an MX or A \
                record, and local names must be rewritten to a real domain (myorigin, \
                smtp_generic_maps; Exim qualify_domain and rewriting).
                """),
        ReplyTopic(
            id: "client_identity", family: .policy, phrase: "the client's name or reverse DNS",
            explanation: """
                The server refused the client because of how it names itself: no reverse DNS (PTR) for \
                its address, a PTR that does not resolve back, or a HELO name that is not a real host \
                name (5.7.25, "Helo command rejected", "cannot find your hostname").
                """,
            inboundFix: """
                Our server refused clients without reverse DNS or with a bad HELO name \
                (reject_unknown_client_hostname, reject_invalid_helo_hostname, \
                reject_non_fqdn_helo_hostname). Expected for most spam; a legitimate sender needs a PTR \
                record.
                """,
            outboundFix: """
                Our sending address needs a PTR record that resolves back to it (ask whoever hosts the \
                address), and our HELO name (myhostname, or smtp_helo_name; Exim primary_hostname or \
                helo_data) must be a real host name that resolves.
                """),
        ReplyTopic(
            id: "virus", family: .policy, phrase: "a virus found",
            explanation: "The server's scanner found malware in the message.",
            inboundFix: """
                Our scanner (ClamAV through a milter, amavis, Exim's malware ACL) refused infected \
                mail. Expected.
                """,
            outboundFix: """
                A message from us carried malware: find the sender (the queue id leads to the login \
                that submitted it) and clean or lock that account.
                """),
        ReplyTopic(
            id: "content", family: .policy, phrase: "content judged as spam",
            explanation: "The server's filter judged the message as spam or unwanted content.",
            inboundFix: """
                Our content filter (header_checks, body_checks, a milter, SpamAssassin, rspamd) refused \
                these messages. Check its false positives from time to time.
                """,
            outboundFix: """
                Check the message (links, attachments, a new sending pattern), that SPF, DKIM and DMARC \
                pass for its sender domain, and whether an account of ours is sending spam.
                """),
        ReplyTopic(
            id: "mail_loop", family: .fault, phrase: "a mail loop",
            explanation: """
                The mail went round in a loop (too many Received: headers, or the destination routes it \
                back to us: "mail for x loops back to myself").
                """,
            inboundFix: """
                Our server would deliver this mail to itself: a domain in DNS points here but is not in \
                mydestination, virtual or relay domains (Exim: local_domains), or forwarding sends it \
                back. Fix the domain lists or the forward.
                """,
            outboundFix: """
                The destination and we forward the mail to each other, or its MX points back to us. \
                Check the forwards and the MX records of that domain.
                """),
        ReplyTopic(
            id: "service_unavailable", family: .general, phrase: "the service unavailable",
            explanation: """
                The server is not taking mail now (421 Service not available, closing transmission \
                channel): overloaded, shutting down, or refusing this client for the moment.
                """,
            inboundFix: """
                Our server closed the session. If it is shutting down or overloaded, see the findings \
                about our own failures.
                """,
            outboundFix: """
                Our server retries. If one destination answers this for hours, look at its reply text \
                for a reason (reputation, rate) and at whether other senders reach it.
                """),
    ]

    /// Topics known only by their code or enhanced code, when the text names nothing more precise.
    private static let codes: [ReplyTopic] = [
        ReplyTopic(
            id: "policy", family: .policy, phrase: "a policy refusal",
            explanation: """
                The server refused the mail by its own policy (5.7.1) without saying more in the text: \
                reputation, content, the sender or the client.
                """,
            inboundFix: """
                Our restrictions refused these; the reply text says which restriction. Expected unless \
                a legitimate sender is among them.
                """,
            outboundFix: """
                The reply text in the examples is all the destination says. Check our sending address \
                against the blocklists, that SPF, DKIM and DMARC pass, and the destination's postmaster \
                pages; if it lasts, ask its postmaster.
                """),
        ReplyTopic(
            id: "temporary_policy", family: .pacing, phrase: "a temporary policy deferral",
            explanation: """
                The server deferred the mail for a policy reason it did not name (4.7.0, 454): often a \
                temporary reputation or rate decision of a large provider.
                """,
            inboundFix: "Our restrictions deferred these clients; the reply text says which.",
            outboundFix: """
                Our server retries. If it lasts, read the destination's postmaster pages: large \
                providers defer unknown or fast senders this way.
                """),
        ReplyTopic(
            id: "mailbox_unavailable", family: .mailbox, phrase: "the mailbox unavailable",
            explanation: """
                The server did not take the mail for this mailbox (450 or 550) and said no more: it may \
                not exist, be disabled, or be refused by policy.
                """,
            inboundFix: "Our server refused these recipients; the reply text says why.",
            outboundFix: """
                Read the reply text in the examples; if it names nothing, check the address with its \
                owner.
                """),
        ReplyTopic(
            id: "user_not_local", family: .recipient, phrase: "recipients who moved",
            explanation: """
                The server does not take mail for this recipient and often names where it went (551 \
                User not local; please try <forward-path>).
                """,
            inboundFix: "Our server told clients a recipient moved; nothing to do.",
            outboundFix: """
                Update the address to the one the server named, in the lists and aliases that send to \
                it.
                """),
        ReplyTopic(
            id: "bad_destination", family: .recipient, phrase: "a bad destination domain",
            explanation: "The recipient's domain does not exist or takes no mail (5.1.2, 5.1.10).",
            inboundFix: "Clients addressed domains that do not exist here.",
            outboundFix: "Check the recipient domain for a typo; remove addresses of dead domains.",
        ),
        ReplyTopic(
            id: "bad_address", family: .recipient, phrase: "a bad address",
            explanation: "The address is malformed or not valid at the destination (5.1.x, 553).",
            inboundFix: "Clients sent malformed addresses; nothing to do unless they are our users' clients.",
            outboundFix: "Correct the address where it comes from (a list, an alias, a form).",
        ),
        ReplyTopic(
            id: "routing", family: .general, phrase: "a routing or network problem",
            explanation: """
                The mail could not be routed or the connection failed (x.4.x): DNS, a routing loop, a \
                network problem.
                """,
            inboundFix: "Check our DNS resolver and the routing of the domains named.",
            outboundFix: "Check the destination's MX records and whether our server can reach it.",
        ),
        ReplyTopic(
            id: "protocol", family: .general, phrase: "a protocol error",
            explanation: "A command was wrong or out of order (500 to 504, x.5.x).",
            inboundFix: """
                Clients sent commands our server does not accept here: broken clients or scanners. \
                Nothing to do unless a known client keeps failing.
                """,
            outboundFix: """
                The destination did not accept a command of ours: look for a broken middlebox or an \
                extension the destination mishandles (smtp_discard_ehlo_keyword_address_maps).
                """),
        ReplyTopic(
            id: "transaction_failed", family: .general, phrase: "a refusal",
            explanation: """
                The server refused the mail (554 Transaction failed) and said no more than the reply \
                text shows.
                """,
            inboundFix: "Our server refused these; the reply text says which restriction.",
            outboundFix: "Read the reply text in the examples for the destination's reason.",
        ),
        ReplyTopic(
            id: "temporary_failure", family: .general, phrase: "temporary failures",
            explanation: "The server deferred the mail for a reason its reply text gives.",
            inboundFix: "Our server deferred these; the reply text says why.",
            outboundFix: "Our server retries; read the reply text if it lasts.",
        ),
        ReplyTopic(
            id: "permanent_failure", family: .general, phrase: "permanent failures",
            explanation: "The server refused the mail for a reason its reply text gives.",
            inboundFix: "Our server refused these; the reply text says why.",
            outboundFix: "Read the reply text in the examples for the destination's reason.",
        ),
    ]
}
