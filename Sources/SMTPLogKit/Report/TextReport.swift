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
            out += classes() + codes() + authFailures() + relayRefusals() + days() + peers() + enhanced()
        }
        out += lines() + inputs()
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

    private func classes() -> String { tableSection(ReportOutline.classes(report.summary)) }

    private func codes() -> String { tableSection(ReportOutline.codes(report.summary)) }

    /// A section of the outline that holds one table, drawn the text report's way.
    private func tableSection(_ outline: ReportOutline.Section) -> String {
        guard case .table(let table) = outline.blocks.first else { return "" }
        return section(outline.title) + textTable(table, maxWidths: table.columns.map { _ in nil }).rendered(palette: palette)
    }

    private func authFailures() -> String {
        let auth = report.summary.authFailures
        guard auth.inbound + auth.outbound > 0 else { return "" }
        var text = section("Authentication failures (530, 535)")
        text += "  \(TextReport.plural(auth.inbound, "refused login", "refused logins")) from "
        text += "\(TextReport.plural(auth.clients.count, "client", "clients")); "
        text += "\(TextReport.plural(auth.outbound, "time", "times")) a server refused our credentials\n"
        text += peerTable(auth.clients, title: "client", total: auth.inbound)
        text += peerTable(auth.servers, title: "server refusing us", total: auth.outbound)
        let users = report.summary.authUsers
        if !users.isEmpty {
            text += wrappedList("users tried:", users.top(report.top).map {
                "\(DisplayText.escaped(DisplayText.truncated($0.key, to: 30))) (\(DisplayText.grouped($0.count)))"
            })
        }
        return text
    }

    private func relayRefusals() -> String {
        let relay = report.summary.relayRefusals
        guard relay.inbound + relay.outbound > 0 else { return "" }
        var text = section("Relay refusals")
        let codes = relay.byCode.sorted { $0.key < $1.key }.map { "\($0.key) × \(DisplayText.grouped($0.value))" }
        text += "  \(DisplayText.grouped(relay.inbound)) refused to clients, \(DisplayText.grouped(relay.outbound)) refused to us"
        text += " (\(codes.joined(separator: ", ")))\n"
        text += peerTable(relay.clients, title: "client", total: relay.inbound)
        text += peerTable(relay.servers, title: "server refusing us", total: relay.outbound)
        let domains = report.summary.relayDomains
        if !domains.isEmpty {
            text += wrappedList("domains tried:", domains.top(report.top).map {
                "\(DisplayText.escaped(DisplayText.truncated($0.key, to: 40))) (\(DisplayText.grouped($0.count)))"
            })
        }
        return text
    }

    private func peerTable(_ counts: CappedCounts, title: String, total: Int) -> String {
        peerTable(rows: counts.top(report.top), distinct: counts.counts.count, truncatedAt: counts.isTruncated ? counts.capacity : nil,
                  title: title, total: total)
    }

    private func peerTable(_ table: CappedTable<String, PeerActivity>, title: String, total: Int) -> String {
        peerTable(rows: table.top(report.top).map { (key: $0.key, count: $0.value.count) }, distinct: table.count,
                  truncatedAt: table.isTruncated ? table.capacity : nil, title: title, total: total)
    }

    private func peerTable(rows: [(key: String, count: Int)], distinct: Int, truncatedAt: Int?, title: String,
                           total: Int) -> String {
        guard !rows.isEmpty else { return "" }
        var table = TextTable([
            .init(title: title, alignment: .left, maxWidth: 60), .init(title: "count", alignment: .right),
            .init(title: "share", alignment: .right),
        ])
        for row in rows {
            table.append([DisplayText.escaped(row.key), DisplayText.grouped(row.count), DisplayText.percent(row.count, of: total)])
        }
        let hidden = distinct - rows.count
        let rest = total - rows.reduce(0) { $0 + $1.count }
        if hidden > 0 || rest > 0 {
            let label = truncatedAt.map { "(others; list cut at \(DisplayText.grouped($0)))" }
                ?? "(\(DisplayText.grouped(hidden)) more)"
            table.append([label, DisplayText.grouped(rest), DisplayText.percent(rest, of: total)])
        }
        return "\n" + table.rendered(palette: palette)
    }

    private func days() -> String {
        let s = report.summary
        var perDay: [Int: [Int: Int]] = [:]
        for (key, count) in s.dayCodes { perDay[key / 1000, default: [:]][key % 1000 / 100, default: 0] += count }
        guard !perDay.isEmpty else { return "" }
        var table = TextTable([
            .init(title: "day", alignment: .left), .init(title: "replies", alignment: .right),
            .init(title: "2xx", alignment: .right), .init(title: "3xx", alignment: .right),
            .init(title: "4xx", alignment: .right), .init(title: "5xx", alignment: .right),
        ])
        for (day, classes) in perDay.sorted(by: { $0.key < $1.key }) {
            table.append([LogTime.dayString(day), DisplayText.grouped(classes.values.reduce(0, +))]
                         + (2...5).map { DisplayText.grouped(classes[$0] ?? 0) })
        }
        return section("By day") + table.rendered(palette: palette)
    }

    private func peers() -> String {
        let s = report.summary
        var text = ""
        for replyClass in [5, 4] {
            guard let counts = s.peers[replyClass], !counts.isEmpty else { continue }
            text += section("Top peers with \(replyClass)xx replies").dropLast() + "\n"
            text += peerTable(counts, title: "peer", total: counts.total).dropFirst()
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

    private func lines() -> String {
        let outline = ReportOutline.lines(report.summary)
        var text = section(outline.title)
        for block in outline.blocks {
            switch block {
            case .table(let table):
                text += textTable(table, maxWidths: [nil, nil]).rendered(palette: palette)
            case .lines(let label, let examples):
                text += "\n  \(label):\n"
                for example in examples {
                    text += "  " + DisplayText.escaped(DisplayText.truncated(example, to: TextReport.width - 2)) + "\n"
                }
            default:
                break
            }
        }
        return text
    }

    private func inputs() -> String {
        guard let outline = ReportOutline.inputs(report), case .table(let table) = outline.blocks.first else { return "" }
        return section(outline.title) + textTable(table, maxWidths: [50, nil, nil, 30]).rendered(palette: palette)
    }

    /// An outline table (raw strings) as an aligned text table, every cell escaped.
    private func textTable(_ table: ReportOutline.Table, maxWidths: [Int?]) -> TextTable {
        var text = TextTable(zip(table.columns, maxWidths).map { column, width in
            TextTable.Column(title: column.title, alignment: column.isNumeric ? .right : .left, maxWidth: width)
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
