/// A plain-text table whose columns line up in a terminal and in a fixed-width email.
struct TextTable {
    enum Alignment { case left, right }
    struct Column {
        var title: String
        var alignment: Alignment
        /// Cells wider than this are cut with an ellipsis; nil lets the column take what it needs.
        var maxWidth: Int?
    }

    var columns: [Column]
    var rows: [[String]] = []
    /// Colour for a whole row, applied after alignment so escape codes never shift columns.
    var rowStyles: [TextStyle?] = []

    init(_ columns: [Column]) { self.columns = columns }

    mutating func append(_ row: [String], style: TextStyle? = nil) {
        rows.append(row)
        rowStyles.append(style)
    }

    func rendered(indent: Int = 2, palette: Palette) -> String {
        let cells = rows.map { row in
            row.enumerated().map { index, cell in
                DisplayText.truncated(cell, to: columns[index].maxWidth ?? Int.max)
            }
        }
        var widths = columns.map { $0.title.count }
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ row: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                let last = index == row.count - 1
                switch columns[index].alignment {
                case .left: parts.append(last ? cell : cell + pad)
                case .right: parts.append(pad + cell)
                }
            }
            return String(repeating: " ", count: indent) + parts.joined(separator: "  ")
        }
        var out = palette.apply(.dim, line(columns.map(\.title))) + "\n"
        for (index, row) in cells.enumerated() {
            let text = line(row)
            out += (rowStyles[index].map { palette.apply($0, text) } ?? text) + "\n"
        }
        return out
    }
}

/// The few styles the text report uses.
public enum TextStyle: Sendable {
    case heading, dim, good, warning, bad
}

/// Turns styles into ANSI escapes, or into nothing when colour is off (a pipe, an email, cron).
public struct Palette: Sendable {
    public let enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }

    public func apply(_ style: TextStyle, _ text: String) -> String {
        guard enabled else { return text }
        let code = switch style {
        case .heading: "1"
        case .dim: "2"
        case .good: "32"
        case .warning: "33"
        case .bad: "31"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    static func style(forClass replyClass: Int) -> TextStyle? {
        switch replyClass {
        case 2: .good
        case 4: .warning
        case 5: .bad
        default: nil
        }
    }
}
