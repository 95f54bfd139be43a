/// Makes log-derived text safe to show: strangers write HELO names, addresses and reply texts,
/// and a terminal must never execute what they wrote (`\e[2J`, `\e]0;title\a`).
public enum DisplayText {
    /// Control characters (C0, DEL, C1) and bidirectional overrides become visible escapes such
    /// as `\x1b` or `\u{202e}`; invalid UTF-8 was already replaced with U+FFFD when decoded.
    public static func escaped(_ text: String) -> String {
        var needsWork = false
        for scalar in text.unicodeScalars where isUnsafe(scalar) { needsWork = true; break }
        guard needsWork else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                let escape = scalar.value < 0x100
                    ? "\\x" + hex(scalar.value, width: 2)
                    : "\\u{" + hex(scalar.value, width: 4) + "}"
                out.append(contentsOf: escape.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    @inline(__always)
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (value >= 0x7F && value <= 0x9F)
            || (value >= 0x202A && value <= 0x202E) || (value >= 0x2066 && value <= 0x2069)
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Cuts to `width` columns with an ellipsis. Counts characters, which is right for the
    /// ASCII that logs are nearly always made of.
    public static func truncated(_ text: String, to width: Int) -> String {
        guard text.count > width, width > 1 else { return text }
        return String(text.prefix(width - 1)) + "…"
    }

    /// `12,345`: grouped digits read faster in a table.
    public static func grouped(_ value: Int) -> String { value.formatted }

    /// Cuts to `width` characters by taking out the middle: a log line's point (the reply, the
    /// reason) is at its end, and its start says where it came from.
    public static func truncatedMiddle(_ text: String, to width: Int) -> String {
        guard text.count > width, width > 8 else { return truncated(text, to: width) }
        let head = (width - 1) / 3
        let tail = width - 1 - head
        return String(text.prefix(head)) + "…" + String(text.suffix(tail))
    }

    public static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "-" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
