/// Counts by a key with no natural bound (client addresses, servers, users), in bounded memory.
///
/// Up to `capacity` keys are counted exactly. When a new key would pass the cap, the least
/// counted half is folded into `otherEvents`, so memory stays bounded however many distinct
/// addresses a botnet brings, while a heavy hitter that appears late still gets a row. The
/// report says when this happened and how many events it left out of the list.
public struct KeyedCounts<Key: Hashable & Comparable & Sendable>: Sendable, Equatable {
    /// A key's count, as a capped table's row.
    struct Tally: TableValue {
        var count = 0
        init() {}
        init(_ count: Int) { self.count = count }
        var weight: Int { count }
        static func + (lhs: Tally, rhs: Tally) -> Tally { Tally(lhs.count + rhs.count) }
    }

    /// The counts as a capped table: keys and counts in dense arrays with an index of row
    /// numbers (`RowIndex`). A `[Key: Int]` sized for a cap of 50,000 had 131,072 buckets (a
    /// String key and a count, 3 MB), and its prune made a new one; the table keeps the same
    /// keys (the same cap, prune of the least counted half by count then key, and merges) in
    /// about half that. Equal when the same keys have the same counts, in any order.
    var table: CappedTable<Key, Tally>

    /// Events counted under keys that were dropped from the list.
    public internal(set) var otherEvents: Int {
        get { table.otherEvents }
        set { table.otherEvents = newValue }
    }

    /// How many distinct keys were dropped (a key dropped twice counts twice).
    public internal(set) var droppedKeys: Int {
        get { table.droppedKeys }
        set { table.droppedKeys = newValue }
    }

    public var capacity: Int { table.capacity }

    public init(capacity: Int = CappedCountsDefaults.capacity) {
        precondition(capacity >= 2)
        table = CappedTable(capacity: capacity)
    }

    /// The counts by key, made when asked (reports and tests): the table keeps them as rows.
    public var counts: [Key: Int] {
        Dictionary(uniqueKeysWithValues: zip(table.keys, table.values.lazy.map(\.count)))
    }

    /// Every key with its count, in no particular order, without making a dictionary.
    var entries: Zip2Sequence<[Key], [Tally]> { table.entries }

    /// Keys listed.
    public var count: Int { table.count }
    public var isTruncated: Bool { table.isTruncated }
    public var total: Int { table.total }
    public var isEmpty: Bool { table.isEmpty }

    /// The count of `key`, 0 when not listed.
    public subscript(key: Key) -> Int { table.value(for: key)?.count ?? 0 }

    @inline(__always)
    public mutating func add(_ key: Key, _ count: Int = 1) {
        table.update(key) { $0.count += count }
    }

    /// A row for `key`, not listed yet, with no prune: for a list read back from a payload,
    /// which is within its cap. False when the key is listed already.
    mutating func appendNew(_ key: Key, _ count: Int) -> Bool {
        guard table.position(of: key) == nil else { return false }
        table.appendRow(key, Tally(count))
        return true
    }

    /// The `limit` most counted keys, most first, ties by key. Selects before sorting: a
    /// report asks for ten rows of lists that can hold fifty thousand.
    public func top(_ limit: Int? = nil) -> [(key: Key, count: Int)] {
        func ranksBefore(_ a: (key: Key, value: Int), _ b: (key: Key, value: Int)) -> Bool {
            a.value != b.value ? a.value > b.value : a.key < b.key
        }
        let rows = zip(table.keys, table.values).lazy.map { (key: $0.0, value: $0.1.count) }
        guard let limit, limit < table.count else {
            return rows.sorted(by: ranksBefore).map { (key: $0.key, count: $0.value) }
        }
        var kept: [(key: Key, value: Int)] = []
        kept.reserveCapacity(limit + 1)
        for entry in rows {
            if kept.count == limit, let last = kept.last, !ranksBefore(entry, last) { continue }
            let position = kept.firstIndex { ranksBefore(entry, $0) } ?? kept.count
            kept.insert(entry, at: position)
            if kept.count > limit { kept.removeLast() }
        }
        return kept.map { (key: $0.key, count: $0.value) }
    }

    /// Merges as the table does: when the keys `rhs` adds fit, in any order; else as if in key
    /// order, so that a prune on the way drops the same keys however the input was split.
    public static func += (lhs: inout KeyedCounts, rhs: KeyedCounts) {
        lhs.table += rhs.table
    }

    /// The same counts under keys mapped one to one (a `HashedName` to its string), dropped
    /// keys and their events kept as counted.
    public func mapKeys<Other: Hashable & Comparable & Sendable>(_ transform: (Key) -> Other) -> KeyedCounts<Other> {
        var mapped = KeyedCounts<Other>(capacity: capacity)
        mapped.table.reserveRows(table.count)
        for (key, tally) in table.entries { mapped.table.appendRow(transform(key), .init(tally.count)) }
        mapped.otherEvents = otherEvents
        mapped.droppedKeys = droppedKeys
        return mapped
    }

    public static func + (lhs: KeyedCounts, rhs: KeyedCounts) -> KeyedCounts {
        var merged = lhs
        merged += rhs
        return merged
    }
}

/// Counts by name: client addresses, servers, users, domains.
public typealias CappedCounts = KeyedCounts<String>

public enum CappedCountsDefaults {
    /// The default cap, documented in the README: 50,000 keys a list, a few MB each at most,
    /// and more distinct brute-force clients than a busy server sees in a day.
    public static let capacity = 50_000
}

extension KeyedCounts where Key == String {
    public static var defaultCapacity: Int { CappedCountsDefaults.capacity }
}
