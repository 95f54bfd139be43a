import Testing
@testable import SMTPLogKit

/// `RuleAccumulators.observe` finds the rules that want an observation from a mask of rules per
/// topic (up to 64 rules), or by testing each rule's topics (more). Either way each rule is
/// shown exactly the observations of its topics, and the rules are shown one in their order.
@Suite("Observations to the rules that want them")
struct RuleDispatchTests {
    /// Counts the observations it is shown, and notes each one's order in the run.
    struct Spy<Topics: SpyTopics>: RuleAccumulator {
        static var topics: ObservationTopics { Topics.topics }
        var seen: [Int] = []
        mutating func observe(_ observation: Observation) { seen.append(observation.lineNumber) }
        mutating func merge(_ other: Spy) { seen += other.seen }
        mutating func offsetLineNumbers(by lines: Int) {}
    }

    protocol SpyTopics { static var topics: ObservationTopics { get } }
    enum Logins: SpyTopics { static var topics: ObservationTopics { .login } }
    enum Failures: SpyTopics { static var topics: ObservationTopics { [.inboundAuthFailure, .login] } }
    enum Flow: SpyTopics { static var topics: ObservationTopics { .messageFlow } }
    enum Nothing: SpyTopics { static var topics: ObservationTopics { [] } }

    static func spies(_ count: Int) -> [any RuleAccumulator] {
        (0..<count).map { index -> any RuleAccumulator in
            switch index % 4 {
            case 0: Spy<Logins>()
            case 1: Spy<Failures>()
            case 2: Spy<Flow>()
            default: Spy<Nothing>()
            }
        }
    }

    @Test("each rule sees the observations of its topics, with 15, 64 and 70 rules", arguments: [15, 64, 70])
    func eachSeesItsTopics(rules: Int) {
        var accumulators = RuleAccumulators(RuleDispatchTests.spies(rules))
        let shown: [ObservationTopics] = [.login, .inboundAuthFailure, .messageFlow, [.login, .messageFlow], .systemNotice, []]
        let line: [UInt8] = Array("x".utf8)
        line.withUnsafeBufferPointer { bytes in
            for (number, topics) in shown.enumerated() {
                accumulators.observe(Observation(content: .notice(RawNotice(kind: .warning)), line: bytes, time: nil, topics: topics,
                                                 peer: nil, program: 0..<0, file: "mail.log", lineNumber: number))
            }
        }
        for (index, item) in accumulators.items.enumerated() {
            let wants = type(of: item).topics
            let expected = shown.indices.filter { !shown[$0].isDisjoint(with: wants) }
            let seen = (item as? Spy<Logins>)?.seen ?? (item as? Spy<Failures>)?.seen ?? (item as? Spy<Flow>)?.seen
                ?? (item as? Spy<Nothing>)?.seen ?? [-1]
            #expect(seen == expected, "rule \(index) of \(rules)")
        }
        // The 70th rule's observations came through the topics tested one by one.
        #expect(accumulators.items.count == rules)
    }
}
