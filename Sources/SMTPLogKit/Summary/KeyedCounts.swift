/// Counts by a key with no natural bound (client addresses, servers, users), in bounded memory.
///
/// Up to `capacity` keys are counted exactly. When a new key would pass the cap, the least
/// counted half is folded into `otherEvents`, so memory stays bounded however many distinct
/// addresses a botnet brings, while a heavy hitter that appears late still gets a row. The
/// report says when this happened and how many events it left out of the list.
public struct KeyedCounts<Key: Hashable & Comparable & Sendable>: Sendable, Equatable {

    public internal(set) var counts: [Key: Int] = [:]
    /// Events counted under keys that were dropped from the list.
    public internal(set) var otherEvents = 0
    /// How many distinct keys were dropped (a key dropped twice counts twice).
    public internal(set) var droppedKeys = 0
    public let capacity: Int

    public init(capacity: Int = CappedCountsDefaults.capacity) {
        precondition(capacity >= 2)
        self.capacity = capacity
    }

    public var isTruncated: Bool { droppedKeys > 0 }
    public var total: Int { counts.values.reduce(otherEvents, +) }
    public var isEmpty: Bool { counts.isEmpty && otherEvents == 0 }

    @inline(__always)
    public mutating func add(_ key: Key, _ count: Int = 1) {
        counts[key, default: 0] += count
        if counts.count > capacity { prune() }
    }

    /// Keeps the most counted half, ties broken by key so that the result is deterministic.
    /// The half kept goes into a new dictionary sized for the cap: removing the other half one
    /// key at a time shifted the entries behind each, and with a million distinct clients the
    /// prunes were a sixth of the run (perf).
    @inline(never)
    private mutating func prune() {
        let keep = capacity / 2
        var ranked = Array(counts)
        counts = [:]
        ranked.withUnsafeMutableBufferPointer { ranked in
            ranked.selectFirst(keep) { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        }
        for (_, value) in ranked[keep...] {
            otherEvents += value
            droppedKeys += 1
        }
        var kept = [Key: Int](minimumCapacity: capacity + 1)
        for (key, value) in ranked[..<keep] { kept[key] = value }
        counts = kept
    }

    /// The `limit` most counted keys, most first, ties by key. Selects before sorting: a
    /// report asks for ten rows of lists that can hold fifty thousand.
    public func top(_ limit: Int? = nil) -> [(key: Key, count: Int)] {
        func ranksBefore(_ a: (key: Key, value: Int), _ b: (key: Key, value: Int)) -> Bool {
            a.value != b.value ? a.value > b.value : a.key < b.key
        }
        guard let limit, limit < counts.count else {
            return counts.sorted(by: ranksBefore).map { (key: $0.key, count: $0.value) }
        }
        var kept: [(key: Key, value: Int)] = []
        kept.reserveCapacity(limit + 1)
        for entry in counts {
            if kept.count == limit, let last = kept.last, !ranksBefore(entry, last) { continue }
            let position = kept.firstIndex { ranksBefore(entry, $0) } ?? kept.count
            kept.insert(entry, at: position)
            if kept.count > limit { kept.removeLast() }
        }
        return kept.map { (key: $0.key, count: $0.value) }
    }

    public static func += (lhs: inout KeyedCounts, rhs: KeyedCounts) {
        lhs.otherEvents += rhs.otherEvents
        lhs.droppedKeys += rhs.droppedKeys
        var added = rhs.counts.count
        if lhs.counts.count + added > lhs.capacity {
            added = 0
            for key in rhs.counts.keys where lhs.counts[key] == nil { added += 1 }
        }
        if lhs.counts.count + added <= lhs.capacity {
            // No prune can fall on the way: any order gives the same counts, and the sort
            // below cost more than the merge itself (callgrind).
            lhs.counts.merge(rhs.counts, uniquingKeysWith: +)
            return
        }
        // In key order, so that a prune on the way drops the same keys however the input was split.
        for (key, value) in rhs.counts.sorted(by: { $0.key < $1.key }) { lhs.add(key, value) }
    }

    /// The same counts under keys mapped one to one (a `HashedName` to its string), dropped
    /// keys and their events kept as counted.
    public func mapKeys<Other: Hashable & Comparable & Sendable>(_ transform: (Key) -> Other) -> KeyedCounts<Other> {
        var mapped = KeyedCounts<Other>(capacity: capacity)
        mapped.counts.reserveCapacity(counts.count)
        for (key, count) in counts { mapped.counts[transform(key)] = count }
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
