/// The names (`HashedName`) of short fields made lately, across lines: a field of at most 15
/// bytes (an authentication mechanism, a short user name) is kept with its bytes, so that the
/// next line giving the same bytes gets the same name without making a string and hashing it
/// again (about 400 instructions: every failed login's `LOGIN` or `PLAIN` was made anew).
/// `Value` is what the bytes make: a field's name, or a client's network (`ReportSink`).
///
/// Direct-mapped: each slot holds the last field whose bytes fall in it, compared whole (the
/// length and the bytes packed in two words), so a hit is exactly the name the bytes make.
struct ShortNameCache<Value> {
    /// Fields longer than this are made every time (they would not fit the two words).
    static var longest: Int { 15 }

    private struct Slot {
        var length = 0
        var low: UInt64 = 0
        var high: UInt64 = 0
        var value: Value?
    }

    private var table: [Slot]
    /// The shift that takes a mixed word's top bits to a slot.
    private let shift: UInt64

    /// `slots` a power of two (64 for a field's names, more for clients' addresses).
    init(slots: Int = 64) {
        precondition(slots >= 2 && slots <= 1 << 16 && slots & (slots - 1) == 0, "slots must be a power of two")
        table = [Slot](repeating: Slot(), count: slots)
        shift = UInt64(64 - slots.trailingZeroBitCount)
    }

    /// The name of `bytes`: `make(bytes)` the first time, remembered while its slot is not
    /// taken by other bytes. `make` must depend on the bytes alone.
    @inline(__always)
    mutating func name(_ bytes: UnsafeBufferPointer<UInt8>, make: (UnsafeBufferPointer<UInt8>) -> Value) -> Value {
        let length = bytes.count
        guard length > 0, length <= ShortNameCache.longest else { return make(bytes) }
        var low: UInt64 = 0, high: UInt64 = 0
        withUnsafeMutableBytes(of: &low) { $0.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.prefix(8)))) }
        if length > 8 {
            withUnsafeMutableBytes(of: &high) { $0.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[8...]))) }
        }
        let mixed = (low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)
        let slot = Int(truncatingIfNeeded: ((mixed ^ (mixed >> 29)) &* 0xBF58_476D_1CE4_E5B9) >> shift)
        if table[slot].length == length, table[slot].low == low, table[slot].high == high, let known = table[slot].value {
            return known
        }
        let made = make(bytes)
        table[slot] = Slot(length: length, low: low, high: high, value: made)
        return made
    }
}
