/// The `--format markdown` report: the text report's findings and tables as GitHub-flavoured
/// Markdown, for a ticket, a wiki page or a chat. Prose is wrapped at 100 columns so that the
/// file also reads well as plain text; pipe tables are not, because a table row cannot wrap.
/// Every string, log-derived or not, goes through `MarkdownEscaping`.
public struct MarkdownRenderer: ReportRenderer {
    public static let width = 100
    /// Names and example lines are cut to these lengths on a page.
    static let nameWidth = 80
    static let exampleWidth = 300

    public init() {}

    public func render(_ model: ReportModel) -> String {
        var blocks = [header(model.header)]
        if !model.findings.isEmpty {
            blocks.append("## Findings")
            for finding in model.findings { blocks += self.finding(finding) }
        }
        for section in model.sections {
            blocks.append("## " + MarkdownEscaping.escaped(section.title))
            blocks += section.blocks.compactMap(block)
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private func header(_ header: ReportModel.Header) -> String {
        var facts = [("Inputs", DisplayText.truncated(CellText.inputs(header), to: MarkdownRenderer.nameWidth))]
        if let span = CellText.timeSpan(header) { facts.append(("Time span", span)) }
        if let window = header.window { facts.append(("Window", window.description)) }
        if let filters = CellText.filters(header) { facts.append(("Filters", filters)) }
        facts.append(("Replies", CellText.totals(header)))
        return "# smtplog report\n\n" + facts.map { listItem(label: $0.0, $0.1) }.joined(separator: "\n")
    }

    private func finding(_ finding: Finding) -> [String] {
        var blocks = ["### \(finding.severity.rawValue.uppercased())"
                      + (CellText.code(finding).map { ": " + MarkdownEscaping.escaped($0) } ?? "")]
        blocks.append(wrapped(MarkdownEscaping.escapedBlockStart(finding.statement)))
        var facts = finding.orderedSubjects.map { role, names in
            listItem(label: capitalized(CellText.label(role, of: finding)),
                     CellText.items(names, nameWidth: MarkdownRenderer.nameWidth).joined(separator: ", "))
        }
        if let when = CellText.span(finding) { facts.append(listItem(label: "When", when)) }
        for example in finding.examples {
            facts.append(listItem(label: "Example",
                                  DisplayText.truncatedMiddle(CellText.example(example), to: MarkdownRenderer.exampleWidth)))
        }
        blocks.append(facts.joined(separator: "\n"))
        if !finding.explanation.isEmpty {
            blocks.append(wrapped("**What it means:** " + MarkdownEscaping.escaped(finding.explanation)))
        }
        if !finding.fix.isEmpty {
            blocks.append(wrapped("**What to do:** " + MarkdownEscaping.escaped(finding.fix)))
        }
        return blocks
    }

    private func block(_ block: ReportModel.Block) -> String? {
        switch block {
        case .paragraph(let text):
            wrapped(MarkdownEscaping.escapedBlockStart(text))
        case .table(let table):
            self.table(table)
        case .names(let label, let names):
            wrapped("**\(MarkdownEscaping.escaped(capitalized(label))):** "
                    + MarkdownEscaping.escaped(CellText.items(names, nameWidth: MarkdownRenderer.nameWidth).joined(separator: ", ")))
        case .lines(let label, let lines):
            MarkdownEscaping.escaped(label) + ":\n\n"
                + lines.map {
                    let line = DisplayText.truncatedMiddle(CellText.example($0), to: MarkdownRenderer.exampleWidth)
                    return wrapped("- " + MarkdownEscaping.escapedBlockStart(line), hanging: 2)
                }
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
    private func table(_ table: ReportModel.Table) -> String {
        let header = table.columns.map { MarkdownEscaping.escaped($0.title) }
        let rows = table.rows.map { row in
            row.cells.enumerated().map { index, cell in
                MarkdownEscaping.escaped(DisplayText.truncated(CellText.format(cell),
                                                               to: table.columns[index].maxWidth.map { _ in MarkdownRenderer.nameWidth } ?? Int.max))
            }
        }
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
            } else if line.count + 1 + word.count <= MarkdownRenderer.width || !MarkdownEscaping.canStartLine(word) {
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
