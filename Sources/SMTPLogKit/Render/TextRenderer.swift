/// The default report: aligned tables for a terminal or a plain-text email, as wide as the
/// terminal it is printed on and 80 columns in a mail or a pipe, colour only when the palette
/// says so. Every string goes through `DisplayText.escaped` before it is measured.
public struct TextRenderer: ReportRenderer {
    /// The width of a mail or a pipe.
    public static let mailWidth = 80
    /// The narrowest and widest the report is laid out for.
    public static let widths = 40...200

    let width: Int
    let palette: Palette

    public init(width: Int = TextRenderer.mailWidth, palette: Palette = Palette(enabled: false)) {
        self.width = min(max(width, TextRenderer.widths.lowerBound), TextRenderer.widths.upperBound)
        self.palette = palette
    }

    public func render(_ model: ReportModel) -> String {
        var out = header(model.header)
        out += findings(model.findings)
        for section in model.sections { out += self.section(section) }
        return out
    }

    private func heading(_ title: String) -> String {
        "\n" + palette.apply(.heading, title) + "\n"
    }

    private func header(_ header: ReportModel.Header) -> String {
        var text = palette.apply(.heading, "smtplog report") + "\n"
        var place = DisplayText.escaped(DisplayText.truncated(CellText.inputs(header), to: width / 2))
        if let span = CellText.timeSpan(header) { place += ", \(span)" }
        text += wrapped(place, indent: 2)
        if let window = header.window { text += wrapped("window: \(window)", indent: 2) }
        if let filters = CellText.filters(header) { text += wrapped("filters: " + filters, indent: 2) }
        return text + wrapped(CellText.totals(header), indent: 2)
    }

    /// Findings come first, most severe first, each with what it means and what to do.
    private func findings(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "" }
        let indent = 11
        var text = heading("Findings")
        for finding in findings {
            let severity = finding.severity.rawValue.uppercased()
            let label = severity + String(repeating: " ", count: max(0, 8 - severity.count))
            var lines = TextWrapping.wrap(label + " " + DisplayText.escaped(finding.statement)
                                          + (CellText.code(finding).map { " [\($0)]" } ?? ""), width: width, indent: 2,
                                          hanging: indent)
            // Colour after wrapping, so that escape codes never count as columns.
            lines[0] = "  " + palette.apply(style(finding.severity), severity) + lines[0].dropFirst(2 + severity.count)
            text += "\n" + lines.joined(separator: "\n") + "\n"
            for (role, names) in finding.orderedSubjects {
                let items = CellText.items(names, nameWidth: max(20, width / 3)).map(DisplayText.escaped)
                text += list(CellText.label(role, of: finding) + ":", items, indent: indent)
            }
            if let span = CellText.span(finding) { text += wrapped("when: \(span)", indent: indent) }
            for example in finding.examples { text += self.example(example, indent: indent) }
            if !finding.explanation.isEmpty { text += wrapped("What it means: " + finding.explanation, indent: indent) }
            if !finding.fix.isEmpty { text += wrapped("What to do: " + finding.fix, indent: indent) }
        }
        return text
    }

    /// An example line under `e.g.`, on at most three lines, its middle cut when it is longer:
    /// the start says where it came from, the end says why. The file is named by its last
    /// component; the header names it in full. A merged report's examples keep their host
    /// (`mx1:mail.log`).
    private func example(_ example: LineExample, indent: Int) -> String {
        var file = example.file.split(separator: "/").last.map(String.init) ?? example.file
        if let slash = example.file.firstIndex(of: "/"), let colon = example.file[..<slash].firstIndex(of: ":"), colon > example.file.startIndex {
            file = example.file[...colon] + file
        }
        let room = (width - indent - 5) * 3
        let line = DisplayText.truncatedMiddle(DisplayText.escaped("\(file):\(example.line): \(example.text)"), to: room)
        return TextWrapping.wrap("e.g. " + line, width: width, indent: indent, hanging: indent + 5)
            .joined(separator: "\n") + "\n"
    }

    private func style(_ severity: Severity) -> TextStyle {
        switch severity {
        case .critical: .bad
        case .warning: .warning
        default: .dim
        }
    }

    /// One section: a blank line between blocks, aligned tables, wrapped lists, example lines
    /// cut in the middle to the width; the chart is for pages only.
    private func section(_ section: ReportModel.Section) -> String {
        var text = heading(section.title)
        var first = true
        for block in section.blocks {
            switch block {
            case .hourlyChart:
                continue
            case .paragraph(let paragraph):
                text += wrapped(paragraph, indent: 2)
            case .table(let table):
                text += (first ? "" : "\n") + textTable(table).rendered(palette: palette)
            case .names(let label, let names):
                text += list(label + ":", CellText.items(names, nameWidth: max(20, width / 3)).map(DisplayText.escaped), indent: 2)
            case .lines(let label, let examples):
                text += "\n  \(label):\n"
                for example in examples {
                    text += "  " + DisplayText.truncatedMiddle(DisplayText.escaped(CellText.example(example)), to: width - 2) + "\n"
                }
            }
            first = false
        }
        return text
    }

    /// A model table as an aligned text table, every cell escaped, its cuttable columns
    /// narrowed until the table fits the width.
    private func textTable(_ table: ReportModel.Table) -> TextTable {
        let rows = table.rows.map { row in row.cells.map { DisplayText.escaped(CellText.format($0)) } }
        var widths = table.columns.map(\.title.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        for (index, column) in table.columns.enumerated() {
            if let cap = column.maxWidth { widths[index] = min(widths[index], cap) }
        }
        // Two spaces of indent, two between columns.
        var excess = widths.reduce(2 + 2 * (widths.count - 1), +) - width
        for (index, column) in table.columns.enumerated() where excess > 0 && column.maxWidth != nil {
            let cut = min(excess, max(0, widths[index] - 12))
            widths[index] -= cut
            excess -= cut
        }
        var text = TextTable(table.columns.enumerated().map { index, column in
            TextTable.Column(title: column.title, alignment: column.isNumeric ? .right : .left,
                             maxWidth: column.maxWidth == nil ? nil : widths[index])
        })
        for (cells, row) in zip(rows, table.rows) { text.append(cells, style: row.tone.flatMap(style)) }
        return text
    }

    private func style(_ tone: ReportModel.Tone) -> TextStyle? {
        switch tone {
        case .replyClass(let replyClass): Palette.style(forClass: replyClass.rawValue)
        case .warning: .warning
        case .bad: .bad
        }
    }

    private func wrapped(_ text: String, indent: Int) -> String {
        TextWrapping.wrap(DisplayText.escaped(text), width: width, indent: indent).joined(separator: "\n") + "\n"
    }

    /// `label item, item, ...` wrapped at the width, never inside an item.
    private func list(_ label: String, _ items: [String], indent: Int) -> String {
        var lines: [String] = []
        var current = label
        let continuation = String(repeating: " ", count: 2)
        for (index, item) in items.enumerated() {
            let piece = item + (index < items.count - 1 ? "," : "")
            if current.count + 1 + piece.count > width - indent && current != label && !current.isEmpty {
                lines.append(current)
                current = continuation + piece
            } else {
                current += " " + piece
            }
        }
        lines.append(current)
        return lines.map { String(repeating: " ", count: indent) + $0 + "\n" }.joined()
    }
}
