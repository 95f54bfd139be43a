/// The peers' names (`HashedName` of `LogText.key`) lately keyed, by their bytes, with each
/// peer's network at the default prefixes once a rule about networks asked for it. A client's
/// replies and logins come again (its refusals, its failed logins, the messages it sends after
/// a login), and an outbound reply names the same few servers all day (`mx.example.net`): each
/// made the key's string and hashed it again, about 600 instructions, for ~26,000 of 37,000
/// replies of a generated Postfix log (callgrind; servers' names are longer than the 15 bytes
/// `ShortNameCache` keeps).
///
/// Sets of two entries, the one used less lately replaced (`TwoWaySets`), by a hash of the
/// bytes; a hit compares the bytes kept whole, so that it is exactly the name they make. Fields
/// longer than `longest` bytes are made every time.
///
/// One per reader (not thread-safe), as the sink that owns it.
struct PeerNameCache {
    /// Bytes kept per entry: a host name with its domain, an IPv6 address, a user's address.
    static let longest = 48

    private struct Entry {
        var length = -1
        var name: HashedName?
        /// The network, once asked for: `.none` not yet, `.some(nil)` for a peer that is no address.
        var network: HashedName?? = .none
    }

    private var slots: TwoWaySets
    private var entries: SlotBuffer<Entry>
    /// The bytes of each entry, `longest` apart.
    private var bytes: SlotBuffer<UInt8>
    /// How many names were made (misses and fields too long): tests check that a peer coming
    /// back is not made again.
    private(set) var made = 0

    /// `sets` a power of two: the cache holds twice as many names.
    init(sets: Int = 256) {
        slots = TwoWaySets(sets: sets)
        entries = SlotBuffer(repeating: Entry(), count: 2 * sets)
        bytes = SlotBuffer(repeating: 0, count: 2 * sets * PeerNameCache.longest)
    }

    /// Where a peer's name is kept, for its network (`network(at:make:)`); nil for a field too
    /// long to keep. Good until the next `name(_:)` of the same cache, which may give its slot
    /// to another name: the sink asks for the network right after the name.
    struct Place {
        fileprivate let slot: Int
    }

    /// The name of `field` (`HashedName(LogText.key(field))`), and where it is kept.
    @inline(__always)
    mutating func name(_ field: UnsafeBufferPointer<UInt8>) -> (name: HashedName, place: Place?) {
        let length = field.count
        guard length > 0, length <= PeerNameCache.longest, let base = field.baseAddress else {
            made += 1
            return (HashedName(LogText.key(field)), nil)
        }
        let (slot, found) = slots.slot(for: PeerNameCache.hash(base, length))
        let offset = slot * PeerNameCache.longest
        if found, entries[slot].length == length, let name = entries[slot].name,
           bytes.withUnsafeBufferPointer(from: offset, count: length, { PeerNameCache.same($0.baseAddress!, base, length) }) {
            return (name, Place(slot: slot))
        }
        return (fill(slot, with: field), Place(slot: slot))
    }

    /// A miss, or another field of the same hash: the slot is `field`'s now. Out of line, so
    /// that a hit carries none of it.
    @inline(never)
    private mutating func fill(_ slot: Int, with field: UnsafeBufferPointer<UInt8>) -> HashedName {
        made += 1
        let name = HashedName(LogText.key(field))
        // Copied as raw bytes: `initialize(fromContentsOf:)` went through the generic
        // collection path, about 14 instructions more a miss (callgrind).
        bytes.withUnsafeMutableBufferPointer(from: slot * PeerNameCache.longest, count: field.count) { kept in
            UnsafeMutableRawPointer(kept.baseAddress!).copyMemory(from: field.baseAddress!, byteCount: field.count)
        }
        entries[slot] = Entry(length: field.count, name: name, network: .none)
        return name
    }

    /// Whether the `count` (1 to `longest`) bytes at `kept` and at `field` are the same, eight
    /// bytes a step (the last step overlapping the one before rather than reading past them).
    @inline(__always)
    static func same(_ kept: UnsafePointer<UInt8>, _ field: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        @inline(__always) func word(_ base: UnsafePointer<UInt8>, _ at: Int) -> UInt64 {
            UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)
        }
        guard count >= 8 else {
            for index in 0..<count where kept[index] != field[index] { return false }
            return true
        }
        var index = 0
        while index + 8 < count {
            if word(kept, index) != word(field, index) { return false }
            index += 8
        }
        return word(kept, count - 8) == word(field, count - 8)
    }

    /// The network of the peer kept at `place`: `make(name)` the first time, then remembered
    /// with the name (until another peer takes its slot).
    @inline(__always)
    mutating func network(at place: Place, make: (HashedName) -> HashedName?) -> HashedName? {
        if case .some(let known) = entries[place.slot].network { return known }
        let network = entries[place.slot].name.flatMap(make)
        entries[place.slot].network = .some(network)
        return network
    }

    /// A hash of `count` (1 to `longest`) bytes at `base`, eight bytes a step; the last word
    /// read overlaps the one before rather than reading past the field.
    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var hash = 0x9E37_79B9_7F4A_7C15 &* UInt64(count)
        @inline(__always) func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
        }
        if count >= 8 {
            var index = 0
            while index + 8 < count {
                mix(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                index += 8
            }
            mix(UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self))
        } else {
            var word: UInt64 = 0
            for index in 0..<count { word = word << 8 | UInt64(base[index]) }
            mix(word)
        }
        hash = (hash ^ (hash >> 29)) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 32)
    }
}
