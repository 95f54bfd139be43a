extension Finding.Kind {
    /// One account logging in from more networks within a window than one person uses: its
    /// password is known to others.
    public static let accountNetworks = Finding.Kind(rawValue: "account_networks")
}

/// Successful logins (messages submitted after a login) of one user from more distinct networks
/// (/24, /64) within a window than the threshold: a phone, a laptop at home and one at the
/// office make three; a stolen password sold on makes dozens.
///
/// The window is counted on two grids of fixed spans, the second shifted by half a window
/// (`NetworkSpans`): every set of logins that lies within half a window falls in one span of one
/// grid, no span is longer than the window, and a span is kept only while it can still change.
public struct AccountNetworksRule: FindingRule {
    public struct Config: RuleConfig {
        /// Seconds of the span the networks are counted in.
        public var window = 3_600
        /// A user logging in from more networks than this within a window is reported.
        public var threshold = 4
        /// Critical from this many networks within a window.
        public var criticalNetworks = 8
        public var ipv4Prefix = NetworkPrefix.defaultIPv4
        public var ipv6Prefix = NetworkPrefix.defaultIPv6
        public var severity = Severity.warning

        public init() {}

        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "window": window = try value.duration()
            case "threshold": threshold = try value.integer(minimum: 1, maximum: 1_000_000)
            case "critical_networks": criticalNetworks = try value.integer(minimum: 2, maximum: 1_000_000)
            case "ipv4_prefix": ipv4Prefix = try value.integer(minimum: 8, maximum: 32)
            case "ipv6_prefix": ipv6Prefix = try value.integer(minimum: 16, maximum: 128)
            case "severity": severity = try value.severity()
            default: throw value.unknownKey()
            }
        }
    }

    /// One user's logins from one network, both hashed once per login (`HashedName`).
    struct UserNetwork: Hashable, Comparable, Sendable {
        var userKey: HashedName
        var networkKey: HashedName
        var user: String { userKey.string }
        var network: String { networkKey.string }

        static func < (lhs: UserNetwork, rhs: UserNetwork) -> Bool {
            lhs.userKey != rhs.userKey ? lhs.userKey < rhs.userKey : lhs.networkKey < rhs.networkKey
        }

        /// Without a `Hasher` run per look-up, as `HashedName`'s own.
        @inline(__always)
        func _rawHashValue(seed: Int) -> Int {
            networkKey._rawHashValue(seed: userKey._rawHashValue(seed: seed))
        }
    }

    public struct Accumulator: RuleAccumulator {
        public static var topics: ObservationTopics { .login }
        let config: Config
        /// Logins by user and network, over the period: counts, times and a line of each.
        var networks: CappedTable<UserNetwork, SubjectActivity>
        /// Logins by user, over the period: the findings' counts and times, whole however
        /// `networks` was cut (which rows a cut drops depends on where a log was split).
        var users: CappedTable<HashedName, SubjectActivity>
        /// The networks of each user in each span of the two grids.
        var spans: NetworkSpans

        public mutating func observe(_ observation: Observation) {
            guard let user = observation.loginUserName, observation.peerName.isSome,
                  let network = observation.networkName(ipv4: config.ipv4Prefix, ipv6: config.ipv6Prefix)
            else { return }
            let time = observation.time, examples = observation.examples
            networks.update(UserNetwork(userKey: user, networkKey: network)) {
                $0.record(time, example: { examples.example() })
            }
            users.update(user) { $0.record(time, example: { examples.example() }) }
            guard let seconds = observation.epochSeconds else { return }
            spans.add(user: user, network: network, at: seconds)
        }

        public mutating func merge(_ other: Accumulator) {
            networks += other.networks
            users += other.users
            spans.merge(other.spans)
        }

        public mutating func offsetLineNumbers(by lines: Int) {
            networks.offsetExampleLines(by: lines)
            users.offsetExampleLines(by: lines)
        }

        public var tables: [CutTable] {
            [CutTable("logins by user and network", networks, leftOut: .notListed),
             CutTable("logins by user", users, leftOut: .inNoFinding),
             CutTable("networks by user and window", spans, leftOut: .inNoFinding)]
        }
    }

    public static let section = "account_networks"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator {
        Accumulator(config: config, networks: CappedTable(capacity: capacity), users: CappedTable(capacity: capacity),
                    spans: NetworkSpans(window: config.window, threshold: config.threshold, capacity: capacity))
    }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        // Each user's busiest span: the most networks, the earliest on a tie. Users are keyed
        // as the tables keep them, hashed once (`HashedName`).
        var busiest: [HashedName: (networks: Int, start: Int)] = [:]
        for (span, count) in accumulator.spans.counts where count > config.threshold {
            if let known = busiest[span.userKey], known.networks > count || (known.networks == count && known.start <= span.start) {
                continue
            }
            busiest[span.userKey] = (count, span.start)
        }
        let ranked = busiest.sorted { $0.value.networks != $1.value.networks ? $0.value.networks > $1.value.networks : $0.key < $1.key }
        // The rows of the users shown, grouped in one pass (a selection per user over the whole
        // table was quadratic: 100 M instructions on a 10 MB log of generated logins, a fifth of
        // the run). Counts and times come from `users`, which a cut of `networks` leaves whole;
        // the rows give the lists of networks and the examples.
        let detailed = Set(ranked.prefix(max(1, context.top) + 1).map(\.key))
        var rowsByUser: [HashedName: CappedTable<UserNetwork, SubjectActivity>] = [:]
        for (key, row) in accumulator.networks.entries where detailed.contains(key.userKey) {
            rowsByUser[key.userKey, default: CappedTable(capacity: accumulator.networks.capacity)].update(key) { $0 = row }
        }
        let found = ranked.map { userKey, span in
            let user = userKey.string
            let severity = span.networks >= config.criticalNetworks ? Severity.critical : config.severity
            let total = accumulator.users.value(for: userKey) ?? SubjectActivity()
            guard detailed.contains(userKey) else {
                return Finding(kind: .accountNetworks, severity: max(severity, config.severity), direction: .inbound, code: nil,
                               statement: "", count: total.count, primary: .users,
                               subjects: [.users: Finding.NameList(entries: [Finding.Entry(name: user, count: total.count)])],
                               first: total.first, last: total.last, examples: [],
                               explanation: AccountNetworksRule.explanation, fix: AccountNetworksRule.fix)
            }
            // A user whose rows the capped table dropped has none: an empty list of networks.
            let rows = rowsByUser[userKey] ?? CappedTable(capacity: accumulator.networks.capacity)
            let selection = SubjectSelection(rows, top: context.top) { _, _ in true }
            let networks = selection.nameList(\.network)
            let start = LogTime(epochSeconds: span.start), end = LogTime(epochSeconds: span.start + config.window)
            let statement = "One account from many places: \(user) logged in from "
                + "\(Wording.plural(span.networks, "network")) within \(Wording.duration(config.window)) "
                + "(\(start) to \(end)), \(Wording.plural(selection.subjects, "network")) and "
                + "\(Wording.plural(total.count, "login")) over the period"
            return Finding(kind: .accountNetworks, severity: max(severity, config.severity), direction: .inbound, code: nil,
                           statement: statement, count: total.count, primary: .users,
                           subjects: [.users: Finding.NameList(entries: [Finding.Entry(name: user, count: total.count)]),
                                      .networks: networks],
                           first: total.first, last: total.last,
                           examples: rows.count == 0 ? (total.example.map { [$0] } ?? []) : selection.examples(),
                           explanation: AccountNetworksRule.explanation, fix: AccountNetworksRule.fix)
        }
        return AccountFindings.capped(found, top: context.top, noun: "logged in from more networks than the threshold within a window")
    }

    static let explanation = """
        One account logged in from more networks within the window than its owner's devices \
        explain: a password that leaked (phished, guessed, reused from another site's breach) is \
        used by several senders at once, often through proxies spread over many networks. The \
        networks listed are where its logins came from, the most frequent first.
        """

    static let fix = """
        Ask the account's owner which networks are theirs; if they cannot account for them, lock \
        the account or reset its password and end its sessions. Hold its queued mail: Postfix: \
        postsuper -h QUEUEID for each of its messages in mailq; Exim: exiqgrep -i -f user@domain \
        | xargs exim -Mf. Check the server's address against the blocklists. Rate-limit \
        submissions per user (Postfix: smtpd_client_message_rate_limit or a policy service such \
        as postfwd; Exim: ratelimit in the ACL keyed on $authenticated_id).
        """
}
