import Testing
@testable import SMTPLogKit

/// `RuleAccumulators.observe` finds the rules that want an observation from a mask of rules per
/// topic (up to 64 rules), or by testing each rule's topics (more). Either way each rule is
/// shown exactly the observations of its topics, and the rules of one observation one after
/// another in their order.
@Suite("Observations to the rules that want them")
struct RuleDispatchTests {
    /// Where every spy writes, in the order shown: (rule, line).
    final class Log: @unchecked Sendable {
        var entries: [(rule: Int, line: Int)] = []
    }

    struct Spy<Topics: SpyTopics>: RuleAccumulator {
        static var topics: ObservationTopics { Topics.topics }
        let index: Int
        let log: Log
        mutating func observe(_ observation: Observation) { log.entries.append((index, observation.lineNumber)) }
        mutating func merge(_ other: Spy) {}
        mutating func offsetLineNumbers(by lines: Int) {}
    }

    protocol SpyTopics { static var topics: ObservationTopics { get } }
    enum Logins: SpyTopics { static var topics: ObservationTopics { .login } }
    enum Failures: SpyTopics { static var topics: ObservationTopics { [.inboundAuthFailure, .login] } }
    enum Flow: SpyTopics { static var topics: ObservationTopics { .messageFlow } }
    enum Nothing: SpyTopics { static var topics: ObservationTopics { [] } }

    static func spies(_ count: Int, log: Log) -> [any RuleAccumulator] {
        (0..<count).map { index -> any RuleAccumulator in
            switch index % 4 {
            case 0: Spy<Logins>(index: index, log: log)
            case 1: Spy<Failures>(index: index, log: log)
            case 2: Spy<Flow>(index: index, log: log)
            default: Spy<Nothing>(index: index, log: log)
            }
        }
    }

    /// 15 and 64 rules go through the masks, 70 through the topics tested one by one.
    @Test("each rule sees the observations of its topics, in the rules' order, with 15, 64 and 70 rules", arguments: [15, 64, 70])
    func eachSeesItsTopics(rules: Int) {
        let log = Log()
        var accumulators = RuleAccumulators(RuleDispatchTests.spies(rules, log: log))
        let shown: [ObservationTopics] = [.login, .inboundAuthFailure, .messageFlow, [.login, .messageFlow], .systemNotice, []]
        let line: [UInt8] = Array("x".utf8)
        line.withUnsafeBufferPointer { bytes in
            for (number, topics) in shown.enumerated() {
                accumulators.observe(Observation(content: .notice(RawNotice(kind: .warning)), line: bytes, time: nil, topics: topics,
                                                 peer: nil, program: 0..<0, file: "mail.log", lineNumber: number))
            }
        }
        // Line by line, the rules whose topics meet the line's, lowest index first.
        var expected: [(rule: Int, line: Int)] = []
        for (number, topics) in shown.enumerated() {
            for (index, item) in accumulators.items.enumerated() where !type(of: item).topics.isDisjoint(with: topics) {
                expected.append((index, number))
            }
        }
        #expect(!expected.isEmpty)
        #expect(log.entries.map(\.rule) == expected.map(\.rule), "\(rules) rules")
        #expect(log.entries.map(\.line) == expected.map(\.line), "\(rules) rules")
    }
}
