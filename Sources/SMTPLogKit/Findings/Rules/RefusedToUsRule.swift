extension Finding.Kind {
    /// A server refusing to relay for us: our relay host answering Relay access denied.
    public static let relayRefusedToUs = Finding.Kind(rawValue: "relay_refused_to_us")
    /// Servers answering 551 User not local, usually naming where the recipient went.
    public static let userNotLocal = Finding.Kind(rawValue: "user_not_local")
}

/// Remote servers refusing to relay for us: a relay host that does not trust us (mail through
/// it is not leaving), or a server answering 551 with the recipient's new address.
public struct RefusedToUsRule: FindingRule {
    public struct Config: RuleConfig {
        public var severity = Severity.critical
        public var userNotLocalSeverity = Severity.notice
        public init() {}
        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "severity": severity = try value.severity()
            case "user_not_local_severity": userNotLocalSeverity = try value.severity()
            default: throw value.unknownKey()
            }
        }
    }

    public struct Accumulator: RuleAccumulator, Codable {
        public static var topics: ObservationTopics { .outboundRelayRefusal }
        var replies: DestinationReplies<Filter>
        /// `please try <user@new.example>`: where each 551 said the mailbox went.
        var forwards: NamePairs<String>

        public mutating func observe(_ observation: Observation) {
            replies.observe(observation)
            guard let event = observation.reply, event.code == 551, let server = observation.peer,
                  let text = event.text, let forward = RefusedToUsRule.forwardingAddress(observation.line, in: text)
            else { return }
            forwards.add(subject: server, name: forward)
        }

        public mutating func merge(_ other: Accumulator) {
            replies.merge(other.replies)
            forwards += other.forwards
        }

        public mutating func offsetLineNumbers(by lines: Int) { replies.offsetLineNumbers(by: lines) }

        public var tables: [CutTable] { replies.tables + [CutTable("forwarding addresses by server", forwards, leftOut: .notListed)] }
    }

    public enum Filter: DestinationFilter {
        public static var topics: ObservationTopics { .outboundRelayRefusal }
        public static func accepts(code: Int, topic: ReplyTopic, isAuthFailure: Bool, isRelayRefusal: Bool) -> Bool {
            isRelayRefusal
        }
    }

    public static let section = "refused_to_us"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator {
        Accumulator(replies: DestinationReplies(capacity: capacity), forwards: NamePairs(capacity: capacity))
    }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        accumulator.replies.byTopic(top: context.top) { _ in true }.map { topic, selection in
            if topic.id == "user_not_local" || selection.dominantCode == 551 {
                var finding = accumulator.replies.finding(
                    .userNotLocal, severity: config.userNotLocalSeverity, topic: ReplyTopics.topic("user_not_local")!,
                    selection, statement: "\(Wording.plural(selection.subjects, "server")) answered 551 User not local "
                        + "\(Wording.plural(selection.count, "time")): the recipients moved", context: context)
                let names = Set(selection.keys.map(\.name))
                let forwards = accumulator.forwards.names(top: context.top) { names.contains($0) }
                if !forwards.isEmpty { finding.subjects[.addresses] = forwards }
                return finding
            }
            return accumulator.replies.finding(
                .relayRefusedToUs, severity: config.severity, topic: topic, selection,
                statement: "\(Wording.plural(selection.subjects, "server")) refused to relay our mail "
                    + "\(Wording.plural(selection.count, "time")) (\(topic.phrase)): mail through them is not leaving",
                context: context)
        }
    }

    /// `please try <user@new.example>`.
    static func forwardingAddress(_ line: UnsafeBufferPointer<UInt8>, in text: Range<Int>) -> String? {
        guard let hint = line.firstIndex(of: "please try <", from: text.lowerBound, to: text.upperBound),
              let close = line.firstByte(0x3E, from: hint + 12), close <= text.upperBound else { return nil }
        return line.key((hint + 12)..<close)
    }
}
