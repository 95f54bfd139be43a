/// What the Markdown and HTML reports say, in the order they say it, before either format is
/// applied. Both pages must show the same findings and tables in the same order as the text
/// report; building the content once keeps the two from drifting apart.
///
/// Every string here is raw: log-derived text is neither escaped nor made safe yet. Each format
/// escapes every string at its very last step, so that no path can leave one unescaped.
struct ReportOutline {
    /// Log text is cut to these lengths: a 64 KiB HELO must not swamp the page, and a name
    /// longer than this is an attack, not something the reader needs in full.
    static let nameLimit = 80
    static let exampleLimit = 300

    struct Header {
        var inputs: String
        /// `2026-11-21 18:02:12 to 2026-11-22 14:02:49`; nil when no reply carried a time.
        var span: String?
        var window: String?
        var totals: String
    }

    struct FindingBlock {
        var severity: Severity
        var statement: String
        /// `535 inbound`.
        var code: String
        /// `who`, `users tried`, … with their `name (count)` items, in the text report's order.
        var lists: [(label: String, items: [String])]
        var when: String?
        /// `file:line: text`.
        var example: String?
        var explanation: String
        var fix: String
    }

    struct Table {
        struct Column {
            var title: String
            var isNumeric: Bool
        }
        var columns: [Column]
        var rows: [[String]] = []
        /// How a row should stand out, as in the text report's colours.
        var rowStyles: [TextStyle?] = []

        init(_ columns: [(String, Bool)]) {
            self.columns = columns.map { Column(title: $0.0, isNumeric: $0.1) }
        }

        mutating func append(_ row: [String], style: TextStyle? = nil) {
            rows.append(row)
            rowStyles.append(style)
        }
    }

    enum Block {
        case paragraph(String)
        case table(Table)
        /// `label: item, item, …`.
        case items(label: String, [String])
        /// Log lines shown one per row.
        case lines(label: String, [String])
        /// Replies per hour by class; only a format that can draw shows it.
        case hourlyChart
    }

    struct Section {
        var title: String
        var blocks: [Block]
    }

    var header: Header
    var findings: [FindingBlock]
    var sections: [Section]

    init(_ report: Report) {
        header = ReportOutline.header(report)
        findings = report.findings.map(ReportOutline.finding)
        let s = report.summary
        var sections: [Section] = []
        if s.events > 0 {
            sections.append(ReportOutline.classes(s))
            sections.append(ReportOutline.codes(s))
            sections += [ReportOutline.authFailures(report), ReportOutline.relayRefusals(report),
                         ReportOutline.days(s)].compactMap { $0 }
            sections += ReportOutline.peers(report)
            if let enhanced = ReportOutline.enhanced(report) { sections.append(enhanced) }
        }
        sections.append(ReportOutline.lines(s))
        if let inputs = ReportOutline.inputs(report) { sections.append(inputs) }
        self.sections = sections
    }

    static func header(_ report: Report) -> Header {
        let s = report.summary
        let inputs = report.inputs.count == 1
            ? DisplayText.truncated(report.inputs[0].name.description, to: nameLimit)
            : "\(report.inputs.count) inputs"
        var span: String?
        if let first = s.first, let last = s.last {
            span = "\(LogTime.spaced(first)) to \(LogTime.spaced(last))"
        }
        let inbound = s.codes.values.reduce(0) { $0 + $1.inbound }
        let implied = s.codes.values.reduce(0) { $0 + $1.implied }
        let totals = "\(TextReport.plural(s.events, "reply", "replies")) in "
            + "\(TextReport.plural(s.lines.read - s.lines.outsideWindow, "line", "lines"))"
            + (report.window == nil ? ": " : " of the window: ")
            + "\(DisplayText.grouped(inbound)) sent by us, \(DisplayText.grouped(s.events - inbound)) received; "
            + "\(DisplayText.grouped(implied)) implied"
        return Header(inputs: inputs, span: span, window: report.window?.description, totals: totals)
    }

