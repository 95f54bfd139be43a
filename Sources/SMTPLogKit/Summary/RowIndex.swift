/// The index of a dense table's rows by key: an open-addressed hash table (linear probing) whose
/// slots hold only a row's number, 4 bytes, while the keys stay in the table's own array.
///
/// A row's number is below the slot count (a table holds at most three quarters of its slots),
/// so it needs only the bits of the slot mask; the bits above them, up to the sign bit, hold a
/// tag: the same bits of the key's hash shifted down from its top (the bits the slot number
/// does not use). A probe whose tag differs moves on without loading the key: a lookup was
/// three dependent cache misses (the slot, the key, the row), and a probe that met another
/// key's slot paid the key's miss for nothing (perf: 72% of the sessions' record). An index
/// of 32,768 slots (a table of 20,000 rows) keeps 16 bits of tag, one of two million slots
/// 10; an index of 2^31 slots or more would keep none, and every probe compares its key, as
/// before.
///
/// A `[Key: Int32]` beside the rows kept every key a second time in its buckets, at a load of
/// at most 3/4 and so up to 32,768 buckets for a table of 20,000 rows: 28 bytes a bucket for a
/// hashed name, 52 for a pair of them. The index is 4 bytes a slot at the same load. Nothing
/// is ever removed one row at a time (a table is pruned by refilling its index), so the probing
/// needs no tombstones.
///
/// Hashes are the keys' own `_rawHashValue(seed:)` with one fixed seed: what a `Dictionary`
/// asks a key, so that a `HashedName` answers with its stored hash mixed, and every other key
/// through `Hasher`, which is seeded per process (a log cannot choose keys that collide). The
/// seed of a `Dictionary` differs per table so that copying one table into another in bucket
/// order does not cluster; rows are copied in their dense order, never in slot order.
struct RowIndex: Sendable {
    /// Row numbers, `RowIndex.empty` where none; a power of two long, or empty.
    private var slots: [Int32] = []
    /// Rows indexed.
    private(set) var count = 0

    static let empty: Int32 = -1
    /// The seed given to every key's `_rawHashValue(seed:)`.
    static let seed = 0x51_7CC1_B727_220A

    init() {}

    @inline(__always)
    static func hash<Key: Hashable>(_ key: Key) -> Int { key._rawHashValue(seed: seed) }

    /// Slots held, for tests and measurements.
    var slotCount: Int { slots.count }

    /// How many rows `slots` slots hold at most: three quarters, as a `Dictionary`'s buckets.
    @inline(__always)
    private static func rows(inSlots slots: Int) -> Int { slots / 4 * 3 }

    /// The tag bits of a slot for `hash` under `mask` (the slot count less one): bits 33 to 63
    /// of the hash, at the places of a slot's bits above the row number.
    @inline(__always)
    static func tag(_ hash: Int, mask: Int) -> Int {
        Int(truncatingIfNeeded: UInt(bitPattern: hash) >> 33) & ~mask
    }

    /// The row of `key` among `keys`, if indexed.
    /// Read through buffers: every slot is masked into range and every row a slot holds is
    /// below `keys.count` (rows are indexed after their key is appended, and a prune refills
    /// the index from the rows kept), so the arrays' own checks would only repeat that, on
    /// every event of every table.
    @inline(__always)
    func row<Key: Hashable>(of key: Key, hash: Int, in keys: [Key]) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            guard !slots.isEmpty else { return nil }
            return keys.withUnsafeBufferPointer { keys in
                let mask = slots.count - 1
                let tag = RowIndex.tag(hash, mask: mask)
                var slot = hash & mask
                while true {
                    let held = Int(slots[slot])
                    if held < 0 { return nil }
                    if held & ~mask == tag {
                        let row = held & mask
                        if keys[row] == key { return row }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// Indexes `row` (a key not indexed yet) under `hash`; the index grows first when full,
    /// indexing again the rows in `keys[..<row]` (the ones already indexed).
    @inline(__always)
    mutating func insert<Key: Hashable>(row: Int, hash: Int, keys: [Key]) {
        if count + 1 > RowIndex.rows(inSlots: slots.count) { grow(toHold: count + 1, keys: keys) }
        place(row: row, hash: hash)
    }

    /// Room for `rows` rows without growing again; the rows indexed are `keys[..<count]`.
    mutating func reserve<Key: Hashable>(_ rows: Int, keys: [Key]) {
        if rows > RowIndex.rows(inSlots: slots.count) { grow(toHold: rows, keys: keys) }
    }

    /// Forgets every row, keeping the slots.
    mutating func removeAll() {
        guard count > 0 else { return }
        for index in slots.indices { slots[index] = RowIndex.empty }
        count = 0
    }

    @inline(never)
    private mutating func grow<Key: Hashable>(toHold rows: Int, keys: [Key]) {
        var size = Swift.max(slots.count, 16)
        while RowIndex.rows(inSlots: size) < rows { size *= 2 }
        let indexed = count
        slots = [Int32](repeating: RowIndex.empty, count: size)
        count = 0
        for row in 0..<indexed { place(row: row, hash: RowIndex.hash(keys[row])) }
    }

    @inline(__always)
    private mutating func place(row: Int, hash: Int) {
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] != RowIndex.empty { slot = (slot + 1) & mask }
        // `row < count < slots.count` (see `rows(inSlots:)`): the row fits below the tag.
        slots[slot] = Int32(truncatingIfNeeded: RowIndex.tag(hash, mask: mask) | row)
        count += 1
    }
}
