extension Finding.Kind {
    /// Clients refused relay, with the domains they tried; a probe when one tried often.
    public static let relayRefusals = Finding.Kind(rawValue: "relay_refusals")
}

/// Clients our server refused relay (Postfix `Relay access denied`, Exim `relay not permitted`),
/// with the domains they tried: a client that forgot to log in, or a probe for an open relay.
public struct RelayRefusalsRule: FindingRule {
    public struct Config: RuleConfig {
        public var severity = Severity.warning
        /// A client refused this many times is an open-relay probe.
        public var probeThreshold = 5
        public var probeSeverity = Severity.warning
        public init() {}
        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "severity": severity = try value.severity()
            case "probe_threshold": probeThreshold = try value.integer(minimum: 1, maximum: 1_000_000_000)
            case "probe_severity": probeSeverity = try value.severity()
            default: throw value.unknownKey()
            }
        }
    }

    public struct Accumulator: RuleAccumulator, Codable {
        public static var topics: ObservationTopics { .inboundRelayRefusal }
        /// Keyed by the peer hashed once per observation (`HashedName`).
        var clients: CappedTable<HashedName, SubjectActivity>
        var domains: NamePairs<HashedName>

        public mutating func observe(_ observation: Observation) {
            guard let event = observation.reply, let client = observation.peerName else { return }
            let time = observation.time, examples = observation.examples, code = event.code
            clients.update(client) { $0.record(time, code: code, example: { examples.example() }) }
            if let domain = event.recipientDomain(in: observation.line) { domains.add(subject: client, name: domain) }
        }

        public mutating func merge(_ other: Accumulator) {
            clients += other.clients
            domains += other.domains
        }

        public mutating func offsetLineNumbers(by lines: Int) { clients.offsetExampleLines(by: lines) }

        /// The finding takes every client, so what the lists drop is counted in it.
        public var tables: [CutTable] {
            [CutTable("clients", clients, leftOut: .countedNotNamed),
             CutTable("domains by client", domains, leftOut: .countedNotNamed)]
        }
    }

    public static let section = "relay_refusals"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator {
        Accumulator(clients: CappedTable(capacity: capacity), domains: NamePairs(capacity: capacity))
    }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        let selected = SubjectSelection(everyRowOf: accumulator.clients, top: context.top)
        guard !selected.isEmpty else { return [] }
        let probes = accumulator.clients.entries.reduce(0) { $0 + ($1.1.count >= config.probeThreshold ? 1 : 0) }
        let count = selected.count
        var statement = "Relay refused \(Wording.plural(count, "time")) to \(Wording.plural(selected.subjects, "client"))"
        statement += probes > 0
            ? ": \(Wording.plural(probes, "client")) tried \(config.probeThreshold) times or more, an open-relay probe"
            : ": clients that forgot to log in, or probes"
        var subjects: [Finding.Role: Finding.NameList] = [.clients: selected.nameList(\.string)]
        let domains = accumulator.domains.namesOfAll(top: context.top)
        if !domains.isEmpty { subjects[.domains] = domains }
        let topic = ReplyTopics.topic("relay_denied")!
        return [Finding(kind: .relayRefusals,
                        severity: probes > 0 ? max(config.severity, config.probeSeverity) : config.severity,
                        direction: .inbound, code: selected.dominantCode, topic: topic.id, statement: statement,
                        count: count, primary: .clients, subjects: subjects, first: selected.first,
                        last: selected.last, examples: selected.examples(), explanation: topic.explanation,
                        fix: topic.inboundFix)]
    }
}
