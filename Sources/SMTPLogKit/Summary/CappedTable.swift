/// A value kept per key in a `CappedTable`: it knows its weight and how to merge.
public protocol TableValue: Sendable, Equatable {
    init()
    /// What ranks the keys, and what a full table drops first: the events counted under the key.
    var weight: Int { get }
    /// `rhs` comes after `lhs` in the log.
    static func + (lhs: Self, rhs: Self) -> Self
    /// Adds `later` (which comes after `self`) in place: what `self = self + later` does, the
    /// default. A row holding a name overrides it so that a join reads the row it adds where
    /// it lies, instead of copying it and the row it adds to (a retain and a release of each
    /// name: half of the joins' time in the traffic tables, perf).
    mutating func absorb(_ later: Self)
}

extension TableValue {
    @inline(__always)
    public mutating func absorb(_ later: Self) { self = self + later }
}

/// Like `KeyedCounts`, but keeps a small record per key (when, who, what) instead of a count,
/// for the keys findings are made of: clients, servers, domains. Bounded the same way: past
/// the cap, the least counted half is dropped and its events counted under `otherEvents`.
public struct CappedTable<Key: Hashable & Comparable & Sendable, Value: TableValue>: Sendable, Equatable {
    /// Rows are stored densely (keys and values in arrays, an index of their positions beside
    /// them): a dictionary of the records themselves keeps up to twice their size in empty
    /// buckets, and there are tens of thousands of clients per core. The index holds 32-bit row
    /// numbers only (`RowIndex`), not the keys again: a full table's index has 32,768 slots of
    /// 4 bytes where a `[Key: Int32]` had 32,768 buckets of a key and a position.
    var rowIndex = RowIndex()
    var keys: [Key] = []
    var values: [Value] = []
    public internal(set) var otherEvents = 0
    public internal(set) var droppedKeys = 0
    public let capacity: Int

    public init(capacity: Int = CappedCountsDefaults.capacity) {
        precondition(capacity >= 2 && capacity < Int(Int32.max))
        self.capacity = capacity
    }

    public var count: Int { keys.count }
    public var isTruncated: Bool { droppedKeys > 0 }
    public var isEmpty: Bool { keys.isEmpty && otherEvents == 0 }
    public var total: Int { values.reduce(otherEvents) { $0 + $1.weight } }
    /// Every row: one core's in the order first seen, a merge's new rows after the rows
    /// before them in no fixed order. Readers that list rows sort them (by count, then key).
    public var entries: Zip2Sequence<[Key], [Value]> { zip(keys, values) }
    /// The rows as a dictionary, for reports and tests.
    public var rows: [Key: Value] { Dictionary(uniqueKeysWithValues: zip(keys, values)) }

    /// Equal when the same keys hold equal rows, whatever order they came in.
    public static func == (lhs: CappedTable, rhs: CappedTable) -> Bool {
        lhs.otherEvents == rhs.otherEvents && lhs.droppedKeys == rhs.droppedKeys && lhs.capacity == rhs.capacity
            && lhs.rows == rhs.rows
    }

    /// The row of `key`, if it has one.
    public func value(for key: Key) -> Value? {
        rowIndex.row(of: key, hash: RowIndex.hash(key), in: keys).map { values[$0] }
    }

    /// The row of `key`, if it has one.
    @inline(__always)
    func position(of key: Key) -> Int? {
        rowIndex.row(of: key, hash: RowIndex.hash(key), in: keys)
    }

    /// Adds a row for `key`, which has none (`position(of:)` is nil), with no prune: for a
    /// table read back from a payload, which is within its cap.
    mutating func appendRow(_ key: Key, _ value: Value) {
        rowIndex.insert(row: keys.count, hash: RowIndex.hash(key), keys: keys)
        keys.append(key)
        values.append(value)
    }

