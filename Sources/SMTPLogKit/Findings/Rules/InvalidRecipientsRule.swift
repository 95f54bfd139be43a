extension Finding.Kind {
    /// Bounces for recipients that do not exist, by recipient domain.
    public static let invalidRecipients = Finding.Kind(rawValue: "invalid_recipients")
}

/// Mail of ours refused because the recipient does not exist, read from the reply text as much
/// as from the code (`550 5.1.1`, but also `550 5.7.1 ... Mailbox does not exist`), by
/// recipient domain: stale addresses, or a list that needs cleaning.
public struct InvalidRecipientsRule: FindingRule {
    public struct Config: RuleConfig {
        /// A recipient domain with at least this many bounces.
        public var threshold = 5
        public var severity = Severity.notice
        public init() {}
        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "threshold": threshold = try value.integer(minimum: 1, maximum: 1_000_000_000)
            case "severity": severity = try value.severity()
            default: throw value.unknownKey()
            }
        }
    }

    public struct Accumulator: RuleAccumulator, Codable {
        public static var topics: ObservationTopics { .outboundPermanent }
        /// Keyed by names hashed once per observation (`HashedName`): the domain keys three tables.
        var domains: CappedTable<HashedName, SubjectActivity>
        var servers: NamePairs<HashedName>
        var addresses: NamePairs<HashedName>

        public mutating func observe(_ observation: Observation) {
            guard let event = observation.reply, !event.isRelayRefusal, let topic = observation.replyTopic,
                  topic.family == .recipient, topic.id != "user_not_local", let recipient = event.recipient,
                  let found = event.recipientDomain(in: observation.line) else { return }
            let line = observation.line, domain = HashedName(found)
            let time = observation.time, examples = observation.examples, code = event.code
            domains.update(domain) { $0.record(time, code: code, example: { examples.example() }) }
            if let server = observation.peerName { servers.add(subject: domain, name: server) }
            addresses.add(subject: domain, name: line.key(recipient).lowercased())
        }

        public mutating func merge(_ other: Accumulator) {
            domains += other.domains
            servers += other.servers
            addresses += other.addresses
        }

        public mutating func offsetLineNumbers(by lines: Int) { domains.offsetExampleLines(by: lines) }

        public var tables: [CutTable] {
            [CutTable("domains", domains, leftOut: .inNoFinding),
             CutTable("servers by domain", servers, leftOut: .notListed),
             CutTable("addresses by domain", addresses, leftOut: .notListed)]
        }
    }

    public static let section = "invalid_recipients"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator {
        Accumulator(domains: CappedTable(capacity: capacity), servers: NamePairs(capacity: capacity),
                    addresses: NamePairs(capacity: capacity))
    }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        let selected = SubjectSelection(accumulator.domains, top: context.top) { $1.count >= config.threshold }
        guard !selected.isEmpty else { return [] }
        let topic = ReplyTopics.topic("unknown_recipient")!
        var subjects: [Finding.Role: Finding.NameList] = [.domains: selected.nameList(\.string)]
        let addresses = accumulator.addresses.names(top: context.top) { selected.keys.contains($0) }
        if !addresses.isEmpty { subjects[.addresses] = addresses }
        let servers = accumulator.servers.names(top: context.top) { selected.keys.contains($0) }
        if !servers.isEmpty { subjects[.servers] = servers }
        return [Finding(kind: .invalidRecipients, severity: config.severity, direction: .outbound,
                        code: selected.dominantCode, topic: topic.id,
                        statement: "\(Wording.plural(selected.count, "bounce")) for unknown recipients at "
                            + "\(Wording.plural(selected.subjects, "domain")) (at least \(config.threshold) each): "
                            + "stale addresses or a list needing cleanup",
                        count: selected.count, primary: .domains, subjects: subjects, first: selected.first,
                        last: selected.last, examples: selected.examples(), explanation: topic.explanation,
                        fix: topic.outboundFix)]
    }
}
