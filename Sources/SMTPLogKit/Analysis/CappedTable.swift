/// A value kept per key in a `CappedTable`: it knows its weight and how to merge.
public protocol TableValue: Sendable, Equatable {
    init()
    /// What ranks the keys: the number of events counted under the key.
    var count: Int { get }
    static func + (lhs: Self, rhs: Self) -> Self
}

/// Like `KeyedCounts`, but keeps a small record per key (when, who, what) instead of a count,
/// for the keys findings are made of: clients, servers, domains. Bounded the same way: past
/// the cap, the least counted half is dropped and its events counted under `otherEvents`.
public struct CappedTable<Key: Hashable & Comparable & Sendable, Value: TableValue>: Sendable, Equatable {
    public private(set) var rows: [Key: Value] = [:]
    public private(set) var otherEvents = 0
    public private(set) var droppedKeys = 0
    public let capacity: Int
    /// The first lines that went into the table, to show what its finding is about.
    public private(set) var examples: [LineExample] = []

    public init(capacity: Int = CappedCountsDefaults.capacity) {
        precondition(capacity >= 2)
        self.capacity = capacity
    }

    public var isTruncated: Bool { droppedKeys > 0 }
    public var isEmpty: Bool { rows.isEmpty && otherEvents == 0 }
    public var total: Int { rows.values.reduce(otherEvents) { $0 + $1.count } }

    /// Updates the row of `key` in place, creating it first when new.
    @inline(__always)
    public mutating func update(_ key: Key, example: () -> LineExample, _ body: (inout Value) -> Void) {
        if examples.count < ReplyDetail.exampleLimit { examples.append(example()) }
        update(key, body)
    }

    @inline(__always)
    public mutating func update(_ key: Key, _ body: (inout Value) -> Void) {
        body(&rows[key, default: Value()])
        if rows.count > capacity { prune() }
    }

    private mutating func prune() {
        let ranked = rows.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
        for (key, value) in ranked[(capacity / 2)...] {
            rows[key] = nil
            otherEvents += value.count
            droppedKeys += 1
        }
    }

    /// The `limit` keys with the most events, most first, ties by key.
    public func top(_ limit: Int) -> [(key: Key, value: Value)] {
        Array(rows.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
            .prefix(limit)).map { (key: $0.key, value: $0.value) }
    }

    /// Moves kept examples' line numbers on, for a chunk placed after others.
    public mutating func offsetExampleLines(by lines: Int) {
        for index in examples.indices { examples[index].line += lines }
    }

    public static func + (lhs: CappedTable, rhs: CappedTable) -> CappedTable {
        var merged = lhs
        merged.otherEvents += rhs.otherEvents
        merged.droppedKeys += rhs.droppedKeys
        merged.examples = Array((lhs.examples + rhs.examples).prefix(ReplyDetail.exampleLimit))
        for (key, value) in rhs.rows.sorted(by: { $0.key < $1.key }) {
            merged.update(key) { $0 = $0 + value }
        }
        return merged
    }
}

/// A few distinct values (users tried, mechanisms, domains, codes) with how often each came,
/// bounded so that a client trying a million user names costs nothing. Parallel arrays with a
/// linear search: eight entries at most, so no hashing and at most two allocations.
public struct SmallCounts<Value: Hashable & Comparable & Sendable>: Sendable, Equatable {
    public static var limit: Int { 8 }
    public private(set) var values: [Value] = []
    public private(set) var counts: [Int] = []
    /// Occurrences of values that did not fit.
    public private(set) var more = 0

    public init() {}

    @inline(__always)
    public mutating func add(_ value: Value, _ count: Int = 1) {
        if let index = values.firstIndex(of: value) {
            counts[index] += count
        } else if values.count < SmallCounts.limit {
            values.append(value)
            counts.append(count)
        } else {
            more += count
        }
    }

    public var items: [Value: Int] { Dictionary(zip(values, counts), uniquingKeysWith: +) }

    /// Most frequent first, ties by value.
    public var sorted: [(value: Value, count: Int)] {
        zip(values, counts).sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map { (value: $0.0, count: $0.1) }
    }

    /// Equal when the same values have the same counts, in whatever order they came.
    public static func == (lhs: SmallCounts, rhs: SmallCounts) -> Bool {
        lhs.more == rhs.more && lhs.items == rhs.items
    }

    public static func + (lhs: SmallCounts, rhs: SmallCounts) -> SmallCounts {
        var merged = lhs
        for (value, count) in zip(rhs.values, rhs.counts).sorted(by: { $0.0 < $1.0 }) { merged.add(value, count) }
        merged.more += rhs.more
        return merged
    }
}

public typealias SmallSet = SmallCounts<String>
