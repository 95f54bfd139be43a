/// Log text in GitHub-flavoured Markdown. A reply text holding `| col |` must not add a table
/// column, and `<img …>`, `[x](y)`, `*`, `_` or a backtick must not become markup when the report
/// is pasted into an issue, a wiki or a chat.
enum MarkdownEscaping {
    /// Control, format and separator characters first become visible escapes, as in the text
    /// report (so a newline or U+2028 cannot end a table row, nor a bidi mark reorder it). Then every character that can open inline markup gets a
    /// backslash: CommonMark reads any backslash-escaped ASCII punctuation as itself, and GFM
    /// reads `\|` as a pipe inside a table cell. `$` is escaped for GitHub's math.
    static func escaped(_ text: String) -> String {
        let visible = DisplayText.escaped(text)
        guard visible.unicodeScalars.contains(where: needsEscape) else { return visible }
        var out = String.UnicodeScalarView()
        for scalar in visible.unicodeScalars {
            if needsEscape(scalar) { out.append("\\") }
            out.append(scalar)
        }
        return String(out)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "$": true
        default: false
        }
    }

    /// `escaped` text that also begins a block (a paragraph, a list item): a file named `- x` or
    /// `1. x` must not start a nested list, nor `# x` a heading.
    static func escapedBlockStart(_ text: String) -> String {
        let body = escaped(text)
        let firstWord = body.prefix(while: { $0 != " " })
        guard !canStartLine(firstWord) else { return body }
        if let first = body.first, !first.isNumber { return "\\" + body }
        let digits = body.prefix(while: { $0.isASCII && $0.isNumber })
        return digits + "\\" + body.dropFirst(digits.count)
    }

    /// Whether a line may begin with `word` without the word turning the line into a list item
    /// (`-`, `+`, `1.`, `1)`), a heading (`#`), a setext underline or a thematic break (`===`,
    /// `---`): wrapping must never create a block. Each of those needs the marker to stand alone,
    /// so `-f`, `#1` and `5.7.1` may start a line.
    static func canStartLine(_ word: Substring) -> Bool {
        guard let first = word.first else { return true }
        if first == ">" { return false }
        if word.allSatisfy({ $0 == "-" || $0 == "+" || $0 == "=" || $0 == "#" || $0 == "*" || $0 == "_" }) {
            return false
        }
        let digits = word.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits.count <= 9, word.count == digits.count + 1, word.last == "." || word.last == ")" {
            return false
        }
        return true
    }
}