    private static func finding(_ finding: Finding) -> FindingBlock {
        let lists: [(String, [Finding.Entry])] = [
            ("who", finding.peers), ("users tried", finding.users), ("mechanisms", finding.mechanisms),
            ("domains", finding.domains), ("forwarding to", finding.addresses),
        ]
        var shown: [(label: String, items: [String])] = []
        for (label, entries) in lists where !entries.isEmpty {
            var items = entries.map { item($0.name, $0.count) }
            if label != "who" && label != "mechanisms" && finding.namesHidden > 0 {
                items.append("+\(DisplayText.grouped(finding.namesHidden)) not listed")
            }
            shown.append((label, items))
        }
        var when: String?
        if let first = finding.first, let last = finding.last {
            when = "\(TextReport.short(first)) to \(TextReport.short(last))"
        }
        return FindingBlock(severity: finding.severity, statement: finding.statement,
                            code: "\(finding.code) \(finding.direction.rawValue)", lists: shown, when: when,
                            example: finding.examples.first.map(example), explanation: finding.explanation,
                            fix: finding.fix)
    }

    private static func item(_ key: String, _ count: Int) -> String {
        "\(DisplayText.truncated(key, to: nameLimit)) (\(DisplayText.grouped(count)))"
    }

    private static func example(_ example: LineExample) -> String {
        DisplayText.truncated("\(example.file):\(example.line): \(example.text)", to: exampleLimit)
    }

    /// Shared with the text report, which shows the same table.
    static func classes(_ s: ReplySummary) -> Section {
        var table = Table([("class", false), ("meaning", false), ("replies", true), ("share", true),
                           ("sent", true), ("received", true)])
        for replyClass in ReplyClass.allCases {
            let tallies = s.codes.filter { $0.key / 100 == replyClass.rawValue }.map(\.value)
            let total = tallies.reduce(0) { $0 + $1.total }
            guard total > 0 else { continue }
            table.append([replyClass.description, replyClass.title, DisplayText.grouped(total),
                          DisplayText.percent(total, of: s.events),
                          DisplayText.grouped(tallies.reduce(0) { $0 + $1.inbound }),
                          DisplayText.grouped(tallies.reduce(0) { $0 + $1.outbound })],
                         style: Palette.style(forClass: replyClass.rawValue))
        }
        return Section(title: "Replies by class", blocks: [.table(table)])
    }

    /// Shared with the text report, which shows the same table.
    static func codes(_ s: ReplySummary) -> Section {
        var table = Table([("code", false), ("replies", true), ("sent", true), ("received", true),
                           ("implied", true), ("first", false), ("last", false)])
        for (code, tally) in s.codes.sorted(by: { $0.key < $1.key }) {
            let details = [s.detail(code: code, direction: .inbound), s.detail(code: code, direction: .outbound)]
                .compactMap { $0 }
            let first = details.compactMap(\.first).min().map(TextReport.short) ?? "-"
            let last = details.compactMap(\.last).max().map(TextReport.short) ?? "-"
            table.append(["\(code)", DisplayText.grouped(tally.total), DisplayText.grouped(tally.inbound),
                          DisplayText.grouped(tally.outbound), DisplayText.grouped(tally.implied), first, last],
                         style: Palette.style(forClass: code / 100))
        }
        return Section(title: "Replies by code", blocks: [.table(table)])
    }

