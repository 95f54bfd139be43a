/// The slots of a small cache keyed by 64-bit hashes, in sets of two entries with the one used
/// less lately replaced. Direct-mapped, a text met once (a reply quoting a message id) pushed
/// out one met all day, which was read again when it came back. The caches of reply topics
/// (`TopicCache`), notices' phrases (`NoticeConditionCache`), peers' names (`PeerNameCache`)
/// and warnings' patterns (`SystemMessages.PatternCache`) keep their values in arrays of their
/// own, by the slot this gives.
struct TwoWaySets {
    private let setMask: UInt64
    private var keys: SlotBuffer<UInt64>
    /// Per set, one byte read with its keys: bit 0 the entry used last, bits 1 and 2 whether
    /// the first and the second entry are filled.
    private var states: SlotBuffer<UInt8>

    /// `sets` a power of two; the cache holds twice as many entries, slots `0..<2 * sets`.
    init(sets: Int) {
        precondition(sets > 0 && sets & (sets - 1) == 0, "sets must be a power of two")
        setMask = UInt64(sets - 1)
        keys = SlotBuffer(repeating: 0, count: 2 * sets)
        states = SlotBuffer(repeating: 0, count: sets)
    }

    /// The slot of `key` and whether it held it already. On a miss the slot is the entry of the
    /// key's set not used last (an empty one first), now filed under `key`: the caller fills
    /// its value there.
    @inline(__always)
    mutating func slot(for key: UInt64) -> (slot: Int, found: Bool) {
        let set = Int(truncatingIfNeeded: key & setMask)
        let first = 2 * set
        let state = states[set]
        // A hit on the entry used last changes no state, and is not written (a write checks
        // the storage's uniqueness).
        if keys[first] == key, state & 0b010 != 0 {
            if state & 1 != 0 { states[set] = state & 0b110 }
            return (first, true)
        }
        if keys[first + 1] == key, state & 0b100 != 0 {
            if state & 1 == 0 { states[set] = state | 0b001 }
            return (first + 1, true)
        }
        // An empty entry is never the last used of a filled set.
        let entry = state & 0b010 == 0 ? 0 : 1 - Int(state & 1)
        keys[first + entry] = key
        states[set] = (state | UInt8(0b010 << entry)) & 0b110 | UInt8(entry)
        return (first + entry, false)
    }
}