    /// Updates the row of `key` in place, creating it first when new.
    @inline(__always)
    public mutating func update(_ key: Key, _ body: (inout Value) -> Void) {
        let hash = RowIndex.hash(key)
        if let position = rowIndex.row(of: key, hash: hash, in: keys) {
            body(&values[position])
            return
        }
        rowIndex.insert(row: keys.count, hash: hash, keys: keys)
        if values.count == values.capacity { growWithinCap() }
        keys.append(key)
        values.append(Value())
        body(&values[values.count - 1])
        if keys.count > capacity { prune() }
    }

    /// Updates the row of `key` as `update` does, and tells where the row is now: nil when the
    /// update pruned the table (the row may have moved or gone). A position is a hint for
    /// `update(at:key:)`, which checks it.
    @inline(__always)
    mutating func updateReturningPosition(_ key: Key, _ body: (inout Value) -> Void) -> Int? {
        let hash = RowIndex.hash(key)
        if let position = rowIndex.row(of: key, hash: hash, in: keys) {
            body(&values[position])
            return position
        }
        rowIndex.insert(row: keys.count, hash: hash, keys: keys)
        if values.count == values.capacity { growWithinCap() }
        keys.append(key)
        values.append(Value())
        body(&values[values.count - 1])
        if keys.count > capacity {
            prune()
            return nil
        }
        return keys.count - 1
    }

    /// Updates the row at `position` when it is `key`'s (a position `updateReturningPosition`
    /// gave, which a prune or a merge since may have moved): true when it was, false when
    /// nothing was changed. A key compared instead of a hash and a probe of the index.
    @inline(__always)
    mutating func update(at position: Int, key: Key, _ body: (inout Value) -> Void) -> Bool {
        guard position >= 0, position < keys.count, keys[position] == key else { return false }
        body(&values[position])
        return true
    }

    /// Doubles the rows' storage as an array does, but never past the cap and its one row over
    /// (the prune's trigger): doubling alone takes a table of 20,000 rows to room for 32,768,
    /// 60% more than it ever holds, in every table of every core. Once the keys or the rows
    /// would take a mapped block, the cap is taken at once (`MappedGrowth`).
    @inline(never)
    private mutating func growWithinCap() {
        let limit = capacity + 1
        let next = Swift.max(MappedGrowth.room(after: values.capacity, limit: limit, of: Value.self),
                             MappedGrowth.room(after: keys.capacity, limit: limit, of: Key.self))
        guard next > values.capacity else { return }
        keys.reserveCapacity(next)
        values.reserveCapacity(next)
    }

    /// Room for `rows` rows (at most the cap and its one row over), made at once, and at least
    /// doubled as an array grows: reserving just what one merge needs made a run that folds
    /// 5,000 small files into one total copy the total's rows on nearly every fold.
    mutating func reserveRows(_ rows: Int) {
        let wanted = Swift.min(rows, capacity + 1)
        guard wanted > values.capacity else { return }
        let room = Swift.min(Swift.max(wanted, values.capacity * 2), capacity + 1)
        keys.reserveCapacity(room)
        values.reserveCapacity(room)
        rowIndex.reserve(room, keys: keys)
    }

    /// Keeps the most counted half, ties broken by key so that the result is deterministic
    /// (selected, not sorted: which rows are kept is all that matters here).
    /// In place: the rows kept move down in their arrays and the position dictionary is
    /// refilled, so every storage keeps its capacity. New arrays of the half kept would grow
    /// back by doubling, past the cap, to twice its size at the next prune, and a new
    /// dictionary would be resized on the way: a table's peak would be twice its rows.
    private mutating func prune() {
        let keep = capacity / 2
        let kept = CappedTable.kept(keep, keys: keys, values: values)
        for index in kept.indices where !kept[index] {
            otherEvents += values[index].weight
            droppedKeys += 1
        }
        // The rows kept move down in their first-seen order, in one pass, moved rather than
        // copied (a swap of two arrays' elements copied each row and destroyed the copy: a
        // third of a prune of the rules' activity rows, callgrind).
        keys.withUnsafeMutableBufferPointer { keys in
            values.withUnsafeMutableBufferPointer { values in
                var position = 0
                for index in kept.indices where kept[index] {
                    if position != index {
                        keys.swapAt(position, index)
                        values.swapAt(position, index)
                    }
                    position += 1
                }
            }
        }
        keys.removeLast(keys.count - keep)
        values.removeLast(values.count - keep)
        rowIndex.removeAll()
        for row in keys.indices { rowIndex.insert(row: row, hash: RowIndex.hash(keys[row]), keys: keys) }
    }

