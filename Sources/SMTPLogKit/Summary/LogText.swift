/// Strings made from log bytes. Two kinds, both bounded: keys (a client address, a user name,
/// a domain), capped in length so that a table of fifty thousand of them stays small in bytes
/// whatever strangers wrote; and display text, which keeps every byte visible.
public enum LogText {
    /// Stored keys are cut at this many bytes, at a character boundary, and marked with `…`:
    /// no address, host name, user or domain of a real mail log is that long.
    public static let keyLimit = 256
    public static let cutMark = "…"

    /// A key from a field of a line: the bytes as UTF-8 (invalid bytes replaced), cut at
    /// `keyLimit` bytes with a mark that says so.
    @inline(__always)
    public static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > keyLimit else { return String(decoding: bytes, as: UTF8.self) }
        var end = keyLimit
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self) + cutMark
    }

    /// Text to show a reader: the bytes as UTF-8, with invalid bytes replaced. Control and
    /// format characters are escaped by the renderers, at their last step.
    public static func display(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// A bounded key made of the bytes in `range` (see `LogText.key`).
    @inline(__always)
    func key(_ range: Range<Int>) -> String {
        LogText.key(UnsafeBufferPointer(rebasing: self[range]))
    }
}
