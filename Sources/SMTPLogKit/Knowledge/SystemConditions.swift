/// A problem of our own mail system, as its warnings, errors, fatal errors and panics name it,
/// and as the replies it sends for its own reasons show it (452 storage, 454 TLS or the
/// authentication service, 451 a lookup table): the disk, a table, a service it needs, its
/// capacity, its configuration.
public struct SystemCondition: Sendable, Hashable {
    public enum Impact: Sendable, Hashable {
        /// Mail is refused, deferred or lost while it lasts.
        case outage
        /// Something is misconfigured; mail may still flow, wrongly.
        case configuration
    }

    public let id: String
    public let impact: Impact
    /// A few words for a statement: "the queue's disk full".
    public let phrase: String
    public let explanation: String
    public let fix: String

    public var index: Int { SystemConditions.indexByID[id]! }
}

/// The conditions, how a notice line is assigned one, and which reply topics are the same
/// condition seen from the client's side.
public enum SystemConditions {
    public static let all: [SystemCondition] = [
        SystemCondition(
            id: "disk_full", impact: .outage, phrase: "the queue's disk full",
            explanation: """
                The file system of the mail queue is (nearly) full. Postfix refuses mail below \
                queue_minfree and 1.5 times message_size_limit of free space ("not enough free space in \
                mail queue", and clients get "452 4.3.1 Insufficient system storage"); Exim below \
                check_spool_space ("spool directory space check failed", "452 Space shortage").
                """,
            fix: """
                Free space at once (df -h and df -i on /var/spool/postfix or /var/spool/exim4: a full \
                /var, old logs or a core dump are the usual cause), then find why it filled: a backlog of \
                deferred mail (mailq, qshape deferred; Exim: exim -bpc), frozen bounces (exiqgrep -z), a \
                mail loop. Senders retry, so mail deferred meanwhile arrives once there is room.
                """),
        SystemCondition(
            id: "queue_corruption", impact: .outage, phrase: "queue files missing or damaged",
            explanation: """
                Postfix or Exim could not read a message's queue file: it was deleted while Postfix was \
                delivering it ("open active ...: No such file or directory", usually right after a \
                postsuper -d or rm in the queue), or it is damaged ("missing end record", "damaged \
                message: corrupt/...", Exim "Spool file ... not found"). Those messages are lost.
                """,
            fix: """
                Delete queued mail only with postsuper -d (Postfix) or exim -Mrm (Exim), never with rm, \
                and stop Postfix first for bulk removals. For damaged files: check the disk (dmesg, \
                SMART), run postsuper -s, and look at what postfix check says; files moved to the \
                corrupt queue can be inspected with postcat and removed.
                """),
        SystemCondition(
            id: "process_limit", impact: .outage, phrase: "the process or connection limit reached",
            explanation: """
                A service ran all the processes it may ("service smtp (25) has reached its process \
                limit", postscreen's "All server ports are busy"), or Exim stopped delivering because of \
                load or a concurrency limit ("no immediate delivery: load average", "concurrency limit \
                reached for transport"): new clients wait or are turned away, mail waits in the queue.
                """,
            fix: """
                Raise the limit if memory allows (Postfix: default_process_limit, or maxproc of the \
                service in master.cf; see STRESS_README; Exim: smtp_accept_max, \
                queue_only_load, deliver_queue_load_max), or find what holds the processes: slow DNS, a \
                slow milter or content filter, or one client opening many connections \
                (smtpd_client_connection_count_limit; Exim smtp_accept_max_per_host).
                """),
        SystemCondition(
            id: "lookup_table", impact: .outage, phrase: "a lookup table unavailable",
            explanation: """
                A table Postfix or Exim reads (a .db or .cdb map, an SQL or LDAP server, a file searched \
                line by line) could not be opened or answered with an error; mail that needs it is \
                deferred ("451 4.3.0 Temporary lookup failure") or refused.
                """,
            fix: """
                The line names the table: rebuild a missing map with postmap (or newaliases), fix its \
                permissions, install the missing map type (postconf -m lists them: unsupported \
                dictionary type mysql means the postfix-mysql package is missing), or bring back the \
                SQL or LDAP server. Deferred mail is retried once the table reads.
                """),
        SystemCondition(
            id: "database_older_than_source", impact: .configuration, phrase: "a lookup table older than its source",
            explanation: """
                A map's database file is older than the text file it is built from ("database \
                /etc/postfix/x.db is older than source file /etc/postfix/x"): someone edited the source \
                and did not rebuild it, so Postfix still uses the old entries.
                """,
            fix: """
                Rebuild it: postmap /etc/postfix/x (newaliases for the aliases), then postfix reload. \
                Make rebuilding part of editing (a Makefile, or your configuration management).
                """),
        SystemCondition(
            id: "tls_key_or_certificate", impact: .outage, phrase: "our TLS key or certificate unusable",
            explanation: """
                The server could not load its own TLS key, certificate or CA data (a missing, unreadable, \
                expired or mismatched file), so STARTTLS is disabled or fails ("454 4.7.0 TLS not \
                available due to local problem"); clients and servers that require TLS cannot deliver.
                """,
            fix: """
                Check the files in smtpd_tls_cert_file and smtpd_tls_key_file (or smtpd_tls_chain_files), \
                smtp_tls_CAfile and smtpd_tls_CAfile; Exim: tls_certificate, tls_privatekey and \
                tls_verify_certificates. They must exist, be readable by the server, match each other \
                and not be expired. Renewals that replace the files need a postfix reload (Exim re-reads \
                them per connection).
                """),
        SystemCondition(
            id: "auth_service_down", impact: .outage, phrase: "the authentication service unreachable",
            explanation: """
                The server could not reach the service that checks passwords (Dovecot's auth socket, \
                saslauthd), or offers no mechanism, so no user could log in ("454 4.7.0 Temporary \
                authentication failure", "SASL: Connect to private/auth failed").
                """,
            fix: """
                Check that the service runs (systemctl status dovecot or saslauthd) and that its socket \
                is where the server looks: Postfix's smtpd_sasl_path (private/auth is inside the chroot, \
                /var/spool/postfix/private/auth, set in Dovecot's unix_listener), with permissions that \
                let Postfix connect; Exim: the dovecot authenticator's server_socket.
                """),
        SystemCondition(
            id: "milter_or_filter_unreachable", impact: .outage, phrase: "a milter, scanner or content filter failing",
            explanation: """
                A milter (OpenDKIM, rspamd, ClamAV), a content filter (amavis) or Exim's spam or malware \
                scanner did not answer or failed: mail is then deferred, or passes unfiltered, depending \
                on the configuration.
                """,
            fix: """
                Start the filter and check the address the mail server uses for it (Postfix: \
                smtpd_milters, content_filter, a unix socket inside the chroot; Exim: spamd_address, \
                av_scanner). Decide with milter_default_action (Postfix) or defer_ok (Exim) whether mail \
                waits or flows unfiltered while it is down.
                """),
        SystemCondition(
            id: "service_failure", impact: .outage, phrase: "a mail service crashing or not starting",
            explanation: """
                A Postfix daemon exited with an error or was killed ("exit status 1", "killed by signal \
                11"), and master throttles its restarts ("bad command startup -- throttling"), or Postfix \
                did not start at all ("daemon initialization failure"); an Exim delivery process failed. \
                While it lasts, that service handles no mail.
                """,
            fix: """
                The lines just before the first of these say why the daemon died (a configuration error, \
                a missing file, a crash). Fix it, run postfix check, and postfix reload or restart; \
                master restarts a throttled service a minute after the cause is gone. A process killed by \
                signal 11 is a crash: check for a package upgrade or a broken library.
                """),
        SystemCondition(
            id: "dns_lookups", impact: .configuration, phrase: "DNS lookups of our own failing",
            explanation: """
                Postscreen's DNS blocklist queries time out or fail ("dnsblog reply timeout", \
                "dnsblog_query: lookup error"): our resolver is slow or refuses the queries (public \
                resolvers are refused by the blocklists), so clients are not screened.
                """,
            fix: """
                Use a local caching resolver (unbound) for the mail server rather than a public one, \
                and check that the blocklists in postscreen_dnsbl_sites still exist.
                """),
        SystemCondition(
            id: "frozen_messages", impact: .configuration, phrase: "frozen messages in the queue",
            explanation: """
                Exim froze messages it could not deliver, usually bounces that cannot be returned \
                ("Frozen (delivery error message)", "Message is frozen"); they stay in the queue until \
                timeout_frozen_after or ignore_bounce_errors_after, and each queue run logs them again.
                """,
            fix: """
                List them with exiqgrep -z -i and read why with exim -Mvl; remove the junk with \
                exiqgrep -z -i | xargs exim -Mrm, and set timeout_frozen_after (7d) and \
                ignore_bounce_errors_after so they do not pile up. Many frozen bounces usually mean spam \
                accepted for a domain that then bounced.
                """),
        SystemCondition(
            id: "configuration_error", impact: .configuration, phrase: "a configuration error",
            explanation: """
                Postfix or Exim found an error in its configuration (a parameter given twice, a domain \
                listed in two roles, a malformed line, a missing transport, an expansion that fails); \
                a fatal one stops the service that reads it.
                """,
            fix: """
                Run postfix check and postconf -n (Exim: exim -bV, and exim -bt for routing), fix the line \
                the message names, then postfix reload. A service stopped by a fatal error restarts only \
                after the configuration is fixed.
                """),
        SystemCondition(
            id: "resource_exhaustion", impact: .outage, phrase: "memory, processes or files exhausted",
            explanation: """
                The system ran out of memory, processes or file descriptors ("out of memory", "Too many \
                open files"): services fail to start or die.
                """,
            fix: """
                Look at what uses the machine (free, ps, ulimit -n for the mail user); lower Postfix's \
                process limits or give the machine more memory, and raise the file descriptor limit if \
                it is the one reached.
                """),
        SystemCondition(
            id: "local_problem", impact: .outage, phrase: "a local problem",
            explanation: """
                Our server deferred or refused mail for a reason of its own ("451 4.3.0 Temporary local \
                problem", "Server configuration problem"): the warnings and errors just before these \
                replies name the cause.
                """,
            fix: """
                Read the warning and error lines of the same process just before the replies (smtplog \
                lines shows them); the usual causes are a lookup table, a milter, or the queue.
                """),
        SystemCondition(
            id: "fatal", impact: .outage, phrase: "a mail process stopped by a fatal error",
            explanation: """
                A Postfix daemon gave up with a fatal error or a panic: the service it belongs to is down \
                or restarting until the cause is fixed.
                """,
            fix: """
                Read the message: it names the file, table or setting that failed. Fix it, run postfix \
                check, and postfix reload; check that the service runs again.
                """),
    ]