    /// Which rows a prune keeps: the `keep` most counted, ties by key. The rows are read
    /// through buffers, unchecked: the positions compared are a permutation of the rows' (the
    /// checks were a third of the comparisons' instructions, callgrind), and kept as 32-bit
    /// numbers (a table's rows are fewer than `Int32.max`), half the bytes of the positions a
    /// prune of a 50,000-row table held while it selected (an array of the weights beside
    /// them, tried, raised the peak of a two-core run by up to 0.9 MB).
    static func kept(_ keep: Int, keys: [Key], values: [Value]) -> [Bool] {
        precondition(keys.count == values.count && keep >= 0 && values.count < Int(Int32.max))
        var order = (0..<Int32(values.count)).map { $0 }
        values.withUnsafeBufferPointer { values in
            keys.withUnsafeBufferPointer { keys in
                order.withUnsafeMutableBufferPointer { order in
                    order.selectFirst(keep) {
                        let left = values[Int($0)].weight, right = values[Int($1)].weight
                        return left != right ? left > right : keys[Int($0)] < keys[Int($1)]
                    }
                }
            }
        }
        var kept = [Bool](repeating: false, count: values.count)
        for index in order[..<Swift.min(keep, order.count)] { kept[Int(index)] = true }
        return kept
    }

    /// The `limit` keys with the most events, most first, ties by key.
    public func top(_ limit: Int) -> [(key: Key, value: Value)] {
        ranked(limit: limit, where: { _ in true })
    }

    /// The `limit` most counted rows that pass `include`, most first, ties by key; selected in
    /// one pass without copying the table.
    public func ranked(limit: Int, where include: (Value) -> Bool) -> [(key: Key, value: Value)] {
        rankedPositions(limit: limit, by: \.weight, where: include).map { (key: keys[$0], value: values[$0]) }
    }

    /// The `limit` rows largest by `measure` (bytes rather than messages), largest first, ties
    /// by key.
    public func top(_ limit: Int, by measure: (Value) -> Int) -> [(key: Key, value: Value)] {
        rankedPositions(limit: limit, by: measure, where: { _ in true }).map { (key: keys[$0], value: values[$0]) }
    }

    /// The positions of the `limit` rows largest by `measure` that pass `include`, largest
    /// first, ties by key: positions are ranked rather than copies of the rows, which cost more
    /// than the comparisons (callgrind).
    private func rankedPositions(limit: Int, by measure: (Value) -> Int, where include: (Value) -> Bool) -> [Int] {
        guard limit > 0 else { return [] }
        func before(_ a: Int, _ b: Int) -> Bool {
            let left = measure(values[a]), right = measure(values[b])
            return left != right ? left > right : keys[a] < keys[b]
        }
        var kept: [Int] = []
        kept.reserveCapacity(Swift.min(limit, keys.count) + 1)
        for index in keys.indices {
            if kept.count == limit, !before(index, kept[limit - 1]) { continue }
            guard include(values[index]) else { continue }
            kept.insert(index, at: kept.firstIndex { before(index, $0) } ?? kept.count)
            if kept.count > limit { kept.removeLast() }
        }
        return kept
    }

    /// The same keys with their values mapped, dropped keys and their events kept as counted.
    public func mapValues<Other: TableValue>(_ transform: (Value) -> Other) -> CappedTable<Key, Other> {
        var mapped = CappedTable<Key, Other>(capacity: capacity)
        mapped.rowIndex = rowIndex
        mapped.keys = keys
        mapped.values = values.map(transform)
        mapped.otherEvents = otherEvents
        mapped.droppedKeys = droppedKeys
        return mapped
    }

    /// Changes every row in place (to move its example's line number on, for a chunk placed
    /// after others).
    public mutating func updateAll(_ body: (inout Value) -> Void) {
        for index in values.indices { body(&values[index]) }
    }

