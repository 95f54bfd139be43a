/// Remembers the topics of reply texts already read. A mail log repeats the same refusals all
/// day (`Recipient address rejected: User unknown in local recipient table`), differing only in
/// the addresses they quote; reading each one's phrases again cost more than the rest of the
/// line. The key is a hash of the code, the enhanced code and the text with every `<...>` left
/// out, so that one entry serves every recipient; 64 bits make a wrong hit as likely as none.
///
/// One per reader (not thread-safe), as the sink that owns it.
struct TopicCache {
    private static let size = 1024
    private var keys = [UInt64](repeating: 0, count: TopicCache.size)
    private var topics = [Int32](repeating: -1, count: TopicCache.size)

    mutating func topic(code: Int, enhanced: Range<Int>?, text: Range<Int>?, in line: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(code)
        @inline(__always) func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        if let enhanced { for index in enhanced { mix(line[index]) } }
        mix(0)
        var quoted = false
        if let text {
            for index in text {
                let byte = line[index]
                if byte == 0x3C { quoted = true } else if byte == 0x3E { quoted = false } else if !quoted { mix(byte) }
            }
        }
        let slot = Int(truncatingIfNeeded: hash % UInt64(TopicCache.size))
        if keys[slot] == hash, topics[slot] >= 0 { return Int(topics[slot]) }
        let topic = ReplyTopics.classifyIndex(code: code, enhanced: enhanced.map { EnhancedCode(line, $0) }, text: line.slice(text))
        keys[slot] = hash
        topics[slot] = Int32(topic)
        return topic
    }
}
