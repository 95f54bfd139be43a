/// The `--format html` report: one self-contained page to mail to an administrator. Mail
/// clients block scripts, remote images and fonts and strip much CSS, so the page has no script
/// and no URL at all, keeps its CSS simple and in the head, and repeats the alignment of number
/// cells inline where a client that strips the head would otherwise lose it.
///
/// It shows what the text report shows, in the same order (findings with their fixes first),
/// plus a chart of replies per hour. Every string, log-derived or not, goes through
/// `HTMLEscaping`, and nothing depends on the clock, so the same logs give the same bytes.
public struct HTMLRenderer: ReportRenderer {
    /// Names and example lines are cut to these lengths on a page.
    static let nameWidth = 80
    static let exampleWidth = 300

    public init() {}

    public func render(_ model: ReportModel) -> String {
        let outline = model
        var body = header(outline.header)
        if !outline.findings.isEmpty {
            body += "<h2>Findings</h2>\n"
            for finding in outline.findings { body += self.finding(finding) }
        }
        for section in outline.sections {
            body += "<h2>\(e(section.title))</h2>\n"
            for block in section.blocks { body += self.block(block) }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>smtplog report: \(e(DisplayText.truncated(CellText.inputs(outline.header), to: HTMLRenderer.nameWidth)))</title>
            <style>
            \(HTMLRenderer.style)
            </style>
            </head>
            <body>
            <div class="page">
            \(body)</div>
            </body>
            </html>

            """
    }

    static let style = """
        body { margin: 0; padding: 20px 12px; background: #ffffff; color: #1f2328;
          font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; font-size: 14px; line-height: 1.45; }
        .page { max-width: 940px; margin: 0 auto; }
        h1 { font-size: 22px; margin: 0 0 8px 0; }
        h2 { font-size: 17px; margin: 28px 0 8px 0; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
        p { margin: 6px 0; }
        code, .log { font-family: Menlo, Consolas, "Liberation Mono", monospace; font-size: 12px; }
        .log { overflow-wrap: anywhere; }
        table { border-collapse: collapse; margin: 8px 0 14px 0; }
        th, td { padding: 3px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid #eaeef2; }
        th { background: #f6f8fa; font-weight: 600; border-bottom: 1px solid #d0d7de; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        tr.good td.key { color: #1a7f37; font-weight: 600; }
        tr.warning td.key { color: #9a6700; font-weight: 600; }
        tr.bad td.key { color: #cf222e; font-weight: 600; }
        .meta th { background: none; border: 0; padding: 1px 12px 1px 0; color: #57606a; font-weight: normal; }
        .meta td { border: 0; padding: 1px 0; }
        .finding { margin: 12px 0; padding: 10px 14px; border-left: 5px solid #8c959f; background: #f6f8fa; }
        .finding.critical { border-left-color: #cf222e; background: #fff5f5; }
        .finding.warning { border-left-color: #d4a72c; background: #fff8e5; }
        .finding.notice { border-left-color: #0969da; background: #f3f8ff; }
        .finding .statement { font-weight: 600; margin-top: 0; }
        .severity { display: inline-block; padding: 0 6px; margin-right: 6px; color: #ffffff; background: #57606a;
          font-size: 12px; font-weight: 600; letter-spacing: 0.04em; }
        .severity.critical { background: #cf222e; }
        .severity.warning { background: #9a6700; }
        .severity.notice { background: #0969da; }
        .facts { margin: 6px 0; }
        .facts th { background: none; border: 0; padding: 1px 12px 1px 0; color: #57606a; font-weight: normal;
          white-space: nowrap; }
        .facts td { border: 0; padding: 1px 0; }
        .chart { margin: 8px 0 4px 0; }
        """

    /// Shorthand for the one escape every string goes through.
    private func e(_ text: String) -> String { HTMLEscaping.escaped(text) }

    private func header(_ header: ReportModel.Header) -> String {
        var rows = [("Inputs", DisplayText.truncated(CellText.inputs(header), to: HTMLRenderer.nameWidth))]
        if let span = CellText.timeSpan(header) { rows.append(("Time span", span)) }
        if let window = header.window { rows.append(("Window", window.description)) }
        if let filters = CellText.filters(header) { rows.append(("Filters", filters)) }
        rows.append(("Replies", CellText.totals(header)))
        return "<h1>smtplog report</h1>\n<table class=\"meta\">\n"
            + rows.map { "<tr><th>\(e($0.0))</th><td>\(e($0.1))</td></tr>\n" }.joined()
            + "</table>\n"
    }

    private func finding(_ finding: Finding) -> String {
        let severity = finding.severity.rawValue
        var out = "<div class=\"finding \(e(severity))\">\n"
        out += "<p class=\"statement\"><span class=\"severity \(e(severity))\">\(e(severity.uppercased()))</span> "
            + "\(e(finding.statement))" + (CellText.code(finding).map { " <code>\(e($0))</code>" } ?? "") + "</p>\n"
        var facts = finding.orderedSubjects.map { role, names in
            (label: CellText.label(role, of: finding),
             value: e(CellText.items(names, nameWidth: HTMLRenderer.nameWidth).joined(separator: ", ")))
        }
        if let when = CellText.span(finding) { facts.append(("when", e(when))) }
        for example in finding.examples {
            let line = DisplayText.truncatedMiddle(CellText.example(example), to: HTMLRenderer.exampleWidth)
            facts.append(("e.g.", "<span class=\"log\">\(e(line))</span>"))
        }
        if !facts.isEmpty {
            out += "<table class=\"facts\">\n"
                + facts.map { "<tr><th>\(e($0.label))</th><td>\($0.value)</td></tr>\n" }.joined()
                + "</table>\n"
        }
        if !finding.explanation.isEmpty {
            out += "<p><strong>What it means:</strong> \(e(finding.explanation))</p>\n"
        }
        if !finding.fix.isEmpty {
            out += "<p><strong>What to do:</strong> \(e(finding.fix))</p>\n"
        }
        return out + "</div>\n"
    }

    private func block(_ block: ReportModel.Block) -> String {
        switch block {
        case .paragraph(let text):
            return "<p>\(e(text))</p>\n"
        case .table(let table):
            return self.table(table)
        case .names(let label, let names):
            let items = CellText.items(names, nameWidth: HTMLRenderer.nameWidth).joined(separator: ", ")
            return "<p><strong>\(e(label)):</strong> \(e(items))</p>\n"
        case .lines(let label, let lines):
            return "<p>\(e(label)):</p>\n<ul>\n"
                + lines.map {
                    "<li class=\"log\">\(e(DisplayText.truncatedMiddle(CellText.example($0), to: HTMLRenderer.exampleWidth)))</li>\n"
                }.joined() + "</ul>\n"
        case .hourlyChart(let hours):
            let chart = HourlyChart(hours: hours)
            guard !chart.bars.isEmpty else { return "" }
            return "<div class=\"chart\">\n\(chart.svg())\n</div>\n"
        }
    }

    private func table(_ table: ReportModel.Table) -> String {
        func cell(_ tag: String, _ text: String, column: Int) -> String {
            let numeric = table.columns[column].isNumeric
            let attributes = numeric ? " class=\"num\" style=\"text-align:right\"" : (column == 0 ? " class=\"key\"" : "")
            let shown = table.columns[column].maxWidth == nil ? text : DisplayText.truncated(text, to: HTMLRenderer.nameWidth)
            return "<\(tag)\(attributes)>\(e(shown))</\(tag)>"
        }
        var out = "<table>\n<tr>"
            + table.columns.enumerated().map { cell("th", $0.element.title, column: $0.offset) }.joined()
            + "</tr>\n"
        for row in table.rows {
            let rowClass: String = switch row.tone {
            case .replyClass(.positiveCompletion): " class=\"good\""
            case .replyClass(.transientNegative), .warning: " class=\"warning\""
            case .replyClass(.permanentNegative), .bad: " class=\"bad\""
            default: ""
            }
            out += "<tr\(rowClass)>" + row.cells.enumerated().map { cell("td", CellText.format($0.element), column: $0.offset) }.joined() + "</tr>\n"
        }
        return out + "</table>\n"
    }
}
