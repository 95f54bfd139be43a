extension Finding.Kind {
    /// Our own failures: replies our server sent for its own reasons, and the warnings, errors,
    /// fatal errors and panics that mean an outage or a broken configuration.
    public static let localFailures = Finding.Kind(rawValue: "local_failures")
}

/// Our own mail system failing, by condition: the disk, a lookup table, the authentication
/// service, our TLS certificate, the process limit, a filter, the configuration. Seen from two
/// sides, counted together: the replies our server sent clients for its own reasons (a 452
/// Insufficient system storage, a 454 TLS not available; never a 454 Relay access denied, which
/// is policy), and the system's own warnings, errors, fatal errors and panics.
public struct LocalFailuresRule: FindingRule {
    public struct Config: RuleConfig {
        /// A condition seen at least this many times (replies and notices together).
        public var threshold = 1
        /// Conditions that stop or refuse mail.
        public var severity = Severity.critical
        /// Conditions of the configuration (a table older than its source).
        public var configurationSeverity = Severity.warning
        public init() {}
        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "threshold": threshold = try value.integer(minimum: 1, maximum: 1_000_000_000)
            case "severity": severity = try value.severity()
            case "configuration_severity": configurationSeverity = try value.severity()
            default: throw value.unknownKey()
            }
        }
    }

    public struct Accumulator: RuleAccumulator, Codable {
        public static var topics: ObservationTopics { [.inboundRefusal, .systemNotice] }
        /// Clients our server turned away for its own reasons, by condition.
        var clients: CappedTable<TopicKey, SubjectActivity>
        /// Programs that reported a condition (`postfix/smtpd`, `exim`), by condition.
        var programs: CappedTable<TopicKey, SubjectActivity>

        public mutating func observe(_ observation: Observation) {
            let line = observation.line
            switch observation.content {
            case .reply(let event):
                // Exim writes no code for its ACL deferrals: an implied 451 is greylisting or a
                // policy, not a fault, unless its text names one.
                // Refusals on policy, of unknown users and the like are the client's business.
                guard let topic = observation.replyTopic,
                      topic.family == .fault || topic.family == .general || topic.family == .pacing else { return }
                // Read with the topic, as `SystemConditions.condition(forReply:text:)` gives it.
                guard let condition = observation.replyCondition,
                      !(event.implied && condition.id == "local_problem"), let client = observation.peerName else { return }
                let time = observation.time, examples = observation.examples, code = event.code
                clients.update(TopicKey(topic: UInt8(observation.conditionIndex), name: client)) {
                    $0.record(time, code: code, example: { examples.example() })
                }
            case .notice(let notice):
                let program = observation.program ?? "exim"
                // The phrase as the sink found it, once per text (`NoticeConditionCache`).
                let read = observation.conditionIndex
                let match = read == Observation.unread ? SystemConditions.phrases.firstMatch(in: line.slice(notice.text))
                    : read == Observation.noPhrase ? nil : read
                guard let condition = SystemConditions.classify(match: match, kind: notice.kind,
                                                                program: program) else { return }
                let time = observation.time, examples = observation.examples
                programs.update(TopicKey(topic: UInt8(condition.index), name: program)) {
                    $0.record(time, example: { examples.example() })
                }
            case .traffic:
                break
            }
        }

        public mutating func merge(_ other: Accumulator) {
            clients += other.clients
            programs += other.programs
        }

        public mutating func offsetLineNumbers(by lines: Int) {
            clients.offsetExampleLines(by: lines)
            programs.offsetExampleLines(by: lines)
        }

        public var tables: [CutTable] {
            [CutTable("clients", clients, leftOut: .inNoFinding), CutTable("programs", programs, leftOut: .inNoFinding)]
        }
    }

    public static let section = "local_failures"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator {
        Accumulator(clients: CappedTable(capacity: capacity), programs: CappedTable(capacity: capacity))
    }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        let conditions = Set(accumulator.clients.entries.map(\.0.topic) + accumulator.programs.entries.map(\.0.topic)).sorted()
        return conditions.compactMap { index in
            let condition = SystemConditions.all[Int(index)]
            let clients = SubjectSelection(accumulator.clients, top: context.top) { key, _ in key.topic == index }
            let programs = SubjectSelection(accumulator.programs, top: context.top) { key, _ in key.topic == index }
            let count = clients.count + programs.count
            guard count >= config.threshold else { return nil }
            var parts: [String] = []
            if programs.count > 0 { parts.append("\(Wording.plural(programs.count, "warning or error line", "warning or error lines"))") }
            if clients.count > 0 {
                parts.append("\(Wording.plural(clients.count, "reply", "replies")) to \(Wording.plural(clients.subjects, "client"))")
            }
            let statement = "Our mail system: \(condition.phrase) (\(parts.joined(separator: ", ")))"
            var subjects: [Finding.Role: Finding.NameList] = [:]
            if !programs.isEmpty { subjects[.programs] = programs.nameList(\.name) }
            if !clients.isEmpty { subjects[.clients] = clients.nameList(\.name) }
            // The system's own line says why; the reply shows what clients got.
            let examples = Array((programs.examples(limit: 1) + clients.examples(limit: 1) + programs.examples()).uniqued().prefix(2))
            return Finding(kind: .localFailures,
                           severity: condition.impact == .outage ? config.severity : config.configurationSeverity,
                           direction: .inbound, code: clients.dominantCode, topic: condition.id, statement: statement,
                           count: count, primary: programs.isEmpty ? .clients : .programs, subjects: subjects,
                           first: [clients.first, programs.first].compactMap { $0 }.min(),
                           last: [clients.last, programs.last].compactMap { $0 }.max(),
                           examples: examples, explanation: condition.explanation, fix: condition.fix)
        }
    }
}

extension Array where Element: Equatable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var kept: [Element] = []
        for element in self where !kept.contains(element) { kept.append(element) }
        return kept
    }
}
