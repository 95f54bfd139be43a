#if canImport(Glibc)
import Glibc
import CMemory
#endif
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Byte searches over one line, used by every parser: a line is an `UnsafeBufferPointer` into
/// the reader's buffer, and none of these allocate.
extension UnsafeBufferPointer where Element == UInt8 {
    @inline(__always)
    func hasPrefix(_ text: StaticString, at offset: Int) -> Bool {
        let length = text.utf8CodeUnitCount
        guard offset >= 0, offset + length <= count else { return false }
        let pattern = text.utf8Start
        // Most calls fail on the first byte; the rest compare words.
        guard self[offset] == pattern[0] else { return false }
        return sameBytes(UnsafeRawPointer(baseAddress! + offset), UnsafeRawPointer(pattern), length)
    }

    /// Whether `count` bytes at `a` and `b` are equal, compared as a few (overlapping) words:
    /// the needles are constants, so the length is known where this is inlined and the switch
    /// folds away. A call to memcmp per candidate cost more than the comparison (perf: 2% of
    /// a run in memcmp from here).
    @inline(__always)
    private func sameBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        @inline(__always) func word<T: FixedWidthInteger>(_ type: T.Type, _ offset: Int) -> Bool {
            a.loadUnaligned(fromByteOffset: offset, as: T.self) == b.loadUnaligned(fromByteOffset: offset, as: T.self)
        }
        switch count {
        case 0: return true
        case 1: return word(UInt8.self, 0)
        case 2...3: return word(UInt16.self, 0) && word(UInt16.self, count - 2)
        case 4...7: return word(UInt32.self, 0) && word(UInt32.self, count - 4)
        case 8...16: return word(UInt64.self, 0) && word(UInt64.self, count - 8)
        default:
            var offset = 0
            while offset + 8 < count {
                guard word(UInt64.self, offset) else { return false }
                offset += 8
            }
            return word(UInt64.self, count - 8)
        }
    }

    @inline(__always)
    func equals(_ text: StaticString, in range: Range<Int>) -> Bool {
        range.count == text.utf8CodeUnitCount && hasPrefix(text, at: range.lowerBound)
    }

    /// A naive search: the needles are short and the haystacks are one log line, where glibc's
    /// `memmem` would rebuild its shift table on every call.
    func firstIndex(of text: StaticString, from: Int = 0, to end: Int? = nil) -> Int? {
        let length = text.utf8CodeUnitCount
        let limit = (end ?? count) - length
        guard length > 0, from <= limit, let base = baseAddress else { return nil }
        let firstByte = text.utf8Start[0]
        var cursor = from
        while cursor <= limit {
            guard let hit = memchr(base + cursor, Int32(firstByte), limit - cursor + 1) else { return nil }
            let index = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            if hasPrefix(text, at: index) { return index }
            cursor = index + 1
        }
        return nil
    }

    /// `firstIndex(of:from:to:)` for needles whose first byte is common in a line (a space):
    /// eight places a step, a place a candidate only when both its first two bytes match, where
    /// a memchr per space cost a call per word of the line. Needles of one byte go the memchr way.
    @inline(__always)
    func firstIndexWide(of text: StaticString, from: Int = 0, to end: Int? = nil) -> Int? {
        let length = text.utf8CodeUnitCount
        guard length >= 2 else { return firstIndex(of: text, from: from, to: end) }
        let limit = Swift.min(end ?? count, count) - length
        guard from >= 0, from <= limit, let base = baseAddress else { return nil }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let first = UInt64(text.utf8Start[0]) &* ones
        let second = UInt64(text.utf8Start[1]) &* ones
        var cursor = from
        // Both words are read inside the buffer; candidates past `limit` end the search.
        while cursor + 9 <= count, cursor <= limit {
            let here = UInt64(littleEndian: UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self))
            let next = UInt64(littleEndian: UnsafeRawPointer(base + cursor + 1).loadUnaligned(as: UInt64.self))
            // `zeroBytes` may mark a byte above a match, never misses one: each mark is checked.
            var marks = zeroBytes(here ^ first) & zeroBytes(next ^ second)
            while marks != 0 {
                let index = cursor + marks.trailingZeroBitCount >> 3
                if index > limit { return nil }
                if hasPrefix(text, at: index) { return index }
                marks &= marks &- 1
            }
            cursor += 8
        }
        while cursor <= limit {
            if hasPrefix(text, at: cursor) { return cursor }
            cursor += 1
        }
        return nil
    }

    /// The first byte at or after `start` that is `a`, `b` or what a PCRE2 `\s` matches
    /// (`isPatternSpace`); `count` when there is none (`start` when past the end). Eight bytes a step: the readers that
    /// stand in for patterns scan their fields with it (a byte loop cost eight instructions a
    /// byte, callgrind).
    @inline(__always)
    func firstStop(from start: Int, _ a: UInt8, _ b: UInt8) -> Int {
        var cursor = Swift.max(start, 0)
        if let base = baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let first = UInt64(a) &* ones, second = UInt64(b) &* ones, space = 0x20 &* ones
            while cursor + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self))
                // Tab to carriage return, exactly: each byte's low seven bits compared with its
                // high bit set, so no borrow crosses a byte.
                let raised = (word & ~highs) | highs
                let control = (raised &- 0x09 &* ones) & ~(raised &- 0x0E &* ones) & ~word & highs
                // Each `zeroBytes` is exact for its lowest mark, so the lowest of their union is.
                let marks = zeroBytes(word ^ first) | zeroBytes(word ^ second) | zeroBytes(word ^ space) | control
                if marks != 0 { return cursor + marks.trailingZeroBitCount >> 3 }
                cursor += 8
            }
        }
        while cursor < count {
            let byte = self[cursor]
            if byte == a || byte == b || isPatternSpace(byte) { return cursor }
            cursor += 1
        }
        return cursor
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
    }

    @inline(__always)
    func firstByte(_ byte: UInt8, from start: Int) -> Int? {
        var cursor = start
        while cursor < count {
            if self[cursor] == byte { return cursor }
            cursor += 1
        }
        return nil
    }

    /// `firstByte`, eight bytes a step: for fields of tens of bytes (host names, addresses),
    /// where the byte loop costs about five instructions a byte and a call to memchr more than
    /// the search.
    @inline(__always)
    func firstByteWide(_ byte: UInt8, from start: Int) -> Int? {
        guard start >= 0, let base = baseAddress else { return nil }
        var cursor = start
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        while cursor + 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self))
            let hits = zeroBytes(word ^ pattern)
            if hits != 0 { return cursor + hits.trailingZeroBitCount >> 3 }
            cursor += 8
        }
        while cursor < count {
            if self[cursor] == byte { return cursor }
            cursor += 1
        }
        return nil
    }

    /// `firstIndex(of:from:)` for needles a few short words ahead of `start`, found by hopping
    /// from one of the needle's first byte to the next (`firstByteWide`) and comparing there.
    /// A delivery line's ` delay=`, ` status=` and ` (` come a few words after where they are
    /// looked for from (`relay=x[addr]:25,`, `delays=0.1/0/0.2/0.3,`, `dsn=2.0.0,`): a hop costs
    /// a test per eight bytes and one comparison, where `firstIndexWide` cost about 230
    /// instructions a needle and `firstIndex` 155 (callgrind, the 36 MB slice: 800 a delivery
    /// line in all). Phrases read on many lines (`, status=expired` on each qmgr line,
    /// `authentication failed` on each warning, a refusal's `; from=<`) hop too, where a memchr
    /// call per candidate cost about 240 instructions a search; the hops save little for a
    /// letter, more for punctuation.
    @inline(__always)
    func firstIndexHopping(of needle: StaticString, from start: Int) -> Int? {
        let first = needle.utf8Start[0]
        var cursor = start
        while let found = firstByteWide(first, from: cursor) {
            if hasPrefix(needle, at: found) { return found }
            cursor = found + 1
        }
        return nil
    }

    @inline(__always)
    func lastByte(_ byte: UInt8, in range: Range<Int>) -> Int? {
        var cursor = range.upperBound
        while cursor > range.lowerBound {
            cursor -= 1
            if self[cursor] == byte { return cursor }
        }
        return nil
    }
}

