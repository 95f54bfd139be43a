extension Finding.Kind {
    /// Many hosts of one network failing to log in: one attack spread over addresses.
    public static let distributedPasswordGuessing = Finding.Kind(rawValue: "distributed_password_guessing")
}

/// Failed logins (530/535 our server sent) grouped by network: a botnet that gives each host a
/// few tries stays under every per-client threshold, and its network's total and the number of
/// user names tried show it for what it is.
public struct NetworkGuessingRule: FindingRule {
    public struct Config: RuleConfig {
        /// The prefix lengths that make a network.
        public var ipv4Prefix = NetworkPrefix.defaultIPv4
        public var ipv6Prefix = NetworkPrefix.defaultIPv6
        /// A network counts when at least this many of its hosts failed to log in...
        public var minHosts = 3
        /// ...and they failed at least this many times together.
        public var threshold = 20
        public var severity = Severity.warning
        /// Critical from this many failures, or this many distinct user names tried.
        public var criticalFailures = 100
        public var criticalUsers = 50

        public init() {}

        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "ipv4_prefix": ipv4Prefix = try value.integer(minimum: 8, maximum: 32)
            case "ipv6_prefix": ipv6Prefix = try value.integer(minimum: 16, maximum: 128)
            case "min_hosts": minHosts = try value.integer(minimum: 2, maximum: 1_000_000)
            case "threshold": threshold = try value.integer(minimum: 1, maximum: 1_000_000_000)
            case "severity": severity = try value.severity()
            case "critical_failures": criticalFailures = try value.integer(minimum: 1, maximum: 1_000_000_000)
            case "critical_users": criticalUsers = try value.integer(minimum: 1, maximum: 1_000_000_000)
            default: throw value.unknownKey()
            }
        }
    }

    public struct Accumulator: RuleAccumulator {
        public static var topics: ObservationTopics { .inboundAuthFailure }
        let config: Config
        var networks: CappedTable<HashedName, SubjectActivity>
        /// Hosts by network, to count them; and each host's count and first line, for its
        /// example line (a `SubjectExample`: nothing else of a host is shown).
        var hosts: NamePairs<HashedName>
        var hostRows: CappedTable<HashedName, SubjectExample>
        var users: NamePairs<HashedName>

        public mutating func observe(_ observation: Observation) {
            guard let event = observation.reply, let client = observation.peerName,
                  let network = observation.networkName(ipv4: config.ipv4Prefix, ipv6: config.ipv6Prefix)
            else { return }
            let time = observation.time, examples = observation.examples, code = event.code
            networks.update(network) { $0.record(time, code: code, example: { examples.example() }) }
            hosts.add(subject: network, name: client)
            hostRows.update(client) { $0.record(time, code: code, example: { examples.example() }) }
            if let user = observation.name(event.saslUser) { users.add(subject: network, name: user) }
        }

        public mutating func merge(_ other: Accumulator) {
            networks += other.networks
            hosts += other.hosts
            hostRows += other.hostRows
            users += other.users
        }

        public mutating func offsetLineNumbers(by lines: Int) {
            networks.offsetExampleLines(by: lines)
            hostRows.offsetExampleLines(by: lines)
        }

        public var tables: [CutTable] {
            [CutTable("networks", networks, leftOut: .inNoFinding),
             CutTable("hosts by network", hosts, leftOut: .notListed),
             CutTable("hosts' example lines", hostRows, leftOut: .notListed),
             CutTable("user names by network", users, leftOut: .notListed)]
        }
    }

    public static let section = "network_guessing"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator {
        Accumulator(config: config, networks: CappedTable(capacity: capacity), hosts: NamePairs(capacity: capacity),
                    hostRows: CappedTable(capacity: capacity), users: NamePairs(capacity: capacity))
    }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        let hostCounts = accumulator.hosts.distinctNames()
        let userCounts = accumulator.users.distinctNames()
        let selected = SubjectSelection(accumulator.networks, top: context.top) { network, row in
            (hostCounts[network] ?? 0) >= config.minHosts && row.count >= config.threshold
        }
        guard !selected.isEmpty else { return [] }
        let hosts = accumulator.hosts.names(top: context.top) { selected.keys.contains($0) }
        let users = accumulator.users.names(top: context.top) { selected.keys.contains($0) }
        let worst = selected.keys.map { network in
            (failures: accumulator.networks.value(for: network)?.count ?? 0, users: userCounts[network] ?? 0)
        }
        let critical = worst.contains { $0.failures >= config.criticalFailures || $0.users >= config.criticalUsers }
        var statement = "Distributed password guessing: \(Wording.plural(hosts.distinct, "host")) of "
            + "\(Wording.plural(selected.subjects, "network")) failed to log in \(Wording.plural(selected.count, "time"))"
        if users.distinct > 0 { statement += ", trying \(Wording.plural(users.distinct, "user name"))" }
        var subjects: [Finding.Role: Finding.NameList] = [.networks: selected.nameList(\.string), .clients: hosts]
        if !users.isEmpty { subjects[.users] = users }
        return [Finding(kind: .distributedPasswordGuessing, severity: critical ? .critical : config.severity,
                        direction: .inbound, code: selected.dominantCode ?? 535, topic: "auth_failed",
                        statement: statement, count: selected.count, primary: .networks, subjects: subjects,
                        first: selected.first, last: selected.last,
                        // The lines of the hosts listed, the busiest first.
                        examples: Array(hosts.entries.compactMap { accumulator.hostRows.value(for: HashedName($0.name))?.example }.prefix(2)),
                        explanation: NetworkGuessingRule.explanation, fix: NetworkGuessingRule.fix)]
    }

    static let explanation = """
        Many hosts of the same network failed to log in, each a few times: one password-guessing \
        attack spread over addresses so that no single host reaches a per-client limit. The \
        network's total and the user names tried tell it from a few users with stale passwords.
        """

    static let fix = """
        Block the whole network rather than each host: a fail2ban jail with a network-wide ban \
        (banaction on the /24, or recidive), a firewall rule, or postscreen_access_list / Postfix \
        check_client_access with the network (Exim: a host list in the auth ACL). Offer logins only \
        on the submission ports with TLS, and check that no account among the user names tried \
        logged in successfully from these networks.
        """
}