    /// Shared with the text report, which shows the same content.
    static func authFailures(_ report: Report) -> Section? {
        let auth = report.summary.authFailures
        guard auth.inbound + auth.outbound > 0 else { return nil }
        var blocks: [Block] = [.paragraph(
            "\(TextReport.plural(auth.inbound, "refused login", "refused logins")) from "
            + "\(TextReport.plural(auth.clients.count, "client", "clients")); "
            + "\(TextReport.plural(auth.outbound, "time", "times")) a server refused our credentials")]
        blocks += [peerTable(auth.clients, title: "client", total: auth.inbound, top: report.top),
                   peerTable(auth.servers, title: "server refusing us", total: auth.outbound, top: report.top)]
            .compactMap { $0 }
        let users = report.summary.authUsers
        if !users.isEmpty {
            blocks.append(.items(label: "users tried", users.top(report.top).map { item($0.key, $0.count) }))
        }
        return Section(title: "Authentication failures (530, 535)", blocks: blocks)
    }

    /// Shared with the text report, which shows the same content.
    static func relayRefusals(_ report: Report) -> Section? {
        let relay = report.summary.relayRefusals
        guard relay.inbound + relay.outbound > 0 else { return nil }
        let codes = relay.byCode.sorted { $0.key < $1.key }.map { "\($0.key) × \(DisplayText.grouped($0.value))" }
        var blocks: [Block] = [.paragraph(
            "\(DisplayText.grouped(relay.inbound)) refused to clients, \(DisplayText.grouped(relay.outbound)) refused to us"
            + " (\(codes.joined(separator: ", ")))")]
        blocks += [peerTable(relay.clients, title: "client", total: relay.inbound, top: report.top),
                   peerTable(relay.servers, title: "server refusing us", total: relay.outbound, top: report.top)]
            .compactMap { $0 }
        let domains = report.summary.relayDomains
        if !domains.isEmpty {
            blocks.append(.items(label: "domains tried", domains.top(report.top).map { item($0.key, $0.count) }))
        }
        return Section(title: "Relay refusals", blocks: blocks)
    }

    private static func peerTable(_ table: CappedTable<String, PeerActivity>, title: String, total: Int,
                                  top: Int) -> Block? {
        peerTable(rows: table.top(top).map { (key: $0.key, count: $0.value.count) }, distinct: table.count,
                  truncatedAt: table.isTruncated ? table.capacity : nil, title: title, total: total)
    }

    private static func peerTable(_ counts: CappedCounts, title: String, top: Int) -> Block? {
        peerTable(rows: counts.top(top), distinct: counts.counts.count,
                  truncatedAt: counts.isTruncated ? counts.capacity : nil, title: title, total: counts.total)
    }

    private static func peerTable(rows: [(key: String, count: Int)], distinct: Int, truncatedAt: Int?,
                                  title: String, total: Int) -> Block? {
        guard !rows.isEmpty else { return nil }
        var table = Table([(title, false), ("count", true), ("share", true)])
        for row in rows {
            table.append([DisplayText.truncated(row.key, to: nameLimit), DisplayText.grouped(row.count),
                          DisplayText.percent(row.count, of: total)])
        }
        let hidden = distinct - rows.count
        let rest = total - rows.reduce(0) { $0 + $1.count }
        if hidden > 0 || rest > 0 {
            let label = truncatedAt.map { "(others; list cut at \(DisplayText.grouped($0)))" }
                ?? "(\(DisplayText.grouped(hidden)) more)"
            table.append([label, DisplayText.grouped(rest), DisplayText.percent(rest, of: total)])
        }
        return .table(table)
    }

    /// Shared with the text report, which shows the same content.
    static func days(_ s: ReplySummary) -> Section? {
        var perDay: [Int: [Int: Int]] = [:]
        for (key, count) in s.dayCodes { perDay[key / 1000, default: [:]][key % 1000 / 100, default: 0] += count }
        guard !perDay.isEmpty else { return nil }
        var table = Table([("day", false), ("replies", true), ("2xx", true), ("3xx", true), ("4xx", true),
                           ("5xx", true)])
        for (day, classes) in perDay.sorted(by: { $0.key < $1.key }) {
            table.append([LogTime.dayString(day), DisplayText.grouped(classes.values.reduce(0, +))]
                         + (2...5).map { DisplayText.grouped(classes[$0] ?? 0) })
        }
        return Section(title: "By day", blocks: [.hourlyChart, .table(table)])
    }

