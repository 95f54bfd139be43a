/// Remembers which phrase of `SystemConditions.phrases` the texts of warnings and errors already
/// read hold. A mail system repeats the same warnings all day, differing only in the numbers of
/// the addresses and host names they quote (`hostname 203-0-113-5.static.example does not
/// resolve to address 203.0.113.5`); searching each one for the phrases again cost about 3,000
/// instructions a notice (callgrind), more than the rest of its line.
///
/// The key is a hash of the text with every run of digits that does not follow a letter as one
/// mark. A phrase without a digit matches within the bytes between two runs, which the key keeps;
/// a phrase's digits follow a letter of its own (`x509_`, checked by the tests), and such runs
/// are kept too: texts of one key hold the same phrases. 64 bits make a wrong hit as likely as
/// none.
///
/// One per reader (not thread-safe), as the sink that owns it.
struct NoticeConditionCache {
    /// Sets of two entries, the one used less lately replaced (as `TopicCache`'s).
    private static let sets = 256
    private static let size = 2 * NoticeConditionCache.sets
    private var keys = [UInt64](repeating: 0, count: NoticeConditionCache.size)
    /// The match (`NoticeConditionCache.none` for no phrase); `empty` for an entry never filled.
    private var matches = [Int16](repeating: NoticeConditionCache.empty, count: NoticeConditionCache.size)
    /// Per set, which of its two entries was used last.
    private var lastUsed = [UInt8](repeating: 0, count: NoticeConditionCache.sets)
    private static let empty = Int16.min
    private static let none: Int16 = -2
    /// How many texts were searched (misses): tests check that texts differing only in folded
    /// numbers share an entry.
    private(set) var reads = 0

    /// `SystemConditions.phrases.firstMatch(in:)` of the text: a condition's index, -1 for a
    /// line about a client or a command run by hand, nil for no phrase.
    mutating func match(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = NoticeConditionCache.key(text)
        let set = Int(truncatingIfNeeded: hash % UInt64(NoticeConditionCache.sets))
        var slot = 2 * set
        if keys[slot] == hash, matches[slot] != NoticeConditionCache.empty {
            lastUsed[set] = 0
        } else if keys[slot + 1] == hash, matches[slot + 1] != NoticeConditionCache.empty {
            slot += 1
            lastUsed[set] = 1
        } else {
            // The entry not used last (an empty one is never the last used of a filled set).
            slot += matches[slot] == NoticeConditionCache.empty ? 0 : 1 - Int(lastUsed[set])
            lastUsed[set] = UInt8(slot - 2 * set)
            keys[slot] = hash
            reads += 1
            matches[slot] = SystemConditions.phrases.firstMatch(in: text).map { Int16($0) } ?? NoticeConditionCache.none
        }
        let match = matches[slot]
        return match == NoticeConditionCache.none ? nil : Int(match)
    }

    /// The hash of `text` with each run of digits not after an ASCII letter as one mark (a value
    /// no byte has). Eight bytes a step while none of them is a digit; the steps depend only on
    /// the folded text, so that texts folding alike hash alike.
    static func key(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func mix(_ value: UInt64) {
            hash ^= value
            hash = hash &* 0x100_0000_01b3
        }
        guard let base = text.baseAddress else { return hash }
        let end = text.count
        var index = 0
        while index < end {
            if index + 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let flagged = digitBytes(word)
                if flagged == 0 {
                    hash = (hash ^ word) &* 0x100_0000_01b3
                    hash ^= hash >> 29
                    index += 8
                    continue
                }
                let before = flagged.trailingZeroBitCount >> 3
                for at in index..<(index + before) { mix(UInt64(text[at])) }
                index += before
            }
            let byte = text[index]
            guard byte &- 0x30 < 10 else {
                mix(UInt64(byte))
                index += 1
                continue
            }
            var runEnd = index + 1
            while runEnd < end, text[runEnd] &- 0x30 < 10 { runEnd += 1 }
            if index > 0, (text[index - 1] | 0x20) &- 0x61 < 26 {
                for at in index..<runEnd { mix(UInt64(text[at])) }
            } else {
                mix(0x100)
            }
            index = runEnd
        }
        return hash
    }

    /// The high bit of each byte of `word` that is an ASCII digit, exact for every byte (as in
    /// `TopicCache.digitOrAngleBytes`).
    @inline(__always)
    static func digitBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let seven = word & (0x7F * ones)
        let atLeast = seven &+ (0x80 - 0x30) * ones
        let below = (0x80 + 0x39) * ones &- seven
        return atLeast & below & ~word & highs
    }
}
