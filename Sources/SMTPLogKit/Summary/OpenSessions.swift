/// The sessions open at a point of the log, by the process that serves each (its pid as a
/// `BytesKey`), with the second each opened: what `SessionTraffic` joins a `disconnect from`
/// to its `connect from` with. Every connection line opens or closes one, and `Dictionary`'s
/// insertions and removals were about 30 instructions a line of a Postfix log (callgrind).
/// An open-addressing table with linear probing and removal by backward shift (no
/// tombstones); a key's home slot is one multiply of its words with a seed drawn per table, so
/// that crafted pids cannot be made to pile up in one run of slots.
struct OpenSessions {
    struct Slot {
        var key: BytesKey
        /// Seconds since the epoch of the `connect from` line's stamp; `empty` for no session.
        var start: Int
        /// Where the client's row stood in `SessionTraffic.hosts` when the session opened
        /// (-1: unknown): the disconnection updates it there, checked by its key, without
        /// hashing the client again (a `Hasher` over its 16 bytes and a probe of the index).
        var row: Int32 = -1
    }

    private var slots: [Slot]
    private(set) var count = 0
    private let seed: UInt64
    /// No stamp is this many seconds before the epoch.
    private static let empty = Int.min

    init() {
        slots = [Slot](repeating: Slot(key: BytesKey(""), start: OpenSessions.empty), count: 16)
        seed = UInt64.random(in: 0...UInt64.max) | 1
    }

    @inline(__always)
    private static func home(_ key: BytesKey, seed: UInt64, mask: Int) -> Int {
        let mixed = ((key.high ^ seed) &* 0x9E37_79B9_7F4A_7C15 ^ key.low) &* 0xC2B2_AE3D_27D4_EB4F
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }

    /// Opens (or opens again) the session of `key` at `start`, its client's row at `row` (-1
    /// for none).
    mutating func open(_ key: BytesKey, at start: Int, row: Int32 = -1) {
        precondition(start != OpenSessions.empty)
        let seed = seed
        let added = slots.withUnsafeMutableBufferPointer { slots -> Bool in
            let mask = slots.count - 1
            var index = OpenSessions.home(key, seed: seed, mask: mask)
            while slots[index].start != OpenSessions.empty {
                if slots[index].key == key {
                    slots[index].start = start
                    slots[index].row = row
                    return false
                }
                index = (index + 1) & mask
            }
            slots[index] = Slot(key: key, start: start, row: row)
            return true
        }
        if added {
            count += 1
            if count * 4 > slots.count * 3 { grow() }
        }
    }

    /// Closes the session of `key`: when it was open, the second it opened.
    mutating func close(_ key: BytesKey) -> Int? {
        closeSession(key)?.start
    }

    /// Closes the session of `key`: when it was open, the second it opened and its client's row
    /// as given to `open`. The entries after it that a probe from their home would no longer
    /// reach move back into the hole.
    mutating func closeSession(_ key: BytesKey) -> (start: Int, row: Int32)? {
        let seed = seed
        let start = slots.withUnsafeMutableBufferPointer { slots -> (start: Int, row: Int32)? in
            let mask = slots.count - 1
            var hole = OpenSessions.home(key, seed: seed, mask: mask)
            while slots[hole].key != key || slots[hole].start == OpenSessions.empty {
                if slots[hole].start == OpenSessions.empty { return nil }
                hole = (hole + 1) & mask
            }
            let start = (slots[hole].start, slots[hole].row)
            var index = hole
            while true {
                index = (index + 1) & mask
                guard slots[index].start != OpenSessions.empty else { break }
                let wanted = OpenSessions.home(slots[index].key, seed: seed, mask: mask)
                // The entry stays when its home lies cyclically in (hole, index].
                let stays = hole <= index ? (hole < wanted && wanted <= index) : (hole < wanted || wanted <= index)
                if !stays {
                    slots[hole] = slots[index]
                    hole = index
                }
            }
            slots[hole].start = OpenSessions.empty
            return start
        }
        if start != nil { count -= 1 }
        return start
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: BytesKey(""), start: OpenSessions.empty), count: old.count * 2)
        count = 0
        for slot in old where slot.start != OpenSessions.empty { open(slot.key, at: slot.start, row: slot.row) }
    }

    /// Every open session, in no order.
    var entries: [(key: BytesKey, start: Int)] {
        slots.compactMap { $0.start == OpenSessions.empty ? nil : ($0.key, $0.start) }
    }
}