    /// Merges in place: a copy of a fifty-thousand-row table costs what the table costs.
    public static func += (lhs: inout CappedTable, rhs: CappedTable) {
        lhs.otherEvents += rhs.otherEvents
        lhs.droppedKeys += rhs.droppedKeys
        // No prune can fall on the way when the rows `rhs` adds fit: then the order the rows go
        // in changes only their order in the table, which no reading of it depends on (`top`,
        // `ranked` and prunes break ties by key). Counting the new rows costs a probe each.
        guard lhs.keys.count + rhs.keys.count > lhs.capacity else {
            lhs.mergeInAnyOrder(rhs, rows: rhs.keys.indices, added: rhs.keys.count)
            return
        }
        var fresh: [Int32] = []
        for index in rhs.keys.indices where lhs.position(of: rhs.keys[index]) == nil { fresh.append(Int32(index)) }
        guard lhs.keys.count + fresh.count > lhs.capacity else {
            lhs.mergeInAnyOrder(rhs, rows: rhs.keys.indices, added: fresh.count)
            return
        }
        lhs.mergeInKeyOrder(rhs, fresh: &fresh)
    }

    /// Adds `rhs`'s rows at `rows`, which add `added` new rows and so no prune.
    private mutating func mergeInAnyOrder<Rows: Sequence<Int>>(_ rhs: CappedTable, rows: Rows, added: Int) {
        reserveRows(keys.count + added)
        rhs.values.withUnsafeBufferPointer { later in
            for index in rows { update(rhs.keys[index]) { $0.absorb(later[index]) } }
        }
    }

    /// Adds `rhs`'s rows as if one by one in key order, so that each prune on the way drops the
    /// same rows however the input was split; `fresh` are the rows new to `self`. Only the
    /// rows that set off a prune are found in that order (a selection, linear): between two
    /// prunes the order changes nothing but the rows' order in the table. Sorting all the rows
    /// was most of the cost of joining a large file's chunks once the clients' tables were full
    /// (callgrind). The rows are held as 32-bit positions, partitioned in place, no more than
    /// the sort's positions.
    private mutating func mergeInKeyOrder(_ rhs: CappedTable, fresh: inout [Int32]) {
        let rhsKeys = rhs.keys
        var rows = (0..<Int32(rhsKeys.count)).map { $0 }
        // The rows not added yet are `rows[start...]`.
        var start = 0
        while true {
            let room = Swift.max(0, capacity - keys.count)
            guard fresh.count > room else {
                mergeInAnyOrder(rhs, rows: rows[start...].lazy.map { Int($0) }, added: fresh.count)
                return
            }
            // The new row that overfills the table: the (room + 1)th new row in key order.
            // The rows before it in key order go in first (`room` new ones: no prune), then it.
            fresh.withUnsafeMutableBufferPointer { fresh in
                fresh.selectFirst(room + 1) { rhsKeys[Int($0)] < rhsKeys[Int($1)] }
            }
            var trigger = Int(fresh[0])
            for index in fresh[1..<(room + 1)] where rhsKeys[trigger] < rhsKeys[Int(index)] { trigger = Int(index) }
            // Partitioned in place: the rows before the trigger, the trigger, the rows after it.
            var split = start
            for position in start..<rows.count where rhsKeys[Int(rows[position])] < rhsKeys[trigger] {
                rows.swapAt(position, split)
                split += 1
            }
            if let at = rows[split...].firstIndex(of: Int32(trigger)) { rows.swapAt(at, split) }
            mergeInAnyOrder(rhs, rows: rows[start..<split].lazy.map { Int($0) }, added: room)
            update(rhsKeys[trigger]) { $0.absorb(rhs.values[trigger]) }
            start = split + 1
            fresh.removeAll(keepingCapacity: true)
            for position in start..<rows.count where self.position(of: rhsKeys[Int(rows[position])]) == nil {
                fresh.append(rows[position])
            }
        }
    }

    public static func + (lhs: CappedTable, rhs: CappedTable) -> CappedTable {
        var merged = lhs
        merged += rhs
        return merged
    }
}
