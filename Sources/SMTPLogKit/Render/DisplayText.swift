/// Makes log-derived text safe to show: strangers write HELO names, addresses and reply texts,
/// and a terminal must never execute what they wrote (`\e[2J`, `\e]0;title\a`).
public enum DisplayText {
    /// Control characters, format characters and line or paragraph separators become visible
    /// escapes: C0 and DEL as `\x1b`, everything else as `\u{202e}`. Text made from log bytes
    /// by `LogText.display` already shows its invalid bytes as `\xff`.
    public static func escaped(_ text: String) -> String {
        var needsWork = false
        for scalar in text.unicodeScalars where isUnsafe(scalar) { needsWork = true; break }
        guard needsWork else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                // Only C0 and DEL, one byte each in UTF-8, take the byte form: `\x85` would
                // read as the invalid byte 0x85, not as the C1 character U+0085.
                let escape = scalar.value < 0x80
                    ? "\\x" + hex(scalar.value, width: 2)
                    : "\\u{" + hex(scalar.value, width: 4) + "}"
                out.append(contentsOf: escape.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether a character must not reach a terminal, a page or a mail raw: C0, DEL and C1
    /// controls, and every character of general category Cf (format: bidirectional marks,
    /// overrides and isolates, zero-width joiners, the BOM, soft hyphen), Zl and Zp (U+2028,
    /// U+2029). Each can reorder, hide or break what a stranger wrote around it.
    @inline(__always)
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (value >= 0x7F && value <= 0x9F) { return true }
        if value < 0xAD { return false }
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
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

    /// `512 B`, `12.3 kB`, `284.4 MB`, `1.2 GB`: decimal units, as `ls -h --si` and mail
    /// quotas write them, one decimal.
    public static func bytes(_ value: Int) -> String {
        guard value >= 1000 else { return "\(value) B" }
        let units = ["kB", "MB", "GB", "TB", "PB", "EB"]
        var scaled = Double(value) / 1000
        var unit = 0
        while scaled >= 999.95, unit < units.count - 1 {
            scaled /= 1000
            unit += 1
        }
        return "\(tenths(scaled)) \(units[unit])"
    }

    /// `850 ms`, `2.5 s`, `4.2 min`, `3.1 h`, `2.4 d`: a delay or a session's length in the
    /// largest unit it fills.
    public static func duration(milliseconds: Int) -> String {
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        let seconds = Double(milliseconds) / 1000
        if seconds < 60 { return "\(tenths(seconds)) s" }
        if seconds < 3600 { return "\(tenths(seconds / 60)) min" }
        if seconds < 86400 { return "\(tenths(seconds / 3600)) h" }
        return "\(tenths(seconds / 86400)) d"
    }

    /// One decimal, rounded half up, without Foundation's locale.
    private static func tenths(_ value: Double) -> String {
        let scaled = Int((value * 10).rounded())
        return "\(scaled / 10).\(scaled % 10)"
    }
}
