/// Finds which of a fixed set of phrases a text holds, ignoring ASCII case, in one pass over the
/// text: reply texts and warnings are classified on the hot path of the rules that read them,
/// and a search per phrase (dozens of them) would cost a pass per phrase.
///
/// Phrases are indexed by their first (lower-cased) byte; at each position of the text only the
/// phrases starting with that byte are compared. Each phrase carries a value and a rank: the
/// match with the lowest rank wins, so that the table's order says which phrase is the more
/// telling one ("relay access denied" before "access denied").
struct NeedleSet<Value: Sendable>: Sendable {
    private struct Needle: Sendable {
        var bytes: [UInt8]
        var value: Value
        var rank: Int
    }

    private var byFirstByte = [[Needle]](repeating: [], count: 256)

    /// `phrases` in order of precedence, lower-case ASCII.
    init(_ phrases: [(String, Value)]) {
        for (rank, (phrase, value)) in phrases.enumerated() {
            let bytes = Array(phrase.utf8)
            guard let first = bytes.first else { continue }
            precondition(!phrase.contains(where: \.isUppercase), "needles are written lower-case: \(phrase)")
            byFirstByte[Int(first)].append(Needle(bytes: bytes, value: value, rank: rank))
        }
    }

    /// The value of the best-ranked phrase in `text`, or nil.
    func firstMatch(in text: UnsafeBufferPointer<UInt8>) -> Value? {
        var best: Needle?
        let count = text.count
        var position = 0
        while position < count {
            let byte = NeedleSet.lower(text[position])
            for needle in byFirstByte[Int(byte)] where needle.rank < (best?.rank ?? Int.max) {
                let length = needle.bytes.count
                guard position + length <= count else { continue }
                var index = 1
                while index < length, NeedleSet.lower(text[position + index]) == needle.bytes[index] { index += 1 }
                if index == length { best = needle }
            }
            position += 1
        }
        return best?.value
    }

    func firstMatch(in text: String) -> Value? {
        var text = text
        return text.withUTF8 { firstMatch(in: $0) }
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