/// Eight bytes at once: the high bit of each zero byte of `word`, exact for the lowest one (a
/// borrow may set it in a byte above), which is all the callers use: `zeroBytes(word ^ c * ones)`
/// tells where byte `c` is.
@inline(__always)
func zeroBytes(_ word: UInt64) -> UInt64 {
    (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
}

/// Eight bytes at once: the high bit of each byte of `word` that is an ASCII digit, exact for
/// every byte (neither the sum nor the difference below carries out of its byte).
@inline(__always)
func digitBytes(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
    let seven = word & (0x7F * ones)
    // High bit set where the byte's low seven bits are at least 0x30, and at most 0x39.
    let atLeast = seven &+ (0x80 - 0x30) * ones
    let below = (0x80 + 0x39) * ones &- seven
    return atLeast & below & ~word & highs
}

/// `byte` as lower case when it is an ASCII capital: the case folding of the byte searches
/// that ignore case (`NeedleSet`, `password_guessed`'s names).
@inline(__always)
func asciiLower(_ byte: UInt8) -> UInt8 {
    byte &- 0x41 < 26 ? byte | 0x20 : byte
}

/// Whether `byte` is what a PCRE2 `\s` matches without UTF or UCP: space, tab, line feed,
/// vertical tab, form feed, carriage return. Byte readers that stand in for a pattern use it so
/// that they stop where the pattern did.
@inline(__always)
func isPatternSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte &- 0x09 < 5
}

#if arch(x86_64)
/// Sixteen bytes at once (SSE2, which every x86-64 has): bit i set where byte i of the 16 at
/// `raw` is `byte`, exact for every byte. Where a search covers a known short span (a syslog
/// tag, a pid), one compare answers what a loop of word tests did in several steps. The
/// caller checks that the 16 bytes lie within the line.
@inline(__always)
func byteMask16(_ raw: UnsafeRawPointer, _ byte: UInt8) -> UInt64 {
    let bytes = raw.loadUnaligned(as: __m128i.self)
    let equal = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(CChar(bitPattern: byte)))
    return UInt64(truncatingIfNeeded: UInt32(bitPattern: _mm_movemask_epi8(equal)))
}
#endif
