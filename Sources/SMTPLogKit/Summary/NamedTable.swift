/// A row of a `NamedTable`: the name the report shows, made once when the key was new.
public struct Named<Value: TableValue>: TableValue {
    public var name = ""
    public var value = Value()

    public init() {}

    init(name: String, value: Value) {
        self.name = name
        self.value = value
    }

    public var weight: Int { value.weight }

    public static func + (lhs: Named, rhs: Named) -> Named {
        Named(name: lhs.name.isEmpty ? rhs.name : lhs.name, value: lhs.value + rhs.value)
    }

    /// `+` in place: the name is copied only into a row that has none (a row new to a join).
    @inline(__always)
    public mutating func absorb(_ later: Named) {
        if name.isEmpty { name = later.name }
        value.absorb(later.value)
    }
}

extension Named: Codable where Value: Codable {}

/// A `CappedTable` keyed by a field's bytes (`BytesKey`) instead of a string: an update costs a
/// fixed-size hash, and the field becomes a string only the first time it is seen. Bounded and
/// merged like `CappedTable`; listed by name.
public struct NamedTable<Value: TableValue>: Sendable, Equatable {
    var table: CappedTable<BytesKey, Named<Value>>

    public init(capacity: Int) {
        table = CappedTable(capacity: capacity)
    }

    public var count: Int { table.count }
    /// Rows with events: a table mapped from another may hold rows that count none here.
    public var countedRows: Int { table.entries.reduce(0) { $0 + ($1.1.weight > 0 ? 1 : 0) } }
    public var capacity: Int { table.capacity }
    /// The distinct keys a report states: the rows (only those with events when `countedOnly`)
    /// while the table was never cut. Once cut, the rows it holds depend on when its prunes fell,
    /// and one pass and the same lines merged from parts (a part's rows arrive whole, at its end)
    /// prune at different moments: 9,226 clients against 9,219 for one log read whole and in
    /// 5,000 files. A cut table met more keys than its cap, whatever the split, so it states
    /// that: `capacity + 1`, "or more", the same figure for one file and for many.
    public func distinct(countedOnly: Bool = false) -> Int {
        isTruncated ? table.capacity + 1 : countedOnly ? countedRows : count
    }
    public var isTruncated: Bool { table.isTruncated }
    public var isEmpty: Bool { table.isEmpty }
    public var total: Int { table.total }
    /// Events of the keys dropped when the table was full.
    public var otherEvents: Int { table.otherEvents }

    /// The same rows with their values mapped.
    public func mapValues<Other: TableValue>(_ transform: (Value) -> Other) -> NamedTable<Other> {
        NamedTable<Other>(mapped: table.mapValues { Named(name: $0.name, value: transform($0.value)) })
    }

    fileprivate init(mapped: CappedTable<BytesKey, Named<Value>>) {
        table = mapped
    }

    /// Updates the row of `key`, creating it (with `name()`) when new.
    @inline(__always)
    public mutating func update(_ key: BytesKey, name: () -> String, _ body: (inout Value) -> Void) {
        table.update(key) { row in
            if row.name.isEmpty { row.name = name() }
            body(&row.value)
        }
    }

    /// Updates the row of `key` as `update` does, and tells where it is: nil when the update
    /// pruned the table. A hint for `update(at:key:)`.
    @inline(__always)
    mutating func updateReturningPosition(_ key: BytesKey, name: () -> String, _ body: (inout Value) -> Void) -> Int? {
        table.updateReturningPosition(key) { row in
            if row.name.isEmpty { row.name = name() }
            body(&row.value)
        }
    }

    /// Updates the row at `position` when it is `key`'s: false, and nothing changed, when not.
    @inline(__always)
    mutating func update(at position: Int, key: BytesKey, _ body: (inout Value) -> Void) -> Bool {
        table.update(at: position, key: key) { body(&$0.value) }
    }

    /// Every row by name. Two keys can show as one name (the key folds ASCII letters only, the
    /// name lower-cases the whole text; keys cut at their cap): the row of the smaller key is
    /// the name's, whatever order the rows are in (a merge that prunes adds its rows in no
    /// fixed order).
    public var rows: [String: Value] {
        var result: [String: Value] = [:]
        for (_, row) in table.entries.sorted(by: { $0.0 < $1.0 }) where result[row.name] == nil {
            result[row.name] = row.value
        }
        return result
    }

    /// The row named `name`, as `rows` gives it (a scan: for reports and tests, not for counting).
    public func value(for name: String) -> Value? {
        table.entries.filter { $0.1.name == name }.min { $0.0 < $1.0 }?.1.value
    }

    /// The `limit` rows with the most events, most first, ties by name.
    public func top(_ limit: Int) -> [(key: String, value: Value)] {
        top(limit) { $0.weight }
    }

    /// The `limit` rows largest by `measure`, largest first, ties by name, then by key (two
    /// keys can show as one name, see `rows`), so that the order of the rows does not matter.
    public func top(_ limit: Int, by measure: (Value) -> Int) -> [(key: String, value: Value)] {
        guard limit > 0 else { return [] }
        var kept: [(key: String, bytes: BytesKey, value: Value, measure: Int)] = []
        kept.reserveCapacity(Swift.min(limit, table.count) + 1)
        /// Whether a row of `measure`, `name` and `bytes` comes before `b`. The measure is read
        /// once a row and kept beside the rows listed, and a name that sorts before is told by
        /// one comparison (a tie was `!=` then `<`): a report of 10,000 hosts spent 2.7 M
        /// instructions on its top ten, 1.5 M now (callgrind).
        func before(_ measure: Int, _ name: String, _ bytes: BytesKey,
                    _ b: (key: String, bytes: BytesKey, value: Value, measure: Int)) -> Bool {
            if measure != b.measure { return measure > b.measure }
            if name < b.key { return true }
            return name == b.key && bytes < b.bytes
        }
        for (bytes, row) in table.entries {
            let size = measure(row.value)
            guard size > 0 else { continue }
            if kept.count == limit, !before(size, row.name, bytes, kept[limit - 1]) { continue }
            let entry = (key: row.name, bytes: bytes, value: row.value, measure: size)
            kept.insert(entry, at: kept.firstIndex { before(size, row.name, bytes, $0) } ?? kept.count)
            if kept.count > limit { kept.removeLast() }
        }
        return kept.map { (key: $0.key, value: $0.value) }
    }

    /// Changes every row in place (to move its example's line number on).
    public mutating func updateAll(_ body: (inout Value) -> Void) {
        table.updateAll { body(&$0.value) }
    }

    public static func += (lhs: inout NamedTable, rhs: NamedTable) {
        lhs.table += rhs.table
    }
}
