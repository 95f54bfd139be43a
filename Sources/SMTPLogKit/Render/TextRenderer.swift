/// The default report: aligned tables for a terminal or a plain-text email, at most 100
/// columns wide, colour only when the palette says so. Every log-derived string is escaped.
public struct TextReport {
    public static let width = 100
    let report: Report
    let palette: Palette

    public init(_ report: Report, palette: Palette = Palette(enabled: false)) {
        self.report = report
        self.palette = palette
    }

    public func rendered() -> String {
        let s = report.summary
        var out = header()
        out += findings()
        if s.events > 0 {
            let sections = [ReportOutline.classes(s), ReportOutline.codes(s)]
                + [ReportOutline.authFailures(report), ReportOutline.relayRefusals(report), ReportOutline.days(s)]
                    .compactMap { $0 }
                + ReportOutline.peers(report)
            out += sections.map { outlineSection($0) }.joined() + enhanced()
        }
        out += outlineSection(ReportOutline.lines(s))
        if let inputs = ReportOutline.inputs(report) { out += outlineSection(inputs, maxWidths: [50, nil, nil, 30]) }
        return out
    }

    private func section(_ title: String) -> String {
        "\n" + palette.apply(.heading, title) + "\n"
    }

    private func header() -> String {
        let header = ReportOutline.header(report)
        var text = palette.apply(.heading, "smtplog report") + "\n"
        text += "  \(DisplayText.escaped(DisplayText.truncated(header.inputs, to: 60)))"
        if let span = header.span { text += ", \(span)" }
        text += "\n"
        if let window = header.window { text += "  window: \(window)\n" }
        return text + "  " + header.totals + "\n"
    }

    /// Findings come first, most severe first, each with what it means and what to do.
    private func findings() -> String {
        guard !report.findings.isEmpty else { return "" }
        var text = section("Findings")
        for finding in report.findings {
            let label = finding.severity.rawValue.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0)
            let style: TextStyle = switch finding.severity {
            case .critical: .bad
            case .warning: .warning
            default: .dim
            }
            var heading = TextWrapping.wrap(label + " " + DisplayText.escaped(finding.statement)
                                            + " [\(finding.code) \(finding.direction.rawValue)]",
                                            width: TextReport.width, indent: 2, hanging: 11)
            // Colour after wrapping, so that escape codes never count as columns.
            let severity = finding.severity.rawValue.uppercased()
            heading[0] = "  " + palette.apply(style, severity) + heading[0].dropFirst(2 + severity.count)
            text += "\n" + heading.joined(separator: "\n") + "\n"
            var facts: [String] = []
            if let first = finding.first, let last = finding.last {
                facts.append("when: \(TextReport.short(first)) to \(TextReport.short(last))")
            }
            let lists: [(String, [Finding.Entry])] = [
                ("who", finding.peers), ("users tried", finding.users), ("mechanisms", finding.mechanisms),
                ("domains", finding.domains), ("forwarding to", finding.addresses),
            ]
            for (label, entries) in lists where !entries.isEmpty {
                var items = entries.map { "\(DisplayText.escaped(DisplayText.truncated($0.name, to: 40))) (\(DisplayText.grouped($0.count)))" }
                if label != "who" && label != "mechanisms" && finding.namesHidden > 0 {
                    items.append("+\(DisplayText.grouped(finding.namesHidden)) not listed")
                }
                text += wrappedList("           \(label):", items, indent: 0, continuation: String(repeating: " ", count: 13))
            }
            for fact in facts { text += "           \(fact)\n" }
            if let example = finding.examples.first {
                let line = "\(example.file):\(example.line): \(example.text)"
                text += "           e.g. " + DisplayText.escaped(DisplayText.truncated(line, to: TextReport.width - 16)) + "\n"
            }
            if !finding.explanation.isEmpty {
                text += paragraph("What it means: " + finding.explanation)
            }
            if !finding.fix.isEmpty {
                text += paragraph("What to do: " + finding.fix)
            }
        }
        return text
    }

    /// A finding's explanation or fix, under its heading.
    private func paragraph(_ text: String) -> String {
        TextWrapping.wrap(text, width: TextReport.width, indent: 11).joined(separator: "\n") + "\n"
    }

    /// One outline section the text report's way: a blank line between blocks, aligned
    /// tables, wrapped lists, example lines cut to the width; the chart is for pages only.
    /// The first column is capped (a peer or input name) so that a table fits the width.
    private func outlineSection(_ outline: ReportOutline.Section, maxWidths: [Int?] = [60]) -> String {
        var text = section(outline.title)
        var first = true
        for block in outline.blocks {
            switch block {
            case .hourlyChart:
                continue
            case .paragraph(let paragraph):
                text += "  " + DisplayText.escaped(paragraph) + "\n"
            case .table(let table):
                text += (first ? "" : "\n") + textTable(table, maxWidths: maxWidths).rendered(palette: palette)
            case .items(let label, let items):
                text += wrappedList(label + ":", items.map(DisplayText.escaped))
            case .lines(let label, let examples):
                text += "\n  \(label):\n"
                for example in examples {
                    text += "  " + DisplayText.escaped(DisplayText.truncated(example, to: TextReport.width - 2)) + "\n"
                }
            }
            first = false
        }
        return text
    }

    private func enhanced() -> String {
        let counts = report.summary.enhanced
        guard !counts.isEmpty else { return "" }
        return section("Enhanced status codes") + wrappedList("", counts.top(report.top).map {
            "\(DisplayText.escaped(DisplayText.truncated($0.key, to: 20))) (\(DisplayText.grouped($0.count)))"
        })
    }

    /// An outline table (raw strings) as an aligned text table, every cell escaped.
    private func textTable(_ table: ReportOutline.Table, maxWidths: [Int?]) -> TextTable {
        var text = TextTable(table.columns.enumerated().map { index, column in
            TextTable.Column(title: column.title, alignment: column.isNumeric ? .right : .left,
                             maxWidth: index < maxWidths.count ? maxWidths[index] : nil)
        })
        for (row, style) in zip(table.rows, table.rowStyles) {
            text.append(row.map { DisplayText.escaped($0) }, style: style)
        }
        return text
    }

    /// `label item, item, ...` wrapped at the report width, never inside an item.
    private func wrappedList(_ label: String, _ items: [String], indent: Int = 2, continuation: String = "  ") -> String {
        var lines: [String] = []
        var current = label
        for (index, item) in items.enumerated() {
            let piece = item + (index < items.count - 1 ? "," : "")
            if !current.isEmpty && current.count + 1 + piece.count > TextReport.width - indent {
                lines.append(current)
                current = continuation + piece
            } else {
                current += current.isEmpty ? piece : " " + piece
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.map { String(repeating: " ", count: indent) + $0 + "\n" }.joined()
    }

    static func plural(_ count: Int, _ one: String, _ many: String) -> String {
        "\(DisplayText.grouped(count)) \(count == 1 ? one : many)"
    }

    static func short(_ time: LogTime) -> String {
        "\(LogTime.dayString(time.dayKey).dropFirst(5)) \(pad2(time.hour)):\(pad2(time.minute))"
    }
}
