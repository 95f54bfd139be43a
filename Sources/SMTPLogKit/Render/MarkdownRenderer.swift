/// The `--format markdown` report: the text report's findings and tables as GitHub-flavoured
/// Markdown, for a ticket, a wiki page or a chat. Prose is wrapped at 100 columns so that the
/// file also reads well as plain text; pipe tables are not, because a table row cannot wrap.
/// Every string, log-derived or not, goes through `MarkdownEscaping`.
public struct MarkdownReport {
    public static let width = 100
    let report: Report

    public init(_ report: Report) {
        self.report = report
    }

    public func rendered() -> String {
        let outline = ReportOutline(report)
        var blocks = [header(outline.header)]
        if !outline.findings.isEmpty {
            blocks.append("## Findings")
            for finding in outline.findings { blocks += self.finding(finding) }
        }
        for section in outline.sections {
            blocks.append("## " + MarkdownEscaping.escaped(section.title))
            blocks += section.blocks.compactMap(block)
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private func header(_ header: ReportOutline.Header) -> String {
        var facts = [("Inputs", header.inputs)]
        if let span = header.span { facts.append(("Time span", span)) }
        if let window = header.window { facts.append(("Window", window)) }
        facts.append(("Replies", header.totals))
        return "# smtplog report\n\n" + facts.map { listItem(label: $0.0, $0.1) }.joined(separator: "\n")
    }

    private func finding(_ finding: ReportOutline.FindingBlock) -> [String] {
        var blocks = ["### \(finding.severity.rawValue.uppercased()): \(MarkdownEscaping.escaped(finding.code))"]
        blocks.append(wrapped(MarkdownEscaping.escapedBlockStart(finding.statement)))
        var facts = finding.lists.map { listItem(label: capitalized($0.label), $0.items.joined(separator: ", ")) }
        if let when = finding.when { facts.append(listItem(label: "When", when)) }
        if let example = finding.example { facts.append(listItem(label: "Example", example)) }
        blocks.append(facts.joined(separator: "\n"))
        if !finding.explanation.isEmpty {
            blocks.append(wrapped("**What it means:** " + MarkdownEscaping.escaped(finding.explanation)))
        }
        if !finding.fix.isEmpty {
            blocks.append(wrapped("**What to do:** " + MarkdownEscaping.escaped(finding.fix)))
        }
        return blocks
    }

    private func block(_ block: ReportOutline.Block) -> String? {
        switch block {
        case .paragraph(let text):
            wrapped(MarkdownEscaping.escapedBlockStart(text))
        case .table(let table):
            self.table(table)
        case .items(let label, let items):
            wrapped("**\(MarkdownEscaping.escaped(capitalized(label))):** "
                    + MarkdownEscaping.escaped(items.joined(separator: ", ")))
        case .lines(let label, let lines):
            MarkdownEscaping.escaped(label) + ":\n\n"
                + lines.map { wrapped("- " + MarkdownEscaping.escapedBlockStart($0), hanging: 2) }
                .joined(separator: "\n")
        case .hourlyChart:
            // The per-day table beside it carries the same counts; Markdown cannot draw.
            nil
        }
    }

    /// `- **Label:** text`, wrapped under the item.
    private func listItem(label: String, _ text: String) -> String {
        wrapped("- **\(MarkdownEscaping.escaped(label)):** " + MarkdownEscaping.escaped(text), hanging: 2)
    }

    /// A pipe table with padded columns, so that it also lines up as plain text.
    private func table(_ table: ReportOutline.Table) -> String {
        let header = table.columns.map { MarkdownEscaping.escaped($0.title) }
        let rows = table.rows.map { $0.map(MarkdownEscaping.escaped) }
        var widths = header.map { max(3, $0.count) }
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return table.columns[index].isNumeric ? pad + cell : cell + pad
            }
            return "| " + padded.joined(separator: " | ") + " |"
        }
        let rule = table.columns.enumerated().map { index, column in
            column.isNumeric ? String(repeating: "-", count: widths[index] - 1) + ":"
                : ":" + String(repeating: "-", count: widths[index] - 1)
        }
        return ([line(header), "| " + rule.joined(separator: " | ") + " |"] + rows.map(line)).joined(separator: "\n")
    }

    /// Wraps escaped Markdown at the report width. It breaks only at spaces and never before a
    /// word that would open a block at the start of a line (`-`, `+`, `#`, `=`, `1.`); a word
    /// longer than the line stays whole, because a cut could split an escape from its character.
    private func wrapped(_ text: String, hanging: Int = 0) -> String {
        let indent = String(repeating: " ", count: hanging)
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if line.isEmpty {
                line = (lines.isEmpty ? "" : indent) + word
            } else if line.count + 1 + word.count <= MarkdownReport.width || !MarkdownEscaping.canStartLine(word) {
                line += " " + word
            } else {
                lines.append(line)
                line = indent + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    private func capitalized(_ label: String) -> String {
        label.prefix(1).uppercased() + label.dropFirst()
    }
}
