import Testing
@testable import SMTPLogKit

@Suite("Capped counts")
struct KeyedCountsTests {
    @Test("past the cap the least counted half is folded into other, and a late heavy hitter keeps its row")
    func capping() {
        var counts = CappedCounts(capacity: 100)
        for index in 0..<1_000 { counts.add("198.51.100.\(index)") }
        for _ in 0..<500 { counts.add("203.0.113.99") }
        #expect(counts.isTruncated)
        #expect(counts.counts.count <= 100)
        #expect(counts.total == 1_500)
        #expect(counts.top(1).first?.key == "203.0.113.99")
        #expect(counts.top(1).first?.count == 500)
    }

    @Test("top selects the most counted keys, ties in key order, as a full sort would")
    func topMatchesSort() {
        var counts = CappedCounts()
        for (index, key) in ["e", "b", "a", "d", "c", "b", "d", "f", "a", "b"].enumerated() { counts.add(key, index % 3 + 1) }
        let full = counts.top()
        for limit in 1...7 {
            #expect(counts.top(limit).map(\.key) == Array(full.prefix(limit)).map(\.key))
        }
    }

    @Test("merging adds counts key by key, in either order")
    func merging() {
        var a = CappedCounts(), b = CappedCounts()
        a.add("x", 2); a.add("y")
        b.add("y", 3); b.add("z")
        #expect((a + b).counts == ["x": 2, "y": 4, "z": 1])
        #expect((a + b).counts == (b + a).counts)
    }

}

@Suite("Small per-peer sets")
struct SmallCountsTests {
    @Test("the kept values and their counts do not depend on the order or the split of the input")
    func orderIndependent() {
        let values = (0..<40).flatMap { index in Array(repeating: "user\(index % 13)", count: index % 4 + 1) }
        var whole = SmallCounts<String>()
        for value in values { whole.add(value) }
        var shuffled = SmallCounts<String>()
        for value in values.reversed() { shuffled.add(value) }
        var left = SmallCounts<String>(), right = SmallCounts<String>()
        for (index, value) in values.enumerated() { if index % 3 == 0 { left.add(value) } else { right.add(value) } }
        #expect(whole == shuffled)
        #expect(whole == left + right)
        #expect(whole.values.count == SmallCounts<String>.limit)
        #expect(whole.counts.reduce(whole.more, +) == values.count)
        #expect(Set(whole.values) == Set(Set(values).sorted().prefix(SmallCounts<String>.limit)))
    }
}