    static let indexByID: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($0.element.id, $0.offset) })

    public static func condition(_ id: String) -> SystemCondition? { indexByID[id].map { all[$0] } }

    /// The condition a warning, error, fatal error or panic reports, or nil when it is about a
    /// client, a remote server or a command run by hand rather than our own system (a hostname
    /// that does not resolve, a client's TLS handshake, a usage error). A fatal error or panic
    /// nothing more specific matches is `fatal`: a stopped daemon is an outage whatever its
    /// reason.
    public static func classify(_ text: UnsafeBufferPointer<UInt8>, kind: RawNotice.Kind, program: String? = nil) -> SystemCondition? {
        classify(match: phrases.firstMatch(in: text), kind: kind, program: program)
    }

    /// `classify(_:kind:program:)` of a text whose phrase (`phrases.firstMatch(in:)`) is
    /// `match`, found once per text by the sink's cache (`NoticeConditionCache`). Inlined:
    /// called out of line, Exim's extractor, which classifies a text per line, paid about 3.5 M
    /// instructions more on a 10 MB log (callgrind).
    @inline(__always)
    static func classify(match: Int?, kind: RawNotice.Kind, program: String?) -> SystemCondition? {
        if let index = match { return index >= 0 ? all[index] : nil }
        guard kind == .fatal || kind == .panic else { return nil }
        // A command an administrator ran (postmap, postsuper, sendmail) that gave up told them
        // so on the spot: no service is down.
        if let program, let name = program.split(separator: "/").last, commands.contains(String(name)) { return nil }
        return all[indexByID["fatal"]!]
    }

    /// Postfix's commands, run by hand or by scripts, as opposed to its daemons.
    static let commands: Set<String> = ["postmap", "postalias", "postsuper", "postqueue", "postcat", "postconf", "sendmail",
                                        "postdrop", "postkick", "postlock", "postlog", "postmulti", "postfix"]

    /// The condition a reply of ours shows: named in its text (`... malware acl condition:
    /// ...`), or by its topic; nil when it is not our fault.
    public static func condition(forReply topic: ReplyTopic, text: UnsafeBufferPointer<UInt8>) -> SystemCondition? {
        if topic.family == .fault || topic.family == .general || topic.family == .pacing,
           let index = phrases.firstMatch(in: text), index >= 0 {
            return all[index]
        }
        return condition(forReply: topic)
    }

    /// The condition a reply's topic shows, or nil when the topic is not a fault.
    public static func condition(forReply topic: ReplyTopic) -> SystemCondition? {
        switch topic.id {
        case "storage": condition("disk_full")
        case "auth_service": condition("auth_service_down")
        case "tls_unavailable": condition("tls_key_or_certificate")
        case "lookup_failure": condition("lookup_table")
        case "server_busy": condition("process_limit")
        case "server_problem": condition("local_problem")
        default: nil
        }
    }

    /// Lower-case phrases, from a sweep of the corpus's 7,191 Postfix warning, error and fatal
    /// lines and its Exim lines (each phrase checked to match no line of another condition); -1
    /// marks lines about clients, remote servers or commands run by hand, which mention a
    /// condition's words and are not our outage.
    static let phrases = NeedleSet<Int>([
        // Clients and remote servers, whatever else the line says.
        ("does not resolve to address", -1), ("address not listed for hostname", -1), ("non-smtp command", -1),
        ("illegal address syntax", -1), ("rate limit exceeded", -1), ("valid_hostname", -1), ("getpeername", -1),
        ("no mx host for", -1), ("numeric domain name", -1), ("sighup received", -1), ("purging the environment", -1),
        // Commands an administrator ran by hand: they saw the error.
        ("usage: ", -1), ("unknown command: ", -1), ("mail system is not running", -1),
        ("mail system is already running", -1), ("recipient addresses must be specified", -1),
        ("-t option cannot be used", -1), ("error reading input:", -1), ("message file too big", -1),
        ("file too large", -1),
        // Our own.
        ("not enough free space in mail queue", id("disk_full")), ("insufficient system storage", id("disk_full")),
        ("spool directory space check failed", id("disk_full")), ("space shortage", id("disk_full")),
        ("no space left on device", id("disk_full")), ("failed to create spool file", id("disk_full")),
        ("spool write error", id("disk_full")),
        ("open active ", id("queue_corruption")), ("from active: no such file or directory", id("queue_corruption")),
        ("damaged message: corrupt/", id("queue_corruption")), ("missing end record", id("queue_corruption")),
        ("saving corrupt file", id("queue_corruption")), ("-d not found", id("queue_corruption")),
        ("has reached its process limit", id("process_limit")), ("stress_readme.html", id("process_limit")),
        ("increase the process count in master.cf", id("process_limit")),
        ("no immediate delivery: load average", id("process_limit")),
        ("concurrency limit reached for transport", id("process_limit")), ("connection limit reached", id("process_limit")),
        ("refused: too many connections", id("process_limit")), ("refused: load average", id("process_limit")),
        ("all server ports busy", id("process_limit")), ("all screening ports busy", id("process_limit")),
        ("unsupported dictionary type", id("lookup_table")), ("table lookup problem", id("lookup_table")),
        ("map lookup problem", id("lookup_table")), ("lookup failure", id("lookup_table")),
        ("is unavailable. ", id("lookup_table")), ("can't contact ldap server", id("lookup_table")),
        ("lookup deferred", id("lookup_table")), ("check lookup", id("lookup_table")),
        ("for linear search", id("lookup_table")), ("when checking local_parts", id("lookup_table")),
        ("open database", id("lookup_table")), ("not found, skipping", id("lookup_table")),
        ("is older than source file", id("database_older_than_source")),
        ("disabling tls support", id("tls_key_or_certificate")), ("certificate authority data", id("tls_key_or_certificate")),
        ("system library:fopen:", id("tls_key_or_certificate")), ("bio_new_file:no such file", id("tls_key_or_certificate")),
        ("x509_load_cert_crl_file", id("tls_key_or_certificate")), ("private key from file", id("tls_key_or_certificate")),
        ("does not match public key", id("tls_key_or_certificate")), ("ssl_ctx_use_", id("tls_key_or_certificate")),
        ("expansion of tls_", id("tls_key_or_certificate")), ("no server certificate defined", id("tls_key_or_certificate")),
        ("cert/key setup", id("tls_key_or_certificate")), ("ocsp_status_request_file", id("tls_key_or_certificate")),
        ("no server certs available", id("tls_key_or_certificate")), ("cannot load certificate", id("tls_key_or_certificate")),
        ("sasl: connect to ", id("auth_service_down")), ("no sasl authentication mechanisms", id("auth_service_down")),
        ("cannot connect to saslauthd", id("auth_service_down")),
        ("connection lost to authentication server", id("auth_service_down")),
        ("connect to authentication server", id("auth_service_down")),
        ("remote authentication server unavailable", id("auth_service_down")),
        ("connect to milter service", id("milter_or_filter_unreachable")), ("milter ", id("milter_or_filter_unreachable")),
        ("spamd: failed to connect", id("milter_or_filter_unreachable")),
        ("malware acl condition", id("milter_or_filter_unreachable")), ("readsocket", id("milter_or_filter_unreachable")),
        ("exit status", id("service_failure")), ("killed by signal", id("service_failure")),
        ("bad command startup -- throttling", id("service_failure")), ("daemon initialization failure", id("service_failure")),
        ("mail system startup failed", id("service_failure")), ("unix_trigger_event: read timeout", id("service_failure")),
        ("problem talking to service", id("service_failure")), ("when writing error message to", id("service_failure")),
        ("transport process returned non-zero status", id("service_failure")),
        ("failed to read delivery status", id("service_failure")),
        ("dnsblog reply timeout", id("dns_lookups")), ("dnsblog_query: lookup error", id("dns_lookups")),
        ("message is frozen", id("frozen_messages")), ("frozen (delivery error message)", id("frozen_messages")),
        ("unfrozen by errmsg timer", id("frozen_messages")),
        ("out of memory", id("resource_exhaustion")), ("cannot allocate memory", id("resource_exhaustion")),
        ("too many open files", id("resource_exhaustion")), ("insufficient memory", id("resource_exhaustion")),
        ("overriding earlier entry", id("configuration_error")), ("in both mydestination and", id("configuration_error")),
        ("connect to transport private/", id("configuration_error")),
        ("missing '=' after attribute name", id("configuration_error")),
        ("but sasl support is not compiled in", id("configuration_error")), ("unknown service: ", id("configuration_error")),
        ("socket: malformed response", id("configuration_error")),
        ("see a previous warning/fatal/panic logfile record", id("configuration_error")),
        ("address already in use", id("configuration_error")), ("servname not supported", id("configuration_error")),
        ("logical line must not start with whitespace", id("configuration_error")),
        ("master.cf file found", id("configuration_error")), ("integrity check failed", id("configuration_error")),
        ("unknown user name value", id("configuration_error")), ("config variable ", id("configuration_error")),
        ("nis domain name not set", id("configuration_error")), ("will be removed from postfix", id("configuration_error")),
        ("is larger than maximal_queue_lifetime", id("configuration_error")),
        ("in non-postfix directory", id("configuration_error")), ("duplicate entry", id("configuration_error")),
        ("symlink leaves directory", id("configuration_error")), ("tainted ", id("configuration_error")),
        ("configured error code starts with incorrect digit", id("configuration_error")),
        ("message_size_limit", id("configuration_error")), ("failed to expand", id("configuration_error")),
        ("cannot be run when mua_wrapper is set", id("configuration_error")),
        ("returned error: cannot use", id("configuration_error")), ("found in a non-message", id("configuration_error")),
        ("etc_mailname", id("configuration_error")), ("transport unset", id("configuration_error")),
        ("is unset", id("configuration_error")), ("is not defined for", id("configuration_error")),
        ("called with no hosts set", id("configuration_error")), ("filtering not enabled", id("configuration_error")),
        ("creating lock file", id("configuration_error")), ("failed to create directories", id("configuration_error")),
        ("unknown curve name", id("configuration_error")), ("deprecated diffie-hellman", id("configuration_error")),
        ("local configuration error", id("configuration_error")), ("local_scan() library failure", id("configuration_error")),
        ("dkim_strict is set", id("configuration_error")), ("privkey pem-block import", id("configuration_error")),
        ("unable to set gid=", id("configuration_error")), ("re-exec of exim", id("configuration_error")),
        ("message texts:", id("configuration_error")), ("bounce_message_file is not", id("configuration_error")),
        ("failed to open filter log file", id("configuration_error")), ("(etrn) failed", id("configuration_error")),
        ("mailbox file format unrecognized", id("configuration_error")), ("main.cf", id("configuration_error")),
        (" differ", id("configuration_error")), ("returned error:", id("configuration_error")),
        ("expansion of \"", id("configuration_error")),
        // Client noise that shares words with the phrases above, which win when they are there
        // too (`SASL authentication failure: cannot connect to saslauthd server` is ours).
        ("alert certificate", -1), ("ssl_accept error", -1), ("ssl verify error", -1), ("tls error on connection from [", -1),
        ("sasl authentication failure", -1), ("tls library problem", -1),
    ])

    private static func id(_ name: String) -> Int { indexByID[name]! }
}
