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
    private var slots = TwoWaySets(sets: 256)
    /// The match (`NoticeConditionCache.none` for no phrase).
    private var matches = SlotBuffer<Int16>(repeating: NoticeConditionCache.none, count: 2 * 256)
    private static let none: Int16 = -2
    /// How many texts were searched (misses): tests check that texts differing only in folded
    /// numbers share an entry.
    private(set) var reads = 0

    /// `SystemConditions.phrases.firstMatch(in:)` of the text: a condition's index, -1 for a
    /// line about a client or a command run by hand, nil for no phrase.
    mutating func match(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = NoticeConditionCache.key(text)
        let (slot, found) = slots.slot(for: hash)
        if !found {
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

}
