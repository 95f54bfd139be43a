extension Finding.Kind {
    /// A destination deferring our mail (4xx) at least the threshold.
    public static let deferrals = Finding.Kind(rawValue: "deferrals")
}

/// Temporary failures (4xx) servers gave us, by what they said: greylisting, a rate limit, a
/// temporary block, the server's own trouble. Each topic is its own finding with its own fix,
/// and Postfix's cached verdicts on the same replies count as messages held back.
public struct DeferralsRule: FindingRule {
    public struct Config: RuleConfig {
        /// A destination that deferred us at least this many times (held-back messages count).
        public var threshold = 10
        public var severity = Severity.warning
        /// Greylisting clears by itself: it is worth knowing, not worth a warning.
        public var greylistingSeverity = Severity.notice
        public init() {}
        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "threshold": threshold = try value.integer(minimum: 1, maximum: 1_000_000_000)
            case "severity": severity = try value.severity()
            case "greylisting_severity": greylistingSeverity = try value.severity()
            default: throw value.unknownKey()
            }
        }
    }

    public enum Filter: DestinationFilter {
        public static var topics: ObservationTopics { [.outboundTransient, .cachedVerdict] }
        public static func accepts(code: Int, topic: ReplyTopic, isAuthFailure: Bool, isRelayRefusal: Bool) -> Bool {
            code / 100 == 4 && !isAuthFailure && !isRelayRefusal
        }
    }

    public typealias Accumulator = DestinationReplies<Filter>
    public static let section = "deferrals"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator { Accumulator(capacity: capacity) }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        accumulator.byTopic(top: context.top) { $0.weight >= config.threshold }.map { topic, selection in
            let statement = "\(Wording.plural(selection.subjects, "destination")) deferred our mail "
                + "\(Wording.plural(selection.count, "time")) (at least \(config.threshold) each): \(topic.phrase)"
                + Wording.heldBack(selection.heldBack)
            let severity = topic.id == "greylisting" ? config.greylistingSeverity : config.severity
            return accumulator.finding(.deferrals, severity: severity, topic: topic, selection,
                                       statement: statement, context: context)
        }
    }
}
