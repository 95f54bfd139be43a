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
        /// The destination, or for a message that expired with no recipient named, its sender.
        var destination: String
        var bySender = false
        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.reason, lhs.returned ? 0 : 1, lhs.bySender ? 1 : 0, lhs.destination)
                < (rhs.reason, rhs.returned ? 0 : 1, rhs.bySender ? 1 : 0, rhs.destination)
        }
    }

    public struct Accumulator: RuleAccumulator, Codable {
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
                }
            let sender = destination.isNone ? observation.key(notice.sender) : nil
            let key = Key(reason: UInt8(reason.index), returned: notice.status == .bounced || notice.status == .expired,
                          destination: destination ?? sender ?? DeliveryFailuresRule.unknownDestination, bySender: sender.isSome)
            let time = observation.time, examples = observation.examples
            if notice.kind == .cachedVerdict {
                destinations.update(key) { $0.recordHeldBack(time, example: { examples.example() }) }
            } else {
                destinations.update(key) { $0.record(time, example: { examples.example() }) }
            }
            if let recipient = observation.key(notice.recipient) { recipients.add(subject: key, name: recipient.lowercased()) }
        }

        public mutating func merge(_ other: Accumulator) {
            destinations += other.destinations
            recipients += other.recipients
        }

        public mutating func offsetLineNumbers(by lines: Int) { destinations.offsetExampleLines(by: lines) }

        public var tables: [CutTable] {
            [CutTable("destinations", destinations, leftOut: .inNoFinding),
             CutTable("recipients by destination", recipients, leftOut: .notListed)]
        }
    }

    /// The subject of a failure whose line names no host, recipient or sender (Postfix's
    /// `to=<>`, an Exim `**` line with no address): a placeholder, not a name from the line.
    public static let unknownDestination = "unknown destination"

    public static let section = "delivery_failures"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator {
        Accumulator(destinations: CappedTable(capacity: capacity), recipients: NamePairs(capacity: capacity))
    }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        struct Group: Hashable, Comparable {
            var reason: UInt8, returned: Bool, bySender: Bool
            static func < (a: Group, b: Group) -> Bool {
                (a.returned ? 0 : 1, a.reason, a.bySender ? 1 : 0) < (b.returned ? 0 : 1, b.reason, b.bySender ? 1 : 0)
            }
        }
        let groups = Set(accumulator.destinations.entries.map { Group(reason: $0.0.reason, returned: $0.0.returned, bySender: $0.0.bySender) })
        return groups.sorted().compactMap { group in
            let reason = DeliveryFailureReasons.all[Int(group.reason)]
            let selected = SubjectSelection(accumulator.destinations, top: context.top) { key, row in
                key.reason == group.reason && key.returned == group.returned && key.bySender == group.bySender
                    && row.weight >= config.threshold
            }
            guard !selected.isEmpty else { return nil }
            let failures = selected.count > 0
                ? "\(Wording.plural(selected.count, "delivery", "deliveries")) "
                    + (group.bySender ? "of mail from \(Wording.plural(selected.subjects, "sender"))"
                       : "to \(Wording.plural(selected.subjects, "destination"))")
                    + (group.returned ? " failed for good" : " deferred") + " with no reply: \(reason.phrase)"
                : "\(Wording.plural(selected.heldBack, "message")) to \(Wording.plural(selected.subjects, "destination")) "
                    + "held back on an earlier failure with no reply: \(reason.phrase)"
            let statement = failures + (selected.count > 0 ? Wording.heldBack(selected.heldBack) : "")
            let role: Finding.Role = group.bySender ? .senders : .destinations
            var subjects: [Finding.Role: Finding.NameList] = [role: selected.nameList(\.destination)]
            let recipients = accumulator.recipients.names(top: context.top) { selected.keys.contains($0) }
            if !recipients.isEmpty { subjects[.addresses] = recipients }
            return Finding(kind: .deliveryFailures, severity: group.returned ? config.severity : config.deferredSeverity,
                           direction: .outbound, code: nil, topic: reason.id, statement: statement,
                           count: selected.count, primary: role, subjects: subjects,
                           heldBack: selected.heldBack, first: selected.first, last: selected.last,
                           examples: selected.examples(), explanation: reason.explanation, fix: reason.fix)
        }
    }
}
