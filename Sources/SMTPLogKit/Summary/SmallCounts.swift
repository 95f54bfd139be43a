/// A few distinct values (users tried, mechanisms, domains, codes) with how often each came,
/// bounded so that a client trying a million user names costs nothing. It keeps the eight
/// smallest values with exact counts and counts the rest under `more`: unlike "the first
/// eight seen", that set does not depend on the order lines come in, so a file read in
/// chunks on several cores gives the same lists as one pass. The first value is kept inline
/// and the others in an array searched linearly: most peers show a single code, user or
/// mechanism, and then the set allocates nothing.
public struct SmallCounts<Value: Hashable & Comparable & Sendable>: Sendable, Equatable {
    public static var limit: Int { 8 }
    private var firstCount = 0
    private var others: [(value: Value, count: Int)] = []
    /// Occurrences of values that did not fit.
    public internal(set) var more = 0
    /// Last: an optional's tag byte at the end leaves the padding after it to the record that
    /// holds these counts as its own last field (`SubjectActivity`, one per client).
    private var firstValue: Value?

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

    /// `rhs`'s values added in ascending order. A set of one value (most peers show a single
    /// code) is added as it is: the arrays of values, counts and their sorted pairs cost four
    /// allocations for every row a chunk's join merges (callgrind).
    public static func + (lhs: SmallCounts, rhs: SmallCounts) -> SmallCounts {
        var merged = lhs
        if rhs.others.isEmpty {
            if let value = rhs.firstValue { merged.add(value, rhs.firstCount) }
        } else {
            for (value, count) in zip(rhs.values, rhs.counts).sorted(by: { $0.0 < $1.0 }) { merged.add(value, count) }
        }
        merged.more += rhs.more
        return merged
    }
}

