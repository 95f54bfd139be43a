/// Log text in an HTML page. Strangers write HELO names, addresses and reply texts, and a mail
/// client must show `<script>` or `"><img onerror=…>` as text, never render or run it.
enum HTMLEscaping {
    /// Safe as element text and inside a quoted attribute alike, so that no caller has to know
    /// which of the two it writes into. Control, format and separator characters (bidi marks,
    /// zero-width characters, U+2028) first become visible escapes, as in the text report; a log
    /// line's invalid bytes were already made `\xNN` by `LogText.display`.
    static func escaped(_ text: String) -> String {
        let visible = DisplayText.escaped(text)
        guard visible.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 })
        else { return visible }
        var out = ""
        out.reserveCapacity(visible.utf8.count + 16)
        for character in visible.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
