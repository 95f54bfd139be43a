import Foundation
import Testing
@testable import SMTPLogKit

/// The capped tables find their rows through `RowIndex` (row numbers in open-addressed slots)
/// instead of a dictionary of keys and positions, and the name pairs and the hosts' example
/// lines are kept in smaller forms: each must find, keep and drop exactly what the structure it
/// replaced did.
@Suite("Row indexes and the compact tables built on them")
struct RowIndexTests {
    /// A key whose hash a test chooses: equal hashes make every key probe past the others, and
    /// a hash at the last slot makes the probing wrap around to the first.
    struct Colliding: Hashable, Comparable, Sendable {
        var name: String
        var forcedHash: Int
        static func == (lhs: Colliding, rhs: Colliding) -> Bool { lhs.name == rhs.name }
        static func < (lhs: Colliding, rhs: Colliding) -> Bool { lhs.name < rhs.name }
        func hash(into hasher: inout Hasher) { hasher.combine(forcedHash) }
        func _rawHashValue(seed: Int) -> Int { forcedHash }
    }

    struct Count: TableValue {
        var events = 0
        var weight: Int { events }
        static func + (lhs: Count, rhs: Count) -> Count { Count(events: lhs.events + rhs.events) }
    }

    /// Every key fed is found at its own row while listed, and a key never fed is not found,
    /// through growth, prunes (the index refilled) and a merge.
    @Test("keys are found at their rows through growth, prunes and merges", arguments: [2, 5, 64, 1_000])
    func findsRows(capacity: Int) {
        var table = CappedTable<String, Count>(capacity: capacity)
        var generator = SplitMix64(seed: UInt64(capacity))
        var fed: [String: Int] = [:]
        for _ in 0..<6_000 {
            let key = "k\(generator.below(2_500))"
            table.update(key) { $0.events += 1 }
            fed[key, default: 0] += 1
        }
        var other = CappedTable<String, Count>(capacity: capacity)
        for index in 0..<700 { other.update("m\(index % 350)") { $0.events += 1 } }
        table += other
        for index in 0..<350 { fed["m\(index)", default: 0] += 2 }
        for (row, key) in table.keys.enumerated() {
            #expect(table.position(of: key) == row)
            #expect(table.value(for: key)?.events ?? 0 <= fed[key]!)
        }
        #expect(table.value(for: "never") == nil && table.position(of: "k2500") == nil)
        #expect(table.total == fed.values.reduce(0, +))
        #expect(Set(table.keys).count == table.count && table.count <= capacity)
    }

