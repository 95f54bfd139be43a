import Testing
@testable import SMTPLogKit

/// A login near a part's start waits for the part before; at the join its own run is completed
/// with that part's failures, or, when that part has a trail for the subject but no failure in
/// the window, kept as it is, put in order: the run's first and last failure are the earliest
/// and latest stamps, even when the part wrote them out of order.
@Suite("password_guessed joins a waiting login")
struct PasswordGuessedJoinTests {
    static func failure(_ time: String, pid: Int) -> String {
        "Nov 29 \(time) mx1 postfix/submission/smtpd[\(pid)]: warning: unknown[203.0.113.45]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=alice@example.org\n"
    }

    @Test("a part's failures out of order, the part before with an old trail: the run from its earliest to its latest stamp")
    func outOfOrderRunWithOldTrail() throws {
        // Part one: alice failed at 08:00 from the same client, outside the window of the login.
        let first = PasswordGuessedJoinTests.failure("08:00:01", pid: 100)
        // Part two: five failures written out of order, then her login, within its first hour.
        let second = ["10:05:00", "10:01:00", "10:03:00", "10:02:00", "10:04:00"].enumerated()
            .map { PasswordGuessedJoinTests.failure($0.element, pid: 200 + $0.offset) }.joined()
            + "Nov 29 10:06:00 mx1 postfix/submission/smtpd[300]: 4N001X10037: client=unknown[203.0.113.45], sasl_method=PLAIN, sasl_username=alice@example.org\n"
        let rules = RuleSet()
        var options = AnalysisOptions(startingYear: 2026)
        options.rules = rules
        let analyzer = Analyzer(options: options)
        var joined = analyzer.analyze(bytes: Array(first.utf8))
        let later = analyzer.analyze(bytes: Array(second.utf8))
        let waiting = try #require(rules.accumulator(of: PasswordGuessedRule.self, in: later.rules))
        #expect(waiting.pending.items.count == 1, "the login waits for the part before")
        joined.rules += later.rules
        let accumulator = try #require(rules.accumulator(of: PasswordGuessedRule.self, in: joined.rules))
        #expect(accumulator.pending.items.isEmpty, "judged at the join: the part before began before its window")
        let guessed = try #require(accumulator.guessed.value(for: HashedName("alice@example.org")))
        func stamp(_ minute: Int) -> UInt32 {
            UInt32(LogTime(year: 2026, month: 11, day: 29, hour: 10, minute: minute, second: 0).epochSeconds)
        }
        #expect(guessed.logins == 1 && guessed.run == 5)
        #expect(guessed.runFirst == stamp(1) && guessed.runLast == stamp(5))
    }
}
