import Testing
@testable import SMTPLogKit

/// The failed logins' users and mechanisms and the refused relay domains are counted through a
/// memo of the names last made (`CountedNameMemo`): the lists must hold what counting each name
/// made anew gave, through prunes, merges, slots shared by many fields and fields past fifteen
/// bytes.
@Suite("Counted name memo")
struct CountedNameMemoTests {
    /// Fields as logs write them: repeated users and mechanisms, capitals, bytes that are not
    /// UTF-8, long addresses, and many distinct ones so that slots are shared and lists pruned.
    static func fields(_ count: Int, seed: UInt64) -> [[UInt8]] {
        var generator = SplitMix64(seed: seed)
        let fixed: [[UInt8]] = [Array("LOGIN".utf8), Array("PLAIN".utf8), Array("Admin".utf8), [0x75, 0xFF, 0xFE, 0x73],
                                Array("a.very.long.user.name@example.org".utf8), Array("a.very.long.user.name@example.com".utf8),
                                Array("Example.ORG".utf8), Array("exactly15bytes!".utf8), Array("exactly16bytes!!".utf8),
                                // The longest kept whole, and longer ones, counted the full way.
                                Array((String(repeating: "u", count: 52) + "@example.org").utf8),
                                Array((String(repeating: "u", count: 53) + "@example.org").utf8),
                                Array((String(repeating: "v", count: 80) + "@example.org").utf8)]
        return (0..<count).map { _ in
            let pick = generator.below(100)
            if pick < 60 { return fixed[generator.below(fixed.count)] }
            return Array("user\(generator.below(pick < 90 ? 40 : 5_000))@example.\(pick % 2 == 0 ? "org" : "net")".utf8)
        }
    }

    /// Each field placed in a line of its own between other bytes, as the extractors give ranges.
    static func count(_ fields: [[UInt8]], into counts: inout CappedCounts, memo: inout CountedNameMemo?,
                      name: (UnsafeBufferPointer<UInt8>, Range<Int>) -> String) {
        for field in fields {
            let line = Array("sasl_username=".utf8) + field + Array(", x".utf8)
            line.withUnsafeBufferPointer { buffer in
                let range = 14..<(14 + field.count)
                if memo != nil {
                    memo!.add(buffer, range, to: &counts) { name(buffer, range) }
                } else {
                    counts.add(name(buffer, range))
                }
            }
        }
    }

    @Test("the lists count what they counted without the memo", arguments: [3, 40, 50_000])
    func sameCounts(capacity: Int) {
        let namings: [(UnsafeBufferPointer<UInt8>, Range<Int>) -> String] = [
            { $0.key($1) }, { Correspondent.lowercasedKey($0, $1) },
        ]
        for name in namings {
            var plain = CappedCounts(capacity: capacity), remembered = CappedCounts(capacity: capacity)
            var none: CountedNameMemo?, memo: CountedNameMemo? = CountedNameMemo()
            let first = CountedNameMemoTests.fields(20_000, seed: UInt64(capacity))
            CountedNameMemoTests.count(first, into: &plain, memo: &none, name: name)
            CountedNameMemoTests.count(first, into: &remembered, memo: &memo, name: name)
            #expect(remembered == plain)
            #expect(remembered.counts == plain.counts)
            #expect(remembered.otherEvents == plain.otherEvents && remembered.droppedKeys == plain.droppedKeys)
            if capacity < 50 { #expect(plain.isTruncated) }

            // A merge moves rows under the memo: it goes on counting what the list would.
            var other = CappedCounts(capacity: capacity)
            CountedNameMemoTests.count(CountedNameMemoTests.fields(3_000, seed: 7), into: &other, memo: &none, name: name)
            plain += other
            remembered += other
            let second = CountedNameMemoTests.fields(5_000, seed: 8)
            CountedNameMemoTests.count(second, into: &plain, memo: &none, name: name)
            CountedNameMemoTests.count(second, into: &remembered, memo: &memo, name: name)
            #expect(remembered == plain)
            #expect(remembered.top(10).map(\.key) == plain.top(10).map(\.key))
        }
    }

    @Test("a memo is no figure: summaries that counted alike are equal whatever their memos hold")
    func memoIsNoFigure() {
        var a = CountedNameMemo(), b = CountedNameMemo()
        var counts = CappedCounts(capacity: 10)
        Array("PLAIN".utf8).withUnsafeBufferPointer { a.add($0, 0..<5, to: &counts) { "PLAIN" } }
        #expect(a == b && counts.counts == ["PLAIN": 1])
        Array("LOGIN".utf8).withUnsafeBufferPointer { b.add($0, 0..<5, to: &counts) { "LOGIN" } }
        #expect(counts.counts == ["PLAIN": 1, "LOGIN": 1])
    }
}