    @Test("keys of one hash probe past each other, and probing wraps past the last slot")
    func collisions() {
        for forced in [0, 15, -1, Int.max] {
            var table = CappedTable<Colliding, Count>(capacity: 40)
            let keys = (0..<30).map { Colliding(name: "c\($0)", forcedHash: forced) }
            for (index, key) in keys.enumerated() {
                for _ in 0...index { table.update(key) { $0.events += 1 } }
            }
            for (index, key) in keys.enumerated() { #expect(table.value(for: key)?.events == index + 1) }
            #expect(table.value(for: Colliding(name: "other", forcedHash: forced)) == nil)
            // Past the cap: the least counted half goes, and the rest is found again.
            for index in 30..<41 { table.update(Colliding(name: "d\(index)", forcedHash: forced)) { $0.events += 100 } }
            for (row, key) in table.keys.enumerated() { #expect(table.position(of: key) == row) }
            #expect(table.count == 20 && table.isTruncated)
        }
    }

    /// A key that counts how often it is compared, to show which probes load a key.
    final class Comparisons: @unchecked Sendable { var count = 0 }
    struct Counted: Hashable, Comparable, Sendable {
        var name: String
        var forcedHash: Int
        let comparisons: Comparisons
        static func == (lhs: Counted, rhs: Counted) -> Bool {
            lhs.comparisons.count += 1
            return lhs.name == rhs.name
        }
        static func < (lhs: Counted, rhs: Counted) -> Bool { lhs.name < rhs.name }
        func hash(into hasher: inout Hasher) { hasher.combine(forcedHash) }
        func _rawHashValue(seed: Int) -> Int { forcedHash }
    }

    /// Keys that start probing at one slot but differ in their hash's top bits (the slot's
    /// tag) are told apart by the tag alone: each lookup compares one key, the one it finds,
    /// and a key not listed compares none; keys of one whole hash still compare every key.
    @Test("a slot's tag skips the keys of other hashes without comparing them")
    func tagsSkipKeys() {
        let comparisons = Comparisons()
        var table = CappedTable<Counted, Count>(capacity: 40)
        let keys = (1...30).map { Counted(name: "t\($0)", forcedHash: 5 | $0 << 40, comparisons: comparisons) }
        for key in keys { table.update(key) { $0.events += 1 } }
        #expect(table.rowIndex.slotCount == 64)
        comparisons.count = 0
        for (row, key) in keys.enumerated() { #expect(table.position(of: key) == row) }
        #expect(comparisons.count == keys.count)
        comparisons.count = 0
        #expect(table.position(of: Counted(name: "absent", forcedHash: 5 | 31 << 40, comparisons: comparisons)) == nil)
        #expect(comparisons.count == 0)
        // Of the same whole hash as a listed key, a key not listed is compared with it.
        #expect(table.position(of: Counted(name: "absent", forcedHash: 5 | 7 << 40, comparisons: comparisons)) == nil)
        #expect(comparisons.count == 1)
        // Through a prune the index is refilled with the tags of the rows kept.
        for index in 31...41 { table.update(Counted(name: "u\(index)", forcedHash: 5 | index << 40, comparisons: comparisons)) { $0.events += 9 } }
        #expect(table.isTruncated && table.count == 20)
        comparisons.count = 0
        for (row, key) in table.keys.enumerated() { #expect(table.position(of: key) == row) }
        #expect(comparisons.count == table.count)
    }

    /// A tag takes the bits above the row number, which is below the slot count: for any slot
    /// count the tag and the largest row fit in a slot's 31 bits, and an index too large to
    /// keep any tag bit (2^31 slots) compares every key as an untagged index did.
    @Test("tags fit beside the largest row of every index size, and vanish past 2^31 slots")
    func tagBits() {
        for shift in 4...34 {
            let mask = (1 << shift) - 1
            for hash in [0, -1, Int.max, Int.min, 0x5A5A_5A5A_5A5A_5A5A, 1 << 33] {
                let tag = RowIndex.tag(hash, mask: mask)
                #expect(tag & mask == 0 && tag >= 0)
                let largestRow = Swift.min(mask / 4 * 3, Int(Int32.max) - 1)
                #expect(tag | largestRow <= Int(Int32.max))
                if shift >= 31 { #expect(tag == 0) }
            }
        }
        // 32,768 slots (a full table of the rules' cap) keep 16 bits of tag.
        #expect(RowIndex.tag(-1, mask: 32_767) == Int(Int32.max) & ~32_767)
    }

    /// The bytes the index saves: a full table of the rules' cap indexes its rows in 32,768
    /// four-byte slots, as a dictionary's buckets at the same load.
    @Test("a full table's index stays at 32,768 slots for 20,000 rows, through prunes")
    func indexSize() {
        var table = CappedTable<HashedName, Count>(capacity: RuleSet.tableCapacity)
        for index in 0..<(3 * RuleSet.tableCapacity) { table.update(HashedName("203.0.\(index / 256).\(index % 256)")) { $0.events += 1 } }
        #expect(table.isTruncated)
        #expect(table.rowIndex.slotCount == 32_768)
        #expect(table.rowIndex.count == table.count)
    }

    /// The pairs of names were a `KeyedCounts` of pairs: the same stream, merged in parts, must
    /// leave the same pairs with the same counts, and drop the same events.
    @Test("name pairs keep and drop what a KeyedCounts of pairs did", arguments: [4, 50, 400])
    func namePairsAsKeyedCounts(capacity: Int) {
        var generator = SplitMix64(seed: 11 + UInt64(capacity))
        func part(_ size: Int) -> (NamePairs<HashedName>, KeyedCounts<NamePairs<HashedName>.Pair>) {
            var pairs = NamePairs<HashedName>(capacity: capacity)
            var reference = KeyedCounts<NamePairs<HashedName>.Pair>(capacity: capacity)
            for _ in 0..<size {
                let subject = HashedName("198.51.100.\(generator.below(60))")
                let name = HashedName("user\(generator.below(generator.below(40) + 1))")
                pairs.add(subject: subject, name: name)
                reference.add(.init(subject: subject, name: name))
            }
            return (pairs, reference)
        }
        var (pairs, reference) = part(3_000)
        for size in [0, 10, 900] {
            let (more, moreReference) = part(size)
            pairs += more
            reference += moreReference
        }
        #expect(pairs.isTruncated == reference.isTruncated)
        #expect(pairs.counts == reference)
        #expect(pairs.listedKeys == reference.listedKeys && pairs.listedEvents == reference.listedEvents)
        #expect(pairs.otherEvents == reference.otherEvents && pairs.droppedKeys == reference.droppedKeys)
        // Read back from a payload's form, the pairs are the same list.
        var read = NamePairs<HashedName>(capacity: 2)
        read.counts = reference
        #expect(read == pairs)
        #expect(read.namesOfAll(top: 5) == pairs.namesOfAll(top: 5))
    }

    /// A host's example row was a whole `SubjectActivity`: the smaller row must rank, cut and
    /// merge the same, so that the same hosts keep the same lines.
    @Test("example rows keep the rows and lines a SubjectActivity table kept", arguments: [3, 30])
    func examplesAsActivity(capacity: Int) throws {
        var generator = SplitMix64(seed: 29 + UInt64(capacity))
        var line = 0
        func part(_ size: Int) -> (CappedTable<HashedName, SubjectExample>, CappedTable<HashedName, SubjectActivity>) {
            var examples = CappedTable<HashedName, SubjectExample>(capacity: capacity)
            var activity = CappedTable<HashedName, SubjectActivity>(capacity: capacity)
            for _ in 0..<size {
                line += 1
                let host = HashedName("192.0.2.\(generator.below(generator.below(100) + 1))")
                let example = LineExample(file: "mail.log", line: line, text: "line \(line) of \(host.string)")
                let time = LogTime(year: 2026, month: 11, day: 22, hour: line % 24, minute: line % 60, second: line % 59)
                let code = [535, 530, 535, 554][line % 4]
                examples.update(host) { $0.record(time, code: code, example: { example }) }
                activity.update(host) { $0.record(time, code: code, example: { example }) }
            }
            return (examples, activity)
        }
        var (examples, activity) = part(500)
        let (more, moreActivity) = part(300)
        examples += more
        activity += moreActivity
        examples.offsetExampleLines(by: 7)
        activity.offsetExampleLines(by: 7)
        #expect(examples.isTruncated)
        #expect(examples.otherEvents == activity.otherEvents && examples.droppedKeys == activity.droppedKeys)
        #expect(examples.rows.mapValues(\.count) == activity.rows.mapValues(\.count))
        #expect(examples.rows.mapValues(\.activity) == activity.rows)
        // In a payload it is written as the row it replaced, byte for byte, and read from one.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(examples) == encoder.encode(activity))
        let readBack = try JSONDecoder().decode(CappedTable<HashedName, SubjectExample>.self, from: try JSONEncoder().encode(activity))
        #expect(readBack == examples)
    }

    /// What `KeyedCounts` was, a dictionary pruned to its most counted half (by count, then
    /// key) when a key passes the cap, and merged in key order when a merge may prune: the
    /// reference the table-backed lists must agree with.
    struct DictionaryCounts {
        var counts: [String: Int] = [:]
        var otherEvents = 0, droppedKeys = 0
        let capacity: Int

        mutating func add(_ key: String, _ count: Int = 1) {
            counts[key, default: 0] += count
            guard counts.count > capacity else { return }
            let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            for (_, value) in ranked[(capacity / 2)...] {
                otherEvents += value
                droppedKeys += 1
            }
            counts = Dictionary(uniqueKeysWithValues: ranked[..<(capacity / 2)].map { ($0.key, $0.value) })
        }

        mutating func merge(_ other: DictionaryCounts) {
            otherEvents += other.otherEvents
            droppedKeys += other.droppedKeys
            for (key, value) in other.counts.sorted(by: { $0.key < $1.key }) { add(key, value) }
        }
    }

    @Test("capped counts keep, drop and merge what a pruned dictionary did", arguments: [2, 9, 100, 5_000])
    func keyedCountsAsDictionary(capacity: Int) throws {
        var generator = SplitMix64(seed: 41 + UInt64(capacity))
        func part(_ size: Int) -> (CappedCounts, DictionaryCounts) {
            var counts = CappedCounts(capacity: capacity)
            var reference = DictionaryCounts(capacity: capacity)
            for _ in 0..<size {
                let key = "client\(generator.below(generator.below(3_000) + 1))"
                let count = generator.below(3) + 1
                counts.add(key, count)
                reference.add(key, count)
            }
            return (counts, reference)
        }
        var (counts, reference) = part(8_000)
        for size in [5, 2_000] {
            let (more, moreReference) = part(size)
            counts += more
            reference.merge(moreReference)
        }
        #expect(counts.counts == reference.counts)
        #expect(counts.otherEvents == reference.otherEvents && counts.droppedKeys == reference.droppedKeys)
        #expect(counts.total == reference.counts.values.reduce(reference.otherEvents, +))
        let ranked = reference.counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        #expect(counts.top(7).map(\.key) == ranked.prefix(7).map(\.key))
        #expect(counts.top().map(\.key) == ranked.map(\.key))
        for (key, value) in reference.counts.prefix(50) { #expect(counts[key] == value) }
        // A payload's form reads back to the same list, and mapped keys keep every count.
        let read = try JSONDecoder().decode(CappedCounts.self, from: try JSONEncoder().encode(counts))
        #expect(read == counts)
        #expect(counts.mapKeys { HashedName($0) }.mapKeys(\.string) == counts)
    }

    /// The bytes a row costs, kept per subject in every rule's table on every core: a field
    /// added or widened shows here before it shows in a heap profile.
    @Test("rows stay at their sizes: activity 120 bytes, example 96, a pending login's runs in place")
    func rowSizes() {
        #expect(MemoryLayout<SubjectActivity>.stride == 120)
        #expect(MemoryLayout<SubjectExample>.stride == 96)
        #expect(MemoryLayout<KeyedCounts<HashedName>.Tally>.stride == 8)
        #expect(MemoryLayout<PasswordGuessedRule.PerSubject<[UInt32]>>.stride == 24)
    }

    @Test("an activity row counts its reply codes as the codes they are")
    func activityCodes() {
        var row = SubjectActivity()
        let example = LineExample(file: "mail.log", line: 1, text: "535 5.7.8 Error: authentication failed")
        for code in [535, 535, 530, 554, 535] { row.record(nil, code: code, example: { example }) }
        #expect(row.codes.items == [535: 3, 530: 1, 554: 1])
        #expect((row + row).codes.sorted.map(\.value) == [535, 530, 554])
    }
}
