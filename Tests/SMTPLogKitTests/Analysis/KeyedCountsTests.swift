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

    @Test("a set of one value merges as its value added, into an empty, a matching and a full set")
    func singleValueMerge() {
        var one = SmallCounts<UInt16>()
        one.add(550, 3)
        #expect((SmallCounts<UInt16>() + one).items == [550: 3])
        var same = SmallCounts<UInt16>()
        same.add(550)
        same.add(421)
        #expect((same + one).items == [550: 4, 421: 1])
        // Eight codes kept, 599 the largest: 550 is smaller than it, so it replaces 599.
        var full = SmallCounts<UInt16>()
        for code in [500, 501, 502, 503, 504, 505, 506, 599] { full.add(UInt16(code)) }
        let merged = full + one
        #expect(merged.items[550] == 3 && merged.items[599] == nil && merged.more == 1)
        #expect(merged.counts.reduce(merged.more, +) == 8 + 3)
    }
}

@Suite("Subject activity")
struct SubjectActivityTests {
    /// One subject's events at `seconds`, in the order given, within a window of 60 s.
    static func activity(_ seconds: [Int]) -> SubjectActivity {
        var activity = SubjectActivity()
        for second in seconds {
            let time = LogTime(year: 2026, month: 11, day: 22, hour: 10, minute: second / 60, second: second % 60)
            activity.record(time, code: 535, window: 60, seconds: time.epochSeconds,
                            example: { LineExample(file: "mail.log", line: second, text: "at \(second)") })
        }
        return activity
    }

    static func epoch(at second: Int) -> Int {
        LogTime(year: 2026, month: 11, day: 22, hour: 10, minute: second / 60, second: second % 60).epochSeconds
    }

    static func time(_ second: Int) -> LogTime {
        LogTime(year: 2026, month: 11, day: 22, hour: 10, minute: second / 60, second: second % 60)
    }

    @Test("a subject seen once keeps its one stamp through a second event, a message held back and merges")
    func singleStamp() {
        let once = Self.activity([30])
        let stamp = UInt32(Self.epoch(at: 30))
        #expect(once.recent == [stamp] && once.peakInWindow == 1)
        var held = once
        held.recordHeldBack(Self.time(40), example: { LineExample(file: "mail.log", line: 2, text: "held") })
        #expect(held.recent == [stamp] && held.heldBack == 1 && held.first == Self.time(30))
        var twice = once
        twice.record(Self.time(40), code: 535, window: 60, seconds: Self.epoch(at: 40), example: { LineExample(file: "mail.log", line: 2, text: "b") })
        #expect(twice.recent == [stamp, UInt32(Self.epoch(at: 40))] && twice.peakInWindow == 2)
        // An event outside any window (no window given) keeps the first stamp, and a later one
        // in the window counts with it.
        var unwindowed = once
        unwindowed.record(Self.time(40), code: 535, example: { LineExample(file: "mail.log", line: 2, text: "b") })
        #expect(unwindowed.recent == [stamp] && unwindowed.count == 2)
        unwindowed.record(Self.time(50), code: 535, window: 60, seconds: Self.epoch(at: 50), example: { LineExample(file: "mail.log", line: 3, text: "c") })
        #expect(unwindowed.recent == [stamp, UInt32(Self.epoch(at: 50))] && unwindowed.peakInWindow == 2)
        #expect((once + SubjectActivity()).recent == [stamp] && (SubjectActivity() + once).recent == [stamp])
        let doubled = once + once
        #expect(doubled.recent == [stamp, stamp] && doubled.peakInWindow == 2)
        // A window of no length keeps the stamp and counts none in it, as any later event does.
        var zero = SubjectActivity()
        zero.record(Self.time(30), code: 535, window: 0, seconds: Self.epoch(at: 30), example: { LineExample(file: "mail.log", line: 1, text: "a") })
        #expect(zero.recent == [stamp] && zero.peakInWindow == 0)
    }

    @Test("merged with an empty activity, on either side, an activity keeps its figures and its stamps in order")
    func mergeWithEmpty() {
        // Out of order: a line written late by its process.
        let shuffled = Self.activity([30, 10, 20, 500])
        for merged in [SubjectActivity() + shuffled, shuffled + SubjectActivity()] {
            #expect(merged == shuffled)
            #expect(merged.recent == shuffled.recent.sorted())
            #expect(merged.example?.line == 30)
        }
        let ordered = Self.activity([10, 20, 30])
        #expect((SubjectActivity() + ordered).recent == ordered.recent)
    }

    @Test("a run across two parts is counted across them, and the stamps kept are the latest")
    func mergeAcrossParts() {
        // Three events in each part, six within the window only when the parts are joined.
        let left = Self.activity([0, 10, 20]), right = Self.activity([30, 40, 50])
        #expect(left.peakInWindow == 3 && right.peakInWindow == 3)
        let run = left + right
        #expect(run.count == 6 && run.peakInWindow == 6 && run.peakInWindow == Self.activity([0, 10, 20, 30, 40, 50]).peakInWindow)
        let whole = Self.activity(Array(0..<40).map { $0 * 10 })
        let merged = Self.activity(Array(0..<20).map { $0 * 10 }) + Self.activity(Array(20..<40).map { $0 * 10 })
        #expect(merged.count == 40 && merged.peakInWindow == whole.peakInWindow)
        // Each part kept its 20 stamps; the join keeps the latest 32 of the 40, in order.
        #expect(merged.recent == (8..<40).map { UInt32(clamping: SubjectActivityTests.epoch(at: $0 * 10)) })
        #expect(merged.first == whole.first && merged.last == whole.last)
    }
}
