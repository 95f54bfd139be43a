/// Strings made from log bytes. Two kinds, both bounded: keys (a client address, a user name,
/// a domain), capped in length so that a table of fifty thousand of them stays small in bytes
/// whatever strangers wrote; and display text, which keeps every byte visible.
public enum LogText {
    /// Stored keys are cut at this many bytes, at a character boundary, and marked with `…`:
    /// no address, host name, user or domain of a real mail log is that long.
    public static let keyLimit = 256
    public static let cutMark = "…"

    /// A key from a field of a line, shown as `display` shows text, at most `keyLimit` bytes
    /// of it (a bad byte shown as `\xNN` takes four), cut at a character or escape with a mark
    /// that says so: a key of bad bytes is bounded like any other.
    @inline(__always)
    public static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.count <= keyLimit {
            if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
            if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        }
        return boundedKey(bytes)
    }

    /// `key` the careful way, one character at a time until the limit.
    static func boundedKey(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out = String.UnicodeScalarView()
        var size = 0
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                guard size + encoded.count <= keyLimit else { return String(out) + cutMark }
                out.append(Unicode.UTF8.decode(encoded))
                size += encoded.count
                offset += encoded.count
            case .error(let length):
                for byte in bytes[offset..<(offset + length)] {
                    guard size + 4 <= keyLimit else { return String(out) + cutMark }
                    appendEscape(byte, to: &out)
                    size += 4
                }
                offset += length
            case .emptyInput:
                return String(out)
            }
        }
    }

    /// `\xff`: a byte that is not part of valid UTF-8.
    @inline(__always)
    static func appendEscape(_ byte: UInt8, to out: inout String.UnicodeScalarView) {
        let digits = String(byte, radix: 16)
        out.append(contentsOf: ("\\x" + (digits.count == 1 ? "0" : "") + digits).unicodeScalars)
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
                for byte in bytes[offset..<(offset + length)] { appendEscape(byte, to: &out) }
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
