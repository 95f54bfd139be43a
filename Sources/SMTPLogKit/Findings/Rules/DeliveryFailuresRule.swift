extension Finding.Kind {
    /// Mail that failed with no reply code: no server answered, or the local delivery failed.
    public static let deliveryFailures = Finding.Kind(rawValue: "delivery_failures")
}

/// Deliveries that failed without any server answering: timeouts, refused connections, names
/// that do not resolve, TLS that could not be agreed, loops, local delivery failures. Counted
/// per reason and destination; a report of replies alone would miss them all (a log of
/// nothing but Exim `**` lines without an SMTP error shows "0 replies"). Postfix's cached
/// verdicts on a failed connection count as messages held back.
public struct DeliveryFailuresRule: FindingRule {
    public struct Config: RuleConfig {
        /// A reason and destination seen at least this many times (held-back messages count).
        public var threshold = 1
        /// Messages returned to their senders.
        public var severity = Severity.warning
        /// Messages still queued for another attempt.
        public var deferredSeverity = Severity.notice
        public init() {}
        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "threshold": threshold = try value.integer(minimum: 1, maximum: 1_000_000_000)
            case "severity": severity = try value.severity()
            case "deferred_severity": deferredSeverity = try value.severity()
            default: throw value.unknownKey()
            }
        }
    }

    /// Destinations under one reason and outcome (returned, or still waiting).
    struct Key: Hashable, Comparable, Sendable {
        var reason: UInt8
        var returned: Bool
        var destination: String
        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.reason, lhs.returned ? 0 : 1, lhs.destination) < (rhs.reason, rhs.returned ? 0 : 1, rhs.destination)
        }
    }

    public struct Accumulator: RuleAccumulator {
        public static var topics: ObservationTopics { [.undelivered, .cachedVerdict] }
        var destinations: CappedTable<Key, SubjectActivity>
        var recipients: NamePairs<Key>

        public mutating func observe(_ observation: Observation) {
            guard let notice = observation.notice else { return }
            // A cached verdict that repeats a reply belongs to that reply's finding.
            if notice.kind == .cachedVerdict && notice.code != 0 { return }
            let line = observation.line
            let reason = DeliveryFailureReasons.classify(line.slice(notice.text))
            // The host that failed to answer when the line names one (the relay, or the server it
            // tried), else the recipient's domain: a cached verdict and the failure it repeats
            // land on the same row.
            let destination = observation.key(notice.destination) ?? observation.key(notice.peerName)
                ?? notice.recipient.flatMap { recipient in
                    line.lastByte(0x40, in: recipient).map { line.key(($0 + 1)..<recipient.upperBound).lowercased() }
                } ?? "unknown destination"
            let key = Key(reason: UInt8(reason.index), returned: notice.status == .bounced || notice.status == .expired,
                          destination: destination)
            if notice.kind == .cachedVerdict {
                destinations.update(key) { $0.recordHeldBack(observation.time, example: observation.example) }
            } else {
                destinations.update(key) { $0.record(observation.time, example: observation.example) }
            }
            if let recipient = observation.key(notice.recipient) { recipients.add(subject: key, name: recipient.lowercased()) }
        }

        public mutating func merge(_ other: Accumulator) {
            destinations += other.destinations
            recipients += other.recipients
        }

        public mutating func offsetLineNumbers(by lines: Int) { destinations.offsetExampleLines(by: lines) }
    }

    public static let section = "delivery_failures"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator {
        Accumulator(destinations: CappedTable(capacity: capacity), recipients: NamePairs(capacity: capacity))
    }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        let groups = Set(accumulator.destinations.entries.map { ($0.0.reason, $0.0.returned) }.map { [Int($0.0), $0.1 ? 1 : 0] })
        return groups.sorted { ($0[1], $0[0]) > ($1[1], $1[0]) }.compactMap { group in
            let reason = DeliveryFailureReasons.all[group[0]]
            let returned = group[1] == 1
            let selected = SubjectSelection(accumulator.destinations, top: context.top) { key, row in
                Int(key.reason) == group[0] && key.returned == returned && row.weight >= config.threshold
            }
            guard !selected.isEmpty else { return nil }
            var statement = "\(Wording.plural(selected.count, "delivery", "deliveries")) to "
                + "\(Wording.plural(selected.subjects, "destination")) "
                + (returned ? "failed for good" : "deferred") + " with no reply: \(reason.phrase)"
            statement += Wording.heldBack(selected.heldBack)
            var subjects: [Finding.Role: Finding.NameList] = [.destinations: selected.nameList(\.destination)]
            let recipients = accumulator.recipients.names(top: context.top) { selected.keys.contains($0) }
            if !recipients.isEmpty { subjects[.addresses] = recipients }
            return Finding(kind: .deliveryFailures, severity: returned ? config.severity : config.deferredSeverity,
                           direction: .outbound, code: nil, topic: reason.id, statement: statement,
                           count: selected.count, primary: .destinations, subjects: subjects,
                           heldBack: selected.heldBack, first: selected.first, last: selected.last,
                           examples: selected.examples(), explanation: reason.explanation, fix: reason.fix)
        }
    }
}
