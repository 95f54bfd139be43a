import Testing
@testable import SMTPLogKit

/// The table the rules keep their subjects in prunes in place (rows moved down in their arrays,
/// the position index refilled): every row must stay with its own key, the most counted half be
/// kept, and the events of the rows dropped be counted exactly.
@Suite("Capped tables prune in place")
struct CappedTableTests {
    /// A row that knows its own key, to catch a row moved away from it.
    struct Row: TableValue {
        var owner = ""
        var events = 0
        var weight: Int { events }
        static func + (lhs: Row, rhs: Row) -> Row {
            Row(owner: lhs.owner.isEmpty ? rhs.owner : lhs.owner, events: lhs.events + rhs.events)
        }
    }

    /// Key `k3` of 40 gets 3 events, and so on, in a shuffled order that a seed fixes.
    static func feed(_ table: inout CappedTable<String, Row>, keys: Int, seed: UInt64) -> [String: Int] {
        var generator = SplitMix64(seed: seed)
        var events: [(String, Int)] = (0..<keys).map { ("k\($0)", $0 % 7 + 1) }
        var sent: [String: Int] = [:]
        while !events.isEmpty {
            let index = generator.below(events.count)
            let key = events[index].0
            table.update(key) { row in
                row.owner = key
                row.events += 1
            }
            sent[key, default: 0] += 1
            events[index].1 -= 1
            if events[index].1 == 0 { events.remove(at: index) }
            #expect(table.count <= table.capacity)
        }
        return sent
    }

    @Test("rows stay with their keys, counts stay exact, and listed + other = every event", arguments: [2, 3, 10, 64])
    func prune(capacity: Int) {
        var table = CappedTable<String, Row>(capacity: capacity)
        let sent = CappedTableTests.feed(&table, keys: 500, seed: UInt64(capacity))
        #expect(table.isTruncated)
        for (key, row) in table.entries {
            #expect(row.owner == key, "the row of \(row.owner) is under \(key)")
            #expect(table.value(for: key)?.owner == key)
            #expect(row.events <= sent[key]!)
        }
        #expect(table.total == sent.values.reduce(0, +))
        #expect(table.listedEvents + table.otherEvents == table.total)
    }

    @Test("a merge keeps rows with their keys and every event, on any split")
    func merge() {
        for split in [1, 7, 250] {
            var left = CappedTable<String, Row>(capacity: 32)
            var right = CappedTable<String, Row>(capacity: 32)
            let a = CappedTableTests.feed(&left, keys: split, seed: 1)
            let b = CappedTableTests.feed(&right, keys: 500, seed: 2)
            left += right
            #expect(left.total == a.values.reduce(0, +) + b.values.reduce(0, +))
            #expect(left.count <= 32)
            for (key, row) in left.entries { #expect(row.owner == key) }
        }
    }

    @Test("the same rows in the same order give the same table, whatever was pruned on the way")
    func deterministic() {
        var first = CappedTable<String, Row>(capacity: 16)
        var second = CappedTable<String, Row>(capacity: 16)
        _ = CappedTableTests.feed(&first, keys: 300, seed: 9)
        _ = CappedTableTests.feed(&second, keys: 300, seed: 9)
        #expect(first == second)
        #expect(first.top(5).map(\.key) == second.top(5).map(\.key))
    }

    /// A table's rows double while small and take their whole cap once a doubling would be a
    /// mapped block (`MappedGrowth`): never a copy into a larger mapping again, never past the
    /// cap and its one row over.
    @Test("rows double while small, then take the cap at once")
    func growth() {
        // 64-byte rows: 1,024 of them are a 64 KiB block.
        struct Wide: TableValue {
            var events = 0
            var padding: (Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0)
            var weight: Int { events }
            static func == (lhs: Wide, rhs: Wide) -> Bool { lhs.events == rhs.events }
            static func + (lhs: Wide, rhs: Wide) -> Wide { Wide(events: lhs.events + rhs.events) }
        }
        #expect(MemoryLayout<Wide>.stride == 64)
        var table = CappedTable<Int, Wide>(capacity: 20_000)
        var capacities: [Int] = []
        for key in 0..<3_000 {
            table.update(key) { $0.events += 1 }
            if capacities.last != table.values.capacity { capacities.append(table.values.capacity) }
        }
        #expect(capacities.count >= 2)
        for (small, next) in zip(capacities, capacities.dropFirst()) where next < 20_001 {
            #expect(next >= 2 * small && next * 64 < 2 * MappedGrowth.mappedBytes)
        }
        #expect(capacities.last! >= 20_001 && capacities.last! < 20_001 + 64)
        #expect(table.count == 3_000 && table.total == 3_000)

        // Below the mapped size the cap bounds the doubling as before.
        #expect(MappedGrowth.room(after: 16, limit: 25, of: Wide.self) == 25)
        #expect(MappedGrowth.room(after: 0, limit: 1_000, of: Wide.self) == 16)
        #expect(MappedGrowth.room(after: 512, limit: 20_001, of: Wide.self) == 20_001)
        #expect(MappedGrowth.room(after: 256, limit: 20_001, of: Wide.self) == 512)
        // Room already past the limit is kept.
        #expect(MappedGrowth.room(after: 30_000, limit: 20_001, of: Wide.self) == 30_000)
    }
}
