/// Finds which of a fixed set of phrases a text holds, ignoring ASCII case, in one pass over the
/// text: reply texts and warnings are classified on the hot path of the rules that read them,
/// and a search per phrase (dozens of them) would cost a pass per phrase.
///
/// The text is read window by window (Wu and Manber's multi-pattern search): a window as long
/// as the shortest phrase is moved on by as many bytes as its last two bytes allow, since no
/// phrase can start in the bytes skipped (an Exim line of no interest, searched for the outage
/// phrases, cost about 35 instructions a byte when every position was tried). Where a window
/// may hold a phrase's start, a bitmap of the (lower-cased) byte triples that start a phrase
/// rules out nearly every candidate with one lookup; only then are the phrases that start with
/// that byte compared. The phrases live in one flat byte array, so the search allocates and retains
/// nothing. Each phrase carries a value and a rank: the match with the lowest rank wins, so that
/// the table's order says which phrase is the more telling one ("relay access denied" before
/// "access denied").
struct NeedleSet<Value: Sendable>: Sendable {
    /// Every phrase's bytes, one after the other.
    private let bytes: [UInt8]
    /// Per phrase, in rank order: where its bytes start and how many.
    private let starts: [Int32]
    private let lengths: [Int32]
    private let values: [Value]
    /// Phrase indexes ordered by first byte (then rank); `firstByteRange[b]` is the slice of
    /// `byFirstByte` whose phrases start with `b`, packed as `start << 16 | count`.
    private let byFirstByte: [Int32]
    private let firstByteRange: [UInt32]
    /// 32,768 bits: whether some phrase may start with three bytes whose trigram key
    /// (`NeedleSet.trigram`) is this.
    private let trigrams: [UInt64]
    /// The shortest phrase's length: the window.
    private let window: Int
    /// By the key of two lower-cased bytes (`NeedleSet.pair`): how far a window ending with them
    /// may move on without passing the start of any phrase. Keys shared by several pairs take
    /// the smallest shift, which is never too far.
    private let shifts: [UInt8]

    /// `phrases` in order of precedence, lower-case ASCII, at least three bytes each.
    init(_ phrases: [(String, Value)]) {
        var bytes: [UInt8] = []
        var starts: [Int32] = [], lengths: [Int32] = []
        var trigrams = [UInt64](repeating: 0, count: 512)
        let window = min(phrases.map(\.0.utf8.count).min() ?? 3, Int(UInt8.max))
        // With no pair of a phrase's first `window` bytes, a window moves on by all but one byte.
        var shifts = [UInt8](repeating: UInt8(window - 1), count: NeedleSet.pairKeys)
        for (phrase, _) in phrases {
            let utf8 = Array(phrase.utf8)
            precondition(utf8.count >= 3 && !phrase.contains(where: \.isUppercase), "needles are lower-case, three bytes or more: \(phrase)")
            // The pair at `offset` of a phrase ends a window `window - 2 - offset` bytes before
            // the one that starts with the phrase.
            for offset in 0...(window - 2) {
                let key = NeedleSet.pair(utf8[offset], utf8[offset + 1])
                shifts[key] = min(shifts[key], UInt8(window - 2 - offset))
            }
            starts.append(Int32(bytes.count))
            lengths.append(Int32(utf8.count))
            bytes += utf8
            let key = NeedleSet.trigram(utf8[0], utf8[1], utf8[2])
            trigrams[key >> 6] |= 1 << UInt64(key & 63)
        }
        let order = phrases.indices.sorted { (bytes[Int(starts[$0])], $0) < (bytes[Int(starts[$1])], $1) }
        var ranges = [UInt32](repeating: 0, count: 256)
        var position = 0
        while position < order.count {
            let first = bytes[Int(starts[order[position]])]
            var end = position
            while end < order.count, bytes[Int(starts[order[end]])] == first { end += 1 }
            ranges[Int(first)] = UInt32(position) << 16 | UInt32(end - position)
            position = end
        }
        self.bytes = bytes
        self.starts = starts
        self.lengths = lengths
        values = phrases.map(\.1)
        byFirstByte = order.map { Int32($0) }
        firstByteRange = ranges
        self.trigrams = trigrams
        self.window = window
        self.shifts = shifts
    }

    private static var pairKeys: Int { 1 << 14 }

    /// Fourteen bits from two lower-cased bytes, seven from each: every ASCII byte keeps its
    /// identity, and a byte above 0x7F shares the key of one below, which only makes a shift
    /// shorter.
    @inline(__always)
    static func pair(_ a: UInt8, _ b: UInt8) -> Int {
        Int(a & 0x7F) << 7 | Int(b & 0x7F)
    }

    /// Fifteen bits from three lower-cased bytes, five from each: letters keep their identity,
    /// other bytes share keys, which only lets a few more positions through to the comparison.
    @inline(__always)
    static func trigram(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        Int(a & 0x1F) << 10 | Int(b & 0x1F) << 5 | Int(c & 0x1F)
    }

    /// The value of the best-ranked phrase in `text`, or nil.
    func firstMatch(in text: UnsafeBufferPointer<UInt8>) -> Value? {
        let count = text.count
        let window = self.window
        guard count >= window else { return nil }
        var best = Int.max
        bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                lengths.withUnsafeBufferPointer { lengths in
                    byFirstByte.withUnsafeBufferPointer { order in
                        firstByteRange.withUnsafeBufferPointer { ranges in
                            trigrams.withUnsafeBufferPointer { trigrams in
                                shifts.withUnsafeBufferPointer { shifts in
                                    // `end` is the last byte of the window.
                                    var end = window - 1
                                    while end < count {
                                        let shift = Int(shifts[NeedleSet.pair(NeedleSet.lower(text[end - 1]),
                                                                              NeedleSet.lower(text[end]))])
                                        if shift > 0 {
                                            end += shift
                                            continue
                                        }
                                        let position = end - window + 1
                                        end += 1
                                        let first = NeedleSet.lower(text[position])
                                        let second = NeedleSet.lower(text[position + 1])
                                        let third = NeedleSet.lower(text[position + 2])
                                        let key = NeedleSet.trigram(first, second, third)
                                        guard trigrams[key >> 6] & (1 << UInt64(key & 63)) != 0 else { continue }
                                        let range = ranges[Int(first)]
                                        let from = Int(range >> 16)
                                        for slot in from..<(from + Int(range & 0xFFFF)) {
                                            let needle = Int(order[slot])
                                            guard needle < best else { continue }
                                            let length = Int(lengths[needle])
                                            guard position + length <= count else { continue }
                                            let start = Int(starts[needle])
                                            guard bytes[start + 1] == second, bytes[start + 2] == third else { continue }
                                            var index = 3
                                            while index < length, NeedleSet.lower(text[position + index]) == bytes[start + index] {
                                                index += 1
                                            }
                                            if index == length { best = needle }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return best == Int.max ? nil : values[best]
    }

    /// The phrases, in rank order (tests check what a cache of their matches may assume).
    var phrases: [String] {
        starts.indices.map { String(decoding: bytes[Int(starts[$0])..<Int(starts[$0] + lengths[$0])], as: UTF8.self) }
    }

    func firstMatch(in text: String) -> Value? {
        var text = text
        return text.withUTF8 { firstMatch(in: $0) }
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 { asciiLower(byte) }
}
