/// The entries of `MessageJoin` by message id: an open-addressing table with linear probing,
/// removal by backward shift (no tombstones), and each slot holding its key and entry side by
/// side. Nearly every line about a message looks its id up here; in a `[BytesKey: Entry]` a
/// lookup read the bucket's bit, then its key, then its value, each from an array of its own
/// (perf, the 1 GB log: `Dictionary.find` 1.2% of one core under the traffic summary). Here a
/// probe reads one slot of 40 bytes, its key and its entry together. A key's home slot is one
/// multiply of its words with a seed drawn per table, so that crafted ids cannot be made to
/// pile up in one run of slots; nothing depends on the slots' order (the join sorts its
/// entries by their `order` wherever order matters). At most three quarters full, as a
/// dictionary's buckets, so it takes the bytes the dictionary took.
struct InFlightTable: Sendable {
    typealias Entry = MessageJoin.Entry

    struct Slot: Sendable {
        var key: BytesKey
        /// `order` below 0 for an empty slot: every entry's order is 0 or more.
        var entry: Entry
    }

    private var slots: [Slot]
    private(set) var count = 0
    private let seed: UInt64
    private static let emptySlot = Slot(key: BytesKey(""), entry: Entry(order: -1))

    init() {
        slots = [Slot](repeating: InFlightTable.emptySlot, count: 16)
        seed = UInt64.random(in: 0...UInt64.max) | 1
    }

    /// Slots held, for tests.
    var slotCount: Int { slots.count }

    @inline(__always)
    private static func home(_ key: BytesKey, seed: UInt64, mask: Int) -> Int {
        let mixed = ((key.high ^ seed) &* 0x9E37_79B9_7F4A_7C15 ^ key.low) &* 0xC2B2_AE3D_27D4_EB4F
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }

    /// The slot of `key`, or of the empty slot where it would go, and whether it is there.
    @inline(__always)
    private func find(_ key: BytesKey) -> (slot: Int, found: Bool) {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var index = InFlightTable.home(key, seed: seed, mask: mask)
            while slots[index].entry.order >= 0 {
                if slots[index].key == key { return (index, true) }
                index = (index + 1) & mask
            }
            return (index, false)
        }
    }

    /// Runs `body` on the entry of `key`, made first as `made` when there is none (one probe
    /// for a message held or new). `inserted` tells which.
    @inline(__always)
    mutating func update<Result>(_ key: BytesKey, default made: Entry,
                                 _ body: (inout Entry) -> Result) -> (result: Result, inserted: Bool) {
        let (slot, found) = find(key)
        let result: Result
        if found {
            result = body(&slots[slot].entry)
        } else {
            var entry = made
            precondition(entry.order >= 0)
            result = body(&entry)
            slots[slot] = Slot(key: key, entry: entry)
            count += 1
            if count * 4 > slots.count * 3 { grow() }
        }
        return (result, !found)
    }

    /// The entry of `key`; setting nil removes it.
    subscript(key: BytesKey) -> Entry? {
        get {
            let (slot, found) = find(key)
            return found ? slots[slot].entry : nil
        }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            _ = update(key, default: newValue) { $0 = newValue }
        }
    }

    /// Removes the entry of `key` and returns it.
    @discardableResult
    mutating func removeValue(forKey key: BytesKey) -> Entry? {
        removeValue(forKey: key, unless: { _ in false })
    }

    /// Removes the entry of `key` and returns it, unless `keep` (given the entry to change in
    /// place) says to keep it: one probe for a message that leaves the queue.
    @inline(__always)
    mutating func removeValue(forKey key: BytesKey, unless keep: (inout Entry) -> Bool) -> Entry? {
        let (slot, present) = find(key)
        guard present, !keep(&slots[slot].entry) else { return nil }
        return remove(at: slot)
    }

    /// Empties `slot`; the entries after it that a probe from their home would no longer
    /// reach move back into the hole.
    private mutating func remove(at slot: Int) -> Entry {
        let seed = seed
        let removed = slots.withUnsafeMutableBufferPointer { slots -> Entry in
            let mask = slots.count - 1
            var hole = slot
            let removed = slots[hole].entry
            var index = hole
            while true {
                index = (index + 1) & mask
                guard slots[index].entry.order >= 0 else { break }
                let wanted = InFlightTable.home(slots[index].key, seed: seed, mask: mask)
                // The entry stays when its home lies cyclically in (hole, index].
                let stays = hole <= index ? (hole < wanted && wanted <= index) : (hole < wanted || wanted <= index)
                if !stays {
                    slots[hole] = slots[index]
                    hole = index
                }
            }
            slots[hole] = InFlightTable.emptySlot
            return removed
        }
        count -= 1
        return removed
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: InFlightTable.emptySlot, count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.entry.order >= 0 {
            var index = InFlightTable.home(slot.key, seed: seed, mask: mask)
            while slots[index].entry.order >= 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }

    /// Every entry, in no order.
    var all: [(key: BytesKey, entry: Entry)] {
        slots.compactMap { $0.entry.order < 0 ? nil : ($0.key, $0.entry) }
    }
}
