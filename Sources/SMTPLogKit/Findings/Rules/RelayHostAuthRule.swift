extension Finding.Kind {
    /// A server refusing our credentials (530/535 received): mail through it is not leaving.
    public static let relayHostAuth = Finding.Kind(rawValue: "relay_host_auth")
}

/// Servers refusing our own credentials: a relay host (smarthost) whose password changed, or a
/// login our server should not be attempting. Postfix's cached verdicts on the same refusal
/// (`delivery temporarily suspended: SASL authentication failed; server X said: 535 ...`) are
/// counted as the messages held back, so the finding appears even on a day when only those
/// were logged.
public struct RelayHostAuthRule: FindingRule {
    public struct Config: RuleConfig {
        public var severity = Severity.critical
        public init() {}
        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "severity": severity = try value.severity()
            default: throw value.unknownKey()
            }
        }
    }

    public enum Filter: DestinationFilter {
        public static var topics: ObservationTopics { [.outboundAuthFailure, .cachedVerdict] }
        public static func accepts(code: Int, topic: ReplyTopic, isAuthFailure: Bool, isRelayRefusal: Bool) -> Bool {
            isAuthFailure
        }
    }

    public typealias Accumulator = DestinationReplies<Filter>
    public static let section = "relay_host_auth"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator { Accumulator(capacity: capacity) }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        accumulator.byTopic(top: context.top) { _ in true }.map { topic, selection in
            let refusals = selection.count > 0
                ? "refused our credentials \(Wording.plural(selection.count, "time"))" : "refused our credentials earlier"
            let statement = "\(Wording.plural(selection.subjects, "server")) \(refusals) (\(topic.phrase))"
                + Wording.heldBack(selection.heldBack) + ": mail through them is not leaving"
            return accumulator.finding(.relayHostAuth, severity: config.severity, topic: topic, selection,
                                       statement: statement, context: context)
        }
    }
}
