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
    /// Rows are stored densely (keys and values in arrays, a dictionary of positions beside
    /// them): a dictionary of the records themselves keeps up to twice their size in empty
    /// buckets, and there are tens of thousands of clients per core.
    private var positions: [Key: Int] = [:]
    private var keys: [Key] = []
    private var values: [Value] = []
    public private(set) var otherEvents = 0
    public private(set) var droppedKeys = 0
    public let capacity: Int
    /// The first lines that went into the table, to show what its finding is about.
    public private(set) var examples: [LineExample] = []

    public init(capacity: Int = CappedCountsDefaults.capacity) {
        precondition(capacity >= 2)
        self.capacity = capacity
    }

    public var count: Int { keys.count }
    public var isTruncated: Bool { droppedKeys > 0 }
    public var isEmpty: Bool { keys.isEmpty && otherEvents == 0 }
    public var total: Int { values.reduce(otherEvents) { $0 + $1.count } }
    /// Every row, in the order first seen.
    public var entries: Zip2Sequence<[Key], [Value]> { zip(keys, values) }
    /// The rows as a dictionary, for reports and tests.
    public var rows: [Key: Value] { Dictionary(uniqueKeysWithValues: zip(keys, values)) }

    /// Equal when the same keys hold equal rows, whatever order they came in.
    public static func == (lhs: CappedTable, rhs: CappedTable) -> Bool {
        lhs.otherEvents == rhs.otherEvents && lhs.droppedKeys == rhs.droppedKeys && lhs.capacity == rhs.capacity
            && lhs.examples == rhs.examples && lhs.rows == rhs.rows
    }

    @inline(__always)
    public mutating func update(_ key: Key, example: () -> LineExample, _ body: (inout Value) -> Void) {
        if examples.count < ReplyDetail.exampleLimit { examples.append(example()) }
        update(key, body)
    }

    /// Updates the row of `key` in place, creating it first when new.
    @inline(__always)
    public mutating func update(_ key: Key, _ body: (inout Value) -> Void) {
        if let position = positions[key] {
            body(&values[position])
            return
        }
        positions[key] = values.count
        keys.append(key)
        values.append(Value())
        body(&values[values.count - 1])
        if keys.count > capacity { prune() }
    }

    /// Keeps the most counted half, ties broken by key so that the result is deterministic.
    private mutating func prune() {
        let order = keys.indices.sorted {
            values[$0].count != values[$1].count ? values[$0].count > values[$1].count : keys[$0] < keys[$1]
        }
        let keep = capacity / 2
        for index in order[keep...] {
            otherEvents += values[index].count
            droppedKeys += 1
        }
        let kept = order[..<keep].sorted()
        keys = kept.map { keys[$0] }
        values = kept.map { values[$0] }
        positions = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, $0.offset) })
    }

    /// The `limit` keys with the most events, most first, ties by key.
    public func top(_ limit: Int) -> [(key: Key, value: Value)] {
        ranked(limit: limit, where: { _ in true })
    }

    /// The `limit` most counted rows that pass `include`, most first, ties by key; selected in
    /// one pass without copying the table.
    public func ranked(limit: Int, where include: (Value) -> Bool) -> [(key: Key, value: Value)] {
        func before(_ a: (key: Key, value: Value), _ b: (key: Key, value: Value)) -> Bool {
            a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key
        }
        var kept: [(key: Key, value: Value)] = []
        for (key, value) in zip(keys, values) where include(value) {
            let entry = (key: key, value: value)
            if kept.count == limit, let last = kept.last, !before(entry, last) { continue }
            kept.insert(entry, at: kept.firstIndex { before(entry, $0) } ?? kept.count)
            if kept.count > limit { kept.removeLast() }
        }
        return kept
    }

    /// Moves kept examples' line numbers on, for a chunk placed after others.
    public mutating func offsetExampleLines(by lines: Int) {
        for index in examples.indices { examples[index].line += lines }
    }

    /// Merges in place: a copy of a fifty-thousand-row table costs what the table costs.
    public static func += (lhs: inout CappedTable, rhs: CappedTable) {
        lhs.otherEvents += rhs.otherEvents
        lhs.droppedKeys += rhs.droppedKeys
        if lhs.examples.count < ReplyDetail.exampleLimit {
            lhs.examples = Array((lhs.examples + rhs.examples).prefix(ReplyDetail.exampleLimit))
        }
        for (key, value) in zip(rhs.keys, rhs.values).sorted(by: { $0.0 < $1.0 }) {
            lhs.update(key) { $0 = $0 + value }
        }
    }

    public static func + (lhs: CappedTable, rhs: CappedTable) -> CappedTable {
        var merged = lhs
        merged += rhs
        return merged
    }
}

/// A few distinct values (users tried, mechanisms, domains, codes) with how often each came,
/// bounded so that a client trying a million user names costs nothing. It keeps the eight
/// smallest values with exact counts and counts the rest under `more`: unlike "the first
/// eight seen", that set does not depend on the order lines come in, so a file read in
/// chunks on several cores gives the same lists as one pass. The first value is kept inline
/// and the others in an array searched linearly: most peers show a single code, user or
/// mechanism, and then the set allocates nothing.
public struct SmallCounts<Value: Hashable & Comparable & Sendable>: Sendable, Equatable {
    public static var limit: Int { 8 }
    private var firstValue: Value?
    private var firstCount = 0
    private var others: [(value: Value, count: Int)] = []
    /// Occurrences of values that did not fit.
    public private(set) var more = 0

    public init() {}

    @inline(__always)
    public mutating func add(_ value: Value, _ count: Int = 1) {
        guard let first = firstValue else {
            firstValue = value
            firstCount = count
            return
        }
        if first == value {
            firstCount += count
        } else if let index = others.firstIndex(where: { $0.value == value }) {
            others[index].count += count
        } else if others.count + 1 < SmallCounts.limit {
            others.append((value, count))
        } else {
            // Full: the new value replaces the largest kept one if it is smaller.
            var largest = -1
            var largestValue = first
            for (index, other) in others.enumerated() where other.value > largestValue {
                largest = index
                largestValue = other.value
            }
            guard value < largestValue else {
                more += count
                return
            }
            if largest == -1 {
                more += firstCount
                firstValue = value
                firstCount = count
            } else {
                more += others[largest].count
                others[largest] = (value, count)
            }
        }
    }

    public var values: [Value] { (firstValue.map { [$0] } ?? []) + others.map(\.value) }
    public var counts: [Int] { (firstValue == nil ? [] : [firstCount]) + others.map(\.count) }
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
