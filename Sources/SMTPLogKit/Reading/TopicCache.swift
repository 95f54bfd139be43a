/// Remembers the topics of reply texts already read. A mail log repeats the same refusals all
/// day (`Recipient address rejected: User unknown in local recipient table`), differing only in
/// the addresses they quote; reading each one's phrases again cost more than the rest of the
/// line. The key is a hash of the code, the enhanced code and the text with every `<...>` left
/// out and every number of four bytes or more (an address, a DNSBL's lookup URL) as one mark, so
/// that one entry serves every recipient and every client; 64 bits make a wrong hit as likely
/// as none.
///
/// The condition of our own system a refusal shows (`SystemConditions.condition(forReply:text:)`)
/// is read from the same phrases and kept beside its topic: it cost a search of the text per
/// refusal of ours, more than the topic itself (callgrind).
///
/// One per reader (not thread-safe), as the sink that owns it.
struct TopicCache {
    /// Sets of two entries, the one used less lately replaced: direct-mapped, a text met once
    /// (a reply quoting a message id) pushed out a refusal met all day, which was read again
    /// when it came back.
    private var slots = TwoWaySets(sets: 1024)
    private var topics = SlotBuffer<Int32>(repeating: -1, count: 2 * 1024)
    private var conditions = SlotBuffer<Int16>(repeating: TopicCache.unread, count: 2 * 1024)
    private static let unread: Int16 = -2
    /// How many texts were read (misses): tests check that texts differing only in what the key
    /// leaves out share an entry.
    private(set) var reads = 0

    /// A refusal's topic (`ReplyTopics.all` index) and the condition it shows
    /// (`SystemConditions.all` index); -1 for none.
    struct Entry {
        let topic: Int
        let condition: Int
    }

    /// The topic, and with `withCondition` the condition too (read once per entry, on the
    /// first ask: only refusals of ours have one, and the search is wasted on the rest).
    mutating func entry(code: Int, enhanced: Range<Int>?, text: Range<Int>?, in line: UnsafeBufferPointer<UInt8>,
                        withCondition: Bool) -> Entry {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(code)
        @inline(__always) func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        if let enhanced { for index in enhanced { mix(line[index]) } }
        mix(0)
        if let text, let base = line.baseAddress {
            var index = text.lowerBound
            let end = text.upperBound
            while index < end {
                // Eight bytes a step while none of them is a digit, `<` or `>`: the byte loop
                // was most of the cost of a hit (callgrind).
                if index + 8 <= end {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                    let flagged = TopicCache.digitOrAngleBytes(word)
                    if flagged == 0 {
                        hash = (hash ^ word) &* 0x100_0000_01b3
                        hash ^= hash >> 29
                        index += 8
                        continue
                    }
                    // The bytes before the first digit or angle, one at a time, then that byte
                    // below: stepping one byte and testing the next eight again, a word before
                    // each number was tested up to eight times (callgrind).
                    let before = flagged.trailingZeroBitCount >> 3
                    for at in index..<(index + before) { mix(line[at]) }
                    index += before
                }
                let byte = line[index]
                index += 1
                if byte == 0x3C {
                    // What is quoted is left out whole: its `>` found eight bytes a step (a
                    // byte loop over each quoted address was a third of a hit, callgrind).
                    if let close = line.firstByteWide(0x3E, from: index), close < end {
                        index = close + 1
                    } else {
                        index = end
                    }
                } else if byte &- 0x30 < 10 {
                    // A number of four bytes or more (`[192.0.2.1]`, a DNSBL's lookup URL) as one
                    // mark: no phrase holds one (TopicCacheTests).
                    var runEnd = index
                    while runEnd < end, line[runEnd] &- 0x30 < 10 || line[runEnd] == 0x2E { runEnd += 1 }
                    if runEnd - index >= 3 {
                        mix(0x23)
                    } else {
                        mix(byte)
                        for at in index..<runEnd { mix(line[at]) }
                    }
                    index = runEnd
                } else {
                    mix(byte)
                }
            }
        }
        let (slot, found) = slots.slot(for: hash)
        if !found {
            reads += 1
            topics[slot] = Int32(ReplyTopics.classifyIndex(code: code, enhanced: enhanced.map { EnhancedCode(line, $0) },
                                                           text: line.slice(text)))
            conditions[slot] = TopicCache.unread
        }
        let topic = Int(topics[slot])
        guard withCondition else { return Entry(topic: topic, condition: -1) }
        if conditions[slot] == TopicCache.unread {
            conditions[slot] = Int16(topic < 0 ? -1
                : SystemConditions.condition(forReply: ReplyTopics.all[topic], text: line.slice(text))?.index ?? -1)
        }
        return Entry(topic: topic, condition: Int(conditions[slot]))
    }

    /// The high bit of the bytes of `word` that are an ASCII digit, `<` or `>`, all eight bytes
    /// at once: zero when there is none, and its lowest bit on the first of them. Digits are
    /// exact for every byte; an angle is exact for the lowest (`zeroBytes`), `<` and `>` as one
    /// test (the byte with its bit 1 set is `>`).
    @inline(__always)
    static func digitOrAngleBytes(_ word: UInt64) -> UInt64 {
        digitBytes(word) | zeroBytes((word | 0x02 * 0x0101_0101_0101_0101) ^ 0x3E * 0x0101_0101_0101_0101)
    }
}
