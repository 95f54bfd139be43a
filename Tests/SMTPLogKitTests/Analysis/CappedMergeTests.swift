import Testing
@testable import SMTPLogKit

/// A merge of capped tables leaves out its sort of the added keys when no prune can fall on the
/// way (`CappedTable.+=`, `KeyedCounts.+=`). Whichever way it goes, it must give what adding the
/// other table's rows one by one in key order gives, the rule that keeps prunes the same.
@Suite("Merges of capped tables")
struct CappedMergeTests {
    /// What a merge must give: `right`'s rows added to `left` one by one in key order.
    static func orderedAdds(_ left: CappedTable<String, CommandTally>, _ right: CappedTable<String, CommandTally>)
        -> CappedTable<String, CommandTally> {
        var expected = left
        expected.otherEvents += right.otherEvents
        expected.droppedKeys += right.droppedKeys
        for (key, value) in right.entries.sorted(by: { $0.0 < $1.0 }) {
            expected.update(key) { $0 = $0 + value }
        }
        return expected
    }

    /// Random tables over a small set of names, so that the two sides share most keys, with
    /// tables near, at and past their cap.
    @Test("a merge equals adding the other table's rows in key order", arguments: [0, 1, 2, 3, 4, 5, 6, 7])
    func mergeEqualsOrderedAdds(seed: Int) {
        var random = SplitMix(seed: UInt64(seed) &+ 17)
        for _ in 0..<200 {
            let capacity = Int.random(in: 2...24, using: &random)
            let names = (0..<Int.random(in: 3...40, using: &random)).map { "client\($0)" }
            func table() -> (CappedTable<String, CommandTally>, KeyedCounts<String>) {
                var rows = CappedTable<String, CommandTally>(capacity: capacity)
                var counts = KeyedCounts<String>(capacity: capacity)
                for _ in 0..<Int.random(in: 0...60, using: &random) {
                    let name = names.randomElement(using: &random)!
                    let events = Int.random(in: 1...5, using: &random)
                    rows.update(name) { $0.total += events; $0.accepted += 1 }
                    counts.add(name, events)
                }
                return (rows, counts)
            }
            let (leftRows, leftCounts) = table()
            let (rightRows, rightCounts) = table()

            var merged = leftRows
            merged += rightRows
            #expect(merged == CappedMergeTests.orderedAdds(leftRows, rightRows))

            var mergedCounts = leftCounts
            mergedCounts += rightCounts
            var expectedCounts = leftCounts
            expectedCounts.otherEvents += rightCounts.otherEvents
            expectedCounts.droppedKeys += rightCounts.droppedKeys
            for (key, value) in rightCounts.counts.sorted(by: { $0.key < $1.key }) { expectedCounts.add(key, value) }
            #expect(mergedCounts == expectedCounts)
        }
    }

    /// Large tables past their cap, so that one merge prunes more than once: only the rows
    /// that set off a prune are found in key order (a selection), and the rows between two
    /// prunes go in as they come; the result must still be the ordered adds'.
    @Test("a merge that prunes more than once equals the ordered adds", arguments: [0, 1, 2, 3])
    func manyPrunes(seed: Int) {
        var random = SplitMix(seed: UInt64(seed) &+ 71)
        for _ in 0..<12 {
            let capacity = Int.random(in: 16...400, using: &random)
            let names = (0..<Int.random(in: 50...3_000, using: &random)).map { "203.0.\($0 / 250).\($0 % 250)" }
            func table() -> CappedTable<String, CommandTally> {
                var rows = CappedTable<String, CommandTally>(capacity: capacity)
                for _ in 0..<Int.random(in: 0...4_000, using: &random) {
                    let name = names.randomElement(using: &random)!
                    rows.update(name) { $0.total += 1 }
                }
                return rows
            }
            let left = table(), right = table()
            var merged = left
            merged += right
            #expect(merged == CappedMergeTests.orderedAdds(left, right))
        }
    }
}

/// A named table's rows are read by name; two keys can show as one name (the key folds ASCII
/// letters only, the name lower-cases the whole text). What a report reads must not depend on
/// the order the rows are in, which a merge that prunes does not fix.
@Suite("Named tables read alike in any row order")
struct NamedTableOrderTests {
    static func key(_ text: String) -> BytesKey {
        Array(text.utf8).withUnsafeBufferPointer { BytesKey($0, 0..<$0.count, foldingCase: true) }
    }

    static func table(_ rows: [(String, Int)]) -> NamedTable<ConnectionTimes> {
        var table = NamedTable<ConnectionTimes>(capacity: 64)
        for (text, connections) in rows {
            table.update(key(text), name: { text.lowercased() }) { $0.connections += connections }
        }
        return table
    }

    @Test("two keys of one name: the same rows, top and value in either order")
    func collidingNames() {
        // "ÉXAMPLE.org" and "éxample.org" are two keys (É is not ASCII) and one name.
        let rows = [("ÉXAMPLE.org", 3), ("éxample.org", 5), ("mx.example.net", 5), ("a.example.com", 1)]
        let forward = NamedTableOrderTests.table(rows), backward = NamedTableOrderTests.table(rows.reversed())
        #expect(NamedTableOrderTests.key("ÉXAMPLE.org") != NamedTableOrderTests.key("éxample.org"))
        #expect(forward.count == 4)
        #expect(forward.rows == backward.rows)
        #expect(forward.rows.count == 3)
        #expect(forward.value(for: "éxample.org") == backward.value(for: "éxample.org"))
        let top = forward.top(4), topBackward = backward.top(4)
        #expect(top.map(\.key) == topBackward.map(\.key))
        #expect(top.map(\.value.connections) == topBackward.map(\.value.connections))
        // Ties by name ("mx…" before "é…"), then by key.
        #expect(top.map(\.key) == ["mx.example.net", "éxample.org", "éxample.org", "a.example.com"])
        #expect(top.map(\.value.connections) == [5, 5, 3, 1])
    }
}