    /// Shared with the text report, which shows the same content.
    static func peers(_ report: Report) -> [Section] {
        [5, 4].compactMap { replyClass in
            guard let counts = report.summary.peers[replyClass], !counts.isEmpty,
                  let table = peerTable(counts, title: "peer", top: report.top) else { return nil }
            return Section(title: "Top peers with \(replyClass)xx replies", blocks: [table])
        }
    }

    private static func enhanced(_ report: Report) -> Section? {
        let counts = report.summary.enhanced
        guard !counts.isEmpty else { return nil }
        var table = Table([("enhanced code", false), ("replies", true)])
        for row in counts.top(report.top) {
            table.append([DisplayText.truncated(row.key, to: 20), DisplayText.grouped(row.count)])
        }
        return Section(title: "Enhanced status codes", blocks: [.table(table)])
    }

    /// Shared with the text report, which shows the same table.
    static func lines(_ s: ReplySummary) -> Section {
        let l = s.lines
        var table = Table([("lines", false), ("count", true)])
        table.append(["read", DisplayText.grouped(l.read)])
        table.append(["with a reply", DisplayText.grouped(l.events)])
        table.append(["Postfix/Exim, no reply", DisplayText.grouped(l.understood)])
        table.append(["Postfix/Exim, not understood", DisplayText.grouped(l.notUnderstood)],
                     style: l.notUnderstood > 0 ? .warning : nil)
        table.append(["other programs", DisplayText.grouped(l.otherPrograms)])
        if l.continuation > 0 { table.append(["reject log headers", DisplayText.grouped(l.continuation)]) }
        table.append(["not a log line we know", DisplayText.grouped(l.unrecognized)],
                     style: l.unrecognized > 0 ? .warning : nil)
        if l.oversized > 0 { table.append(["too long, skipped", DisplayText.grouped(l.oversized)], style: .warning) }
        if l.blank > 0 { table.append(["blank", DisplayText.grouped(l.blank)]) }
        if l.outsideWindow > 0 { table.append(["outside the window", DisplayText.grouped(l.outsideWindow)]) }
        var blocks: [Block] = [.table(table)]
        if !s.notUnderstoodExamples.isEmpty {
            blocks.append(.lines(label: "Examples of lines not understood", s.notUnderstoodExamples.map(example)))
        }
        return Section(title: "Lines", blocks: blocks)
    }

    /// `skipped: 11-19 00:00–23:59`, or `skipped: 11-12 to 11-19`: short enough for the
    /// note column of an aligned table.
    static func skippedNote(_ span: InputSpan) -> String {
        if span.first.dayKey == span.last.dayKey {
            return "skipped: \(TextReport.short(span.first))–\(pad2(span.last.hour)):\(pad2(span.last.minute))"
        }
        let day = { (time: LogTime) in String(LogTime.dayString(time.dayKey).dropFirst(5)) }
        return "skipped: \(day(span.first)) to \(day(span.last))"
    }

    /// Shared with the text report, which shows the same table.
    static func inputs(_ report: Report) -> Section? {
        guard report.inputs.count > 1 || report.inputs.contains(where: { $0.error != nil || $0.skippedSpan != nil }) else {
            return nil
        }
        var table = Table([("input", false), ("lines", true), ("replies", true), ("note", false)])
        for input in report.inputs {
            let note = input.error.map { "error: \($0.message)" }
                ?? input.skippedSpan.map(skippedNote)
                ?? (input.compression?.rawValue ?? "")
            table.append([DisplayText.truncated(input.name.description, to: nameLimit),
                          DisplayText.grouped(input.summary.lines.read),
                          DisplayText.grouped(input.summary.lines.events), note],
                         style: input.error == nil ? nil : .bad)
        }
        return Section(title: "Inputs", blocks: [.table(table)])
    }
}
