/// A field of a line (a queue id, a process tag, an address, a domain) as a fixed-size key.
/// The traffic summary looks one up for nearly every line of a busy log; a `String` would be
/// made, normalised and hashed each time, which cost more than reading the line (callgrind).
/// Up to fifteen bytes are kept as they are; a longer field (Exim 4.97's 23-character ids, most
/// addresses) is folded into two 64-bit hashes, for which a collision between two keys of one
/// table is not a practical risk. The name a report shows is made once, when a key is new.
public struct BytesKey: Hashable, Sendable, Comparable {
    let high: UInt64
    let low: UInt64

    /// The bytes of `range`; with `foldingCase`, ASCII upper case as lower case (addresses and
    /// domains, whose case means nothing to a report). Read eight bytes at a time.
    @inline(__always)
    init(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, foldingCase: Bool = false) {
        precondition(range.lowerBound >= 0 && range.upperBound <= line.count)
        let count = range.count
        guard count > 0, let base = line.baseAddress else {
            high = 0
            low = 0
            return
        }
        let start = UnsafeRawPointer(base + range.lowerBound)
        @inline(__always) func word(_ offset: Int) -> UInt64 {
            let value = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            return foldingCase ? BytesKey.lowered(value) : value
        }
        // The last `count - offset` (1 to 7) bytes, as the low bytes of a word: one load that
        // ends where the field ends, or starts where it starts, inside the line; a byte loop
        // only for a line shorter than a word (the loop was a third of a key's cost, callgrind).
        let end = UnsafeRawPointer(base + range.upperBound)
        let roomAfter = line.count - range.lowerBound >= 8
        let roomBefore = range.upperBound >= 8
        @inline(__always) func tail(_ offset: Int) -> UInt64 {
            let length = count - offset
            var value: UInt64
            if roomBefore {
                value = UInt64(littleEndian: end.loadUnaligned(fromByteOffset: -8, as: UInt64.self)) >> (8 * UInt64(8 - length))
            } else if roomAfter {
                value = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) & ((1 << (8 * UInt64(length))) - 1)
            } else {
                value = 0
                for index in 0..<length {
                    value |= UInt64(start.load(fromByteOffset: offset + index, as: UInt8.self)) << (8 * UInt64(index))
                }
            }
            return foldingCase ? BytesKey.lowered(value) : value
        }
        if count <= 15 {
            // Kept as they are: two keys are equal exactly when their bytes are.
            let a = count >= 8 ? word(0) : tail(0)
            let b = count > 8 ? tail(8) : 0
            high = a
            low = b | (UInt64(count) << 59)
        } else {
            var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x8422_2325_cbf2_9ce4
            var offset = 0
            while offset + 8 <= count {
                let value = word(offset)
                a = (a ^ value) &* 0x100_0000_01b3
                b = (b ^ value.byteSwapped) &* 0x9E37_79B9_7F4A_7C15
                a ^= a >> 29
                offset += 8
            }
            if offset < count {
                let value = tail(offset)
                a = (a ^ value) &* 0x100_0000_01b3
                b = (b ^ value.byteSwapped) &* 0x9E37_79B9_7F4A_7C15
            }
            a = (a ^ UInt64(count)) &* 0x100_0000_01b3
            high = a ^ (a >> 31)
            low = (b ^ (b >> 29)) | (1 << 63)
        }
    }

    /// ASCII `A`-`Z` in each byte of `word` as `a`-`z`, all other bytes as they are.
    @inline(__always)
    static func lowered(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let seven = word & (0x7F * ones)
        let atLeastA = seven &+ (0x80 - 0x41) * ones
        let pastZ = seven &+ (0x80 - 0x5B) * ones
        let upper = atLeastA & ~pastZ & ~word & (0x80 * ones)
        return word | (upper >> 2)
    }

    /// A fixed name (`<>`, `(local)`), keyed as its bytes in a line would be.
    init(_ text: StaticString) {
        self = text.withUTF8Buffer { BytesKey($0, 0..<$0.count) }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(high)
        hasher.combine(low)
    }

    /// What `Dictionary` asks for: one multiply of the two words, each mixed with the table's
    /// seed (random per process and per table), in place of the SipHash rounds of `Hasher`,
    /// which made up a sixth of a traffic-heavy line's instructions (callgrind). The bytes are
    /// already mixed (FNV) or short; unknown to a stranger, the seed keeps crafted keys from
    /// piling into one bucket.
    public func _rawHashValue(seed: Int) -> Int {
        let mixed = UInt64(bitPattern: Int64(seed))
        let product = (high ^ mixed).multipliedFullWidth(by: low ^ (mixed &* 0x9E37_79B9_7F4A_7C15 | 1))
        return Int(bitPattern: UInt(product.high ^ product.low))
    }

    public static func < (lhs: BytesKey, rhs: BytesKey) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }
}
