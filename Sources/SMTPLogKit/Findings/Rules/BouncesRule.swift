extension Finding.Kind {
    /// Destinations refusing our mail for other reasons: full mailboxes, size, their own faults.
    public static let bounces = Finding.Kind(rawValue: "bounces")
}

/// Permanent refusals (5xx) servers gave us that are neither policy, nor unknown recipients,
/// nor about relaying or our credentials: full mailboxes, messages too big, the server's own
/// trouble, and refusals that say no more than their code.
public struct BouncesRule: FindingRule {
    public struct Config: RuleConfig {
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

    public enum Filter: DestinationFilter {
        public static var topics: ObservationTopics { .outboundPermanent }
        public static func accepts(code: Int, topic: ReplyTopic, isAuthFailure: Bool, isRelayRefusal: Bool) -> Bool {
            guard code / 100 == 5, !isAuthFailure, !isRelayRefusal else { return false }
            switch topic.family {
            case .policy, .tls, .recipient, .relay, .authentication: return false
            case .fault, .mailbox, .pacing, .general: return true
            }
        }
    }

    public typealias Accumulator = DestinationReplies<Filter>
    public static let section = "bounces"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator { Accumulator(capacity: capacity) }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        accumulator.byTopic(top: context.top) { $0.count >= config.threshold }.map { topic, selection in
            accumulator.finding(.bounces, severity: config.severity, topic: topic, selection,
                                statement: "\(Wording.plural(selection.subjects, "destination")) refused our mail "
                                    + "\(Wording.plural(selection.count, "time")): \(topic.phrase)",
                                context: context)
        }
    }
}
