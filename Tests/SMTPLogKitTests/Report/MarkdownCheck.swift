import Foundation
import Testing

/// Reads the Markdown report the way a GFM renderer would, as far as escapes and pipe tables
/// go: enough to tell whether log text could have become markup.
enum MarkdownCheck {
    static func isTableLine(_ line: Substring) -> Bool { line.hasPrefix("|") }

    /// The lines outside tables, without the report's own bold labels.
    static func prose(_ markdown: String) -> String {
        markdown.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !isTableLine($0) }
            .joined(separator: "\n")
            .replacingOccurrences(of: "**", with: "")
    }

    /// Offsets of `character` where no backslash escapes it; a backslash escapes exactly the
    /// one character after it, so `\\<` is an escaped backslash and a raw `<`.
    static func unescaped(_ character: Character, in text: some StringProtocol) -> [Int] {
        var found: [Int] = []
        var escaping = false
        for (offset, current) in text.enumerated() {
            if escaping { escaping = false; continue }
            if current == "\\" { escaping = true; continue }
            if current == character { found.append(offset) }
        }
        return found
    }

    /// The text a renderer shows: each backslash escape replaced by its character.
    static func unescape(_ markdown: String) -> String {
        var out = ""
        var escaping = false
        for character in markdown {
            if escaping {
                if !(character.isASCII && character.isPunctuation || character.isASCII && character.isSymbol) {
                    out.append("\\")
                }
                out.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Every pipe table has a header, a delimiter row and rows with as many cells as the header.
    static func expectWellFormedTables(_ markdown: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        while index < lines.count {
            guard isTableLine(lines[index]) else { index += 1; continue }
            var table: [Substring] = []
            while index < lines.count, isTableLine(lines[index]) { table.append(lines[index]); index += 1 }
            #expect(table.count >= 3, "a table without rows: \(table)", sourceLocation: sourceLocation)
            let columns = unescaped("|", in: table[0]).count
            if table.count > 1 {
                let delimiter = table[1].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(delimiter.allSatisfy { $0.first == ":" || $0.last == ":" }, "not a delimiter row: \(table[1])",
                        sourceLocation: sourceLocation)
            }
            for row in table {
                #expect(unescaped("|", in: row).count == columns, "a row with a different number of cells: \(row)",
                        sourceLocation: sourceLocation)
                #expect(row.hasSuffix(" |"), "a row that does not end with a pipe: \(row)", sourceLocation: sourceLocation)
            }
        }
    }
}
