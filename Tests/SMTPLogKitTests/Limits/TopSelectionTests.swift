import Testing
@testable import SMTPLogKit

/// Capped tables prune to their top half with a quickselect instead of a sort: the rows kept
/// must be exactly the ones a sort would keep, for every order of input the tables can see.
@Suite("Selecting the top of a table")
struct TopSelectionTests {
    /// Counts as a table holds them: (weight, key), most first, ties by key, keys unique.
    static func before(_ a: (Int, Int), _ b: (Int, Int)) -> Bool { a.0 != b.0 ? a.0 > b.0 : a.1 < b.1 }

    static func check(_ rows: [(Int, Int)], keep: Int) {
        var selected = rows
        selected.withUnsafeMutableBufferPointer { $0.selectFirst(keep, by: before) }
        let expected = rows.sorted(by: before).prefix(keep).map(\.1).sorted()
        #expect(selected.prefix(keep).map(\.1).sorted() == expected, "keep \(keep) of \(rows.count)")
        // Nothing lost or doubled.
        #expect(selected.map(\.1).sorted() == rows.map(\.1).sorted())
    }

    @Test("random weights with many ties, every cut", arguments: [1, 2, 3, 10, 100, 1_000])
    func random(count: Int) {
        var generator = SplitMix64(seed: UInt64(count))
        let rows = (0..<count).map { (generator.below(5), $0 * 7919 % 100_003) }
        for keep in Set([0, 1, count / 2, count - 1, count, count + 1]) { TopSelectionTests.check(rows, keep: keep) }
    }

    @Test("orders that defeat naive pivots: sorted, reversed, all tied, organ pipe")
    func adversarial() {
        let count = 5_000
        let shapes: [[(Int, Int)]] = [
            (0..<count).map { ($0, $0) },
            (0..<count).map { (count - $0, $0) },
            (0..<count).map { (1, count - $0) },
            (0..<count).map { (min($0, count - $0), $0) },
        ]
        for rows in shapes { TopSelectionTests.check(rows, keep: count / 2) }
    }

    /// The rows a prune keeps (selected over 32-bit positions, read unchecked) are the ones a
    /// whole sort by weight then key keeps, with many ties and with none.
    @Test("a prune keeps what a sort by weight then key keeps", arguments: [2, 9, 100, 4_000])
    func prunedRows(count: Int) {
        var generator = SplitMix64(seed: 17 + UInt64(count))
        let keys = (0..<count).map { "k\($0 * 7919 % 100_003)" }
        let shapes: [[Int]] = [
            (0..<count).map { _ in 1 },
            (0..<count).map { _ in generator.below(3) + 1 },
            (0..<count).map { _ in generator.below(generator.below(40) + 1) },
            (0..<count).map { $0 },
            (0..<count).map { count - $0 },
        ]
        for weights in shapes {
            let ranked = keys.indices.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : keys[$0] < keys[$1] }
            for keep in Set([0, 1, count / 2, count - 1, count]) {
                let values = weights.map { weight in
                    var tally = CommandTally()
                    tally.total = weight
                    return tally
                }
                let kept = CappedTable<String, CommandTally>.kept(keep, keys: keys, values: values)
                #expect(kept.indices.filter { kept[$0] } == ranked.prefix(keep).sorted(), "keep \(keep) of \(count)")
            }
        }
    }
}
