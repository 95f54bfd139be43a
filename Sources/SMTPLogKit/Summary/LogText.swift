/// Strings made from log bytes. Two kinds, both bounded: keys (a client address, a user name,
/// a domain), capped in length so that a table of fifty thousand of them stays small in bytes
/// whatever strangers wrote; and display text, which keeps every byte visible.
public enum LogText {
    /// Stored keys are cut at this many bytes, at a character boundary, and marked with `…`:
    /// no address, host name, user or domain of a real mail log is that long.
    public static let keyLimit = 256
    public static let cutMark = "…"

    /// A key from a field of a line, shown as `display` shows text, cut at `keyLimit` bytes
    /// with a mark that says so.
    @inline(__always)
    public static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > keyLimit else { return display(bytes) }
        var end = keyLimit
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return display(UnsafeBufferPointer(rebasing: bytes[0..<end])) + cutMark
    }

    /// Text to show a reader: valid UTF-8 as it is, and each byte that is not part of a valid
    /// UTF-8 sequence as `\xNN`, so that the report shows which bytes the line held instead of
    /// U+FFFD, and two different bad lines stay different. Control and format characters are
    /// escaped by the renderers, at their last step.
    public static func display(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Nearly every field of a mail log is ASCII: eight bytes at a time, any high bit sends
        // the text the careful way.
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        var out = String.UnicodeScalarView()
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                out.append(Unicode.UTF8.decode(encoded))
                offset += encoded.count
            case .error(let length):
                for byte in bytes[offset..<(offset + length)] {
                    let digits = String(byte, radix: 16)
                    out.append(contentsOf: ("\\x" + (digits.count == 1 ? "0" : "") + digits).unicodeScalars)
                }
                offset += length
            case .emptyInput:
                return String(out)
            }
        }
    }

    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        var seen: UInt64 = 0
        while index + 8 <= bytes.count {
            seen |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            seen |= UInt64(bytes[index])
            index += 1
        }
        return seen & 0x8080_8080_8080_8080 == 0
    }

    /// `display` for bytes held in an array (tests, one-off lines).
    public static func display(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { display($0) }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// A bounded key made of the bytes in `range` (see `LogText.key`).
    @inline(__always)
    func key(_ range: Range<Int>) -> String {
        LogText.key(UnsafeBufferPointer(rebasing: self[range]))
    }
}
