extension Finding.Kind {
    /// A client failing to log in at least the run threshold within the window.
    public static let passwordGuessing = Finding.Kind(rawValue: "password_guessing")
    /// The other failed logins: stale passwords, slow guessing.
    public static let authFailures = Finding.Kind(rawValue: "auth_failures")
}

/// Clients failing to log in (530/535 our server sent), by client: a client with a run of
/// failures in a short window is guessing passwords; the others are stale passwords or a
/// guesser too slow for the window.
public struct ClientAuthFailuresRule: FindingRule {
    public struct Config: RuleConfig {
        /// Seconds in which one client's failures are counted as a run.
        public var window = 3_600
        public var runThreshold = 10
        public var runSeverity = Severity.critical
        public var severity = Severity.warning

        public init() {}

        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "window": window = try value.duration()
            case "run_threshold": runThreshold = try value.integer(minimum: 1, maximum: SubjectActivity.windowMemory)
            case "run_severity": runSeverity = try value.severity()
            case "severity": severity = try value.severity()
            default: throw value.unknownKey()
            }
        }
    }

    public struct Accumulator: RuleAccumulator, Codable {
        public static var topics: ObservationTopics { .inboundAuthFailure }
        let window: Int
        /// Keyed by names hashed once per observation (`HashedName`), as in every rule's tables.
        var clients: CappedTable<HashedName, SubjectActivity>
        var users: NamePairs<HashedName>
        var mechanisms: NamePairs<HashedName>

        public mutating func observe(_ observation: Observation) {
            guard let event = observation.reply, let client = observation.peerName else { return }
            // The closures capture these, not the observation (`Observation.examples`).
            let time = observation.time, seconds = observation.epochSeconds, examples = observation.examples
            let code = event.code, window = window
            clients.update(client) {
                $0.record(time, code: code, window: window, seconds: seconds, example: { examples.example() })
            }
            if let user = observation.name(event.saslUser) { users.add(subject: client, name: user) }
            if let mechanism = observation.name(event.saslMechanism) { mechanisms.add(subject: client, name: mechanism) }
        }

        public mutating func merge(_ other: Accumulator) {
            clients += other.clients
            users += other.users
            mechanisms += other.mechanisms
        }

        public mutating func offsetLineNumbers(by lines: Int) { clients.offsetExampleLines(by: lines) }

        public var tables: [CutTable] {
            [CutTable("clients", clients, leftOut: .inNoFinding),
             CutTable("user names by client", users, leftOut: .notListed),
             CutTable("mechanisms by client", mechanisms, leftOut: .notListed)]
        }
    }

    public static let section = "auth_failures"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator {
        Accumulator(window: config.window, clients: CappedTable(capacity: capacity),
                    users: NamePairs(capacity: capacity), mechanisms: NamePairs(capacity: capacity))
    }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        var found: [Finding] = []
        let threshold = config.runThreshold
        let runs = SubjectSelection(accumulator.clients, top: context.top) { $1.peakInWindow >= threshold }
        if !runs.isEmpty {
            let users = accumulator.users.names(top: context.top) { runs.keys.contains($0) }
            var statement = "Password guessing: \(Wording.plural(runs.subjects, "client")) failed to log in at least "
                + "\(threshold) times within \(Wording.duration(config.window)), \(Wording.plural(runs.count, "failure")) in all"
            if users.distinct > 0 { statement += ", trying \(Wording.plural(users.distinct, "user name"))" }
            found.append(finding(.passwordGuessing, config.runSeverity, runs, users: users, statement: statement,
                                 accumulator: accumulator, context: context,
                                 explanation: ClientAuthFailuresRule.guessingExplanation))
        }
        let others = SubjectSelection(accumulator.clients, top: context.top) { $1.peakInWindow < threshold }
        if !others.isEmpty {
            let users = accumulator.users.names(top: context.top) { others.keys.contains($0) }
            // What the failures look like decides what they are: a few users failing again and
            // again is a stale password; many names is guessing spread out in time or addresses.
            let guessing = users.distinct > max(3, 2 * others.subjects)
            let statement = "\(Wording.plural(others.count, "failed login")) from \(Wording.plural(others.subjects, "client")) "
                + "below the password-guessing threshold: "
                + (guessing ? "\(Wording.plural(users.distinct, "user name")) tried, slow or distributed guessing"
                    : "stale passwords or a slow guesser")
            found.append(finding(.authFailures, config.severity, others, users: users, statement: statement,
                                 accumulator: accumulator, context: context,
                                 explanation: guessing ? ClientAuthFailuresRule.guessingExplanation
                                    : ReplyTopics.topic("auth_failed")!.explanation))
        }
        return found
    }

    private func finding(_ kind: Finding.Kind, _ severity: Severity, _ selection: SubjectSelection<HashedName>,
                         users: Finding.NameList, statement: String, accumulator: Accumulator,
                         context: RuleContext, explanation: String) -> Finding {
        var subjects: [Finding.Role: Finding.NameList] = [.clients: selection.nameList(\.string)]
        if !users.isEmpty { subjects[.users] = users }
        let mechanisms = accumulator.mechanisms.names(top: context.top) { selection.keys.contains($0) }
        if !mechanisms.isEmpty { subjects[.mechanisms] = mechanisms }
        return Finding(kind: kind, severity: severity, direction: .inbound, code: selection.dominantCode ?? 535,
                       topic: "auth_failed", statement: statement, count: selection.count, primary: .clients,
                       subjects: subjects, first: selection.first, last: selection.last,
                       examples: selection.examples(), explanation: explanation,
                       fix: ClientAuthFailuresRule.fix)
    }

    static let guessingExplanation = """
        Clients tried to log in with many passwords or user names: password guessing. Each failure \
        is a 535 our server sent (Postfix logs it as "SASL LOGIN authentication failed", Exim as \
        "authenticator failed"). A guesser that succeeds sends spam through the account, which gets \
        the server blocklisted.
        """

    static let fix = """
        Block the clients: fail2ban's postfix-sasl (Postfix) or exim jail, or postscreen and \
        smtpd_client_auth_rate_limit to slow them. Offer logins only on the submission ports (587, \
        465) with TLS, not on port 25. Check that no login from these clients succeeded afterwards \
        (a 235, or Postfix's sasl_username= on a later line): if one did, lock that account and \
        change its password at once.
        """
}
