/// Word wrapping by terminal columns rather than characters, because `explain`'s Japanese
/// headings take two columns a character and a line that looks short in `count` can still
/// overflow the terminal.
enum TextWrapping {
    /// Columns a string takes in a terminal.
    static func columns(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + columns(of: $1) }
    }

    /// East Asian wide and full-width characters take two columns, combining marks none.
    static func columns(of character: Character) -> Int {
        var sawVisible = false
        for scalar in character.unicodeScalars {
            if isWide(scalar) { return 2 }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: continue
            default: sawVisible = true
            }
        }
        return sawVisible ? 1 : 0
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }

    /// `text` padded with spaces to `width` columns (never cut).
    static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - columns(text)))
    }

    /// Splits `text` into lines no wider than `width` columns. The first line is indented by
    /// `indent`, the following ones by `hanging` (the same as `indent` when nil). Runs of
    /// white space collapse to one space; a word longer than a line is cut where it must be.
    /// Indents shrink on very narrow widths so that there is always room for text.
    static func wrap(_ text: String, width: Int, indent: Int = 0, hanging: Int? = nil) -> [String] {
        let width = max(2, width)
        let cap = max(0, min(width / 2, width - 8))
        let firstIndent = min(max(0, indent), cap)
        let restIndent = min(max(0, hanging ?? indent), cap)
        var lines: [String] = []
        var line = ""
        var lineColumns = 0
        var lineIndent = firstIndent

        func flush() {
            lines.append(String(repeating: " ", count: lineIndent) + line)
            line = ""
            lineColumns = 0
            lineIndent = restIndent
        }

        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        for word in words {
            let wordColumns = columns(word)
            if !line.isEmpty {
                if lineColumns + 1 + wordColumns <= width - lineIndent {
                    line += " " + word
                    lineColumns += 1 + wordColumns
                    continue
                }
                flush()
            }
            if wordColumns <= width - lineIndent {
                line = String(word)
                lineColumns = wordColumns
                continue
            }
            // Longer than a whole line: cut it into pieces that fit.
            for character in word {
                let characterColumns = columns(of: character)
                if lineColumns + characterColumns > width - lineIndent && !line.isEmpty { flush() }
                line.append(character)
                lineColumns += characterColumns
            }
        }
        if !line.isEmpty || lines.isEmpty { flush() }
        return lines.map { $0.hasSuffix(" ") ? String($0.reversed().drop(while: { $0 == " " }).reversed()) : $0 }
    }
}
