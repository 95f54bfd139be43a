import Testing
@testable import SMTPLogKit

/// Enhanced codes are counted under `ReplySummary.PackedCode` keys (hashed with the table's
/// seed by a few multiplications): the counts, the top list and merges must be those of the
/// codes as read, and the `Int`-keyed view must read back what it was given.
@Suite("Enhanced code counts")
struct EnhancedCountsTests {
    static let replies: [(code: Int, enhanced: String, text: String)] = [
        (554, "5.7.1", "<x@example.net>: Relay access denied"),
        (550, "5.1.1", "<nobody@example.org>: Recipient address rejected: User unknown in local recipient table"),
        (450, "4.7.1", "Client host rejected: cannot find your hostname, [198.51.100.23]"),
        (554, "5.7.1", "Service unavailable; Client host [198.51.100.23] blocked using zen.spamhaus.org"),
        (550, "5.7.1", "<y@example.net>: Relay access denied"),
        (451, "4.3.0", "<z@example.com>: Temporary lookup failure"),
    ]

    static func log(_ count: Int, from start: Int = 0) -> String {
        (start..<(start + count)).map { index in
            let reply = replies[index * 7 % replies.count]
            return "Nov 22 06:25:\(10 + index % 40) mx postfix/smtpd[\(4000 + index)]: NOQUEUE: reject: RCPT from "
                + "unknown[198.51.100.\(index % 200 + 1)]: \(reply.code) \(reply.enhanced) \(reply.text); "
                + "from=<a@example.org> to=<x@example.net> proto=ESMTP helo=<h>\n"
        }.joined()
    }

    static func summary(_ text: String) -> ReplySummary {
        Analyzer(options: AnalysisOptions()).analyze(bytes: Array(text.utf8)).summary
    }

    @Test("counts, top list and merges are those of the codes read")
    func countsOfCodesRead() {
        let lines = 300
        var expected: [EnhancedCode: Int] = [:]
        for index in 0..<lines {
            let parts = EnhancedCountsTests.replies[index * 7 % EnhancedCountsTests.replies.count].enhanced.split(separator: ".")
            let code = EnhancedCode(packed: Int(parts[0])! * 1_000_000 + Int(parts[1])! * 1_000 + Int(parts[2])!)
            expected[code, default: 0] += 1
        }
        let whole = EnhancedCountsTests.summary(EnhancedCountsTests.log(lines))
        #expect(whole.enhanced == expected)
        let top = whole.topEnhanced(2)
        let ranked = expected.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.packed < $1.key.packed }
        #expect(top.map(\.code) == ranked.prefix(2).map(\.key))
        #expect(top.map(\.count) == ranked.prefix(2).map(\.value))

        var merged = EnhancedCountsTests.summary(EnhancedCountsTests.log(120))
        merged += EnhancedCountsTests.summary(EnhancedCountsTests.log(lines - 120, from: 120))
        #expect(merged.enhanced == expected)
        #expect(merged.enhancedTable == whole.enhancedTable)
    }

    @Test("the Int-keyed view reads back what it was set to")
    func intKeyedViewRoundTrip() {
        let whole = EnhancedCountsTests.summary(EnhancedCountsTests.log(100))
        var copy = ReplySummary()
        copy.enhancedCounts = whole.enhancedCounts
        #expect(copy.enhancedTable == whole.enhancedTable)
        #expect(copy.enhanced == whole.enhanced)
        #expect(Set(whole.enhancedCounts.counts.keys) == Set(whole.enhanced.keys.map(\.packed)))
    }
}
