extension Finding.Kind {
    /// A destination refusing our mail on policy: a blocklist, SPF, DKIM, DMARC, content, TLS.
    public static let policyBlocks = Finding.Kind(rawValue: "policy_blocks")
}

/// Permanent refusals (5xx) servers gave us on policy, by what they said: a blocklist or
/// reputation, SPF, DKIM, DMARC, our name or reverse DNS, content, TLS. A 5.7.1 whose text
/// says the mailbox does not exist is not a policy block (the invalid-recipients rule counts it).
public struct PolicyBlocksRule: FindingRule {
    public struct Config: RuleConfig {
        public var threshold = 3
        public var severity = Severity.warning
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
            code / 100 == 5 && !isAuthFailure && !isRelayRefusal && (topic.family == .policy || topic.family == .tls)
        }
    }

    public typealias Accumulator = DestinationReplies<Filter>
    public static let section = "policy_blocks"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator { Accumulator(capacity: capacity) }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        accumulator.byTopic(top: context.top) { $0.count >= config.threshold }.map { topic, selection in
            accumulator.finding(.policyBlocks, severity: config.severity, topic: topic, selection,
                                statement: "\(Wording.plural(selection.subjects, "destination")) refused our mail "
                                    + "\(Wording.plural(selection.count, "time")) on policy: \(topic.phrase)",
                                context: context)
        }
    }
}
