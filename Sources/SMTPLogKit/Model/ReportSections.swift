/// The report's tables, as typed values, built from the summary: the same sections, in the same
/// order, for every format.
enum ReportSections {
    /// Names and files are cut to this many columns in tables: a 64 KiB HELO must not swamp the
    /// page, and a name this long is an attack, not something the reader needs in full.
    static let nameWidth = 60

    static func classes(_ s: ReplySummary) -> ReportModel.Section {
        var table = ReportModel.Table([.init("class"), .init("meaning"), .init("replies", numeric: true),
                                       .init("share", numeric: true), .init("sent", numeric: true),
                                       .init("received", numeric: true)])
        let classes = s.classes
        for replyClass in ReplyClass.allCases {
            guard let tally = classes[replyClass], tally.total > 0 else { continue }
            table.append([.text(replyClass.description), .text(replyClass.title), .count(tally.total),
                          .share(tally.total, of: s.events), .count(tally.inbound), .count(tally.outbound)],
                         tone: .replyClass(replyClass))
        }
        return .init(title: "Replies by class", blocks: [.table(table)])
    }

    static func codes(_ s: ReplySummary) -> ReportModel.Section {
        var table = ReportModel.Table([.init("code"), .init("replies", numeric: true), .init("sent", numeric: true),
                                       .init("received", numeric: true), .init("implied", numeric: true),
                                       .init("first"), .init("last")])
        for (code, tally) in s.codes.sorted(by: { $0.key < $1.key }) {
            let details = Direction.allCases.compactMap { s.detail(ReplyKey(code: code, direction: $0)) }
            let first = details.compactMap(\.first).min()
            let last = details.compactMap(\.last).max()
            table.append([.text("\(code)"), .count(tally.total), .count(tally.inbound), .count(tally.outbound),
                          .count(tally.implied), first.map { .time($0) } ?? .none, last.map { .time($0) } ?? .none],
                         tone: ReplyClass(code: code).map { .replyClass($0) })
        }
        return .init(title: "Replies by code", blocks: [.table(table)])
    }

    static func authFailures(_ report: Report) -> ReportModel.Section? {
        let auth = report.summary.authFailures
        guard auth.inbound + auth.outbound > 0 else { return nil }
        var blocks: [ReportModel.Block] = [.paragraph(
            "\(Wording.plural(auth.inbound, "refused login")) from \(Wording.plural(auth.clientCount, "client")); "
            + "\(Wording.plural(auth.outbound, "time")) a server refused our credentials")]
        blocks += [peerTable(auth.clients, title: "client", top: report.top),
                   peerTable(auth.servers, title: "server refusing us", top: report.top)].compactMap { $0 }
        let users = report.summary.authUsers
        if !users.isEmpty { blocks.append(.names(label: "users tried", nameList(users, top: report.top))) }
        return .init(title: "Authentication failures (530, 535)", blocks: blocks)
    }

    static func relayRefusals(_ report: Report) -> ReportModel.Section? {
        let relay = report.summary.relayRefusals
        guard relay.inbound + relay.outbound > 0 else { return nil }
        let codes = relay.byCode.sorted { $0.key < $1.key }.map { "\($0.key) × \($0.value.formatted)" }
        var blocks: [ReportModel.Block] = [.paragraph(
            "\(relay.inbound.formatted) refused to clients, \(relay.outbound.formatted) refused to us"
            + " (\(codes.joined(separator: ", ")))")]
        blocks += [peerTable(relay.clients, title: "client", top: report.top),
                   peerTable(relay.servers, title: "server refusing us", top: report.top)].compactMap { $0 }
        let domains = report.summary.relayDomains
        if !domains.isEmpty { blocks.append(.names(label: "domains tried", nameList(domains, top: report.top))) }
        return .init(title: "Relay refusals", blocks: blocks)
    }

    /// The most counted keys, with the rest in one row that says whether the list was cut.
    private static func peerTable(_ counts: CappedCounts, title: String, top: Int) -> ReportModel.Block? {
        let rows = counts.top(top)
        guard !rows.isEmpty else { return nil }
        let total = counts.total
        var table = ReportModel.Table([.init(title, maxWidth: nameWidth), .init("count", numeric: true),
                                       .init("share", numeric: true)])
        for row in rows { table.append([.text(row.key), .count(row.count), .share(row.count, of: total)]) }
        let hidden = counts.count - rows.count
        let rest = total - rows.reduce(0) { $0 + $1.count }
        if hidden > 0 || rest > 0 {
            let label = counts.isTruncated ? "(others; list cut at \(counts.capacity.formatted))" : "(\(hidden.formatted) more)"
            table.append([.text(label), .count(rest), .share(rest, of: total)])
        }
        return .table(table)
    }

    private static func nameList(_ counts: CappedCounts, top: Int) -> Finding.NameList {
        let rows = counts.top(top)
        let entries = rows.map { Finding.Entry(name: $0.key, count: $0.count) }
        return Finding.NameList(entries: entries, hidden: counts.total - rows.reduce(0) { $0 + $1.count },
                                distinct: counts.count)
    }

    static func days(_ s: ReplySummary) -> ReportModel.Section? {
        let byDay = s.byDay
        guard !byDay.isEmpty else { return nil }
        var table = ReportModel.Table([.init("day"), .init("replies", numeric: true)]
                                      + (2...5).map { ReportModel.Column("\($0)xx", numeric: true) })
        for (day, codes) in byDay.sorted(by: { $0.key < $1.key }) {
            var perClass = [Int](repeating: 0, count: 6)
            for (code, count) in codes { perClass[code / 100] += count }
            table.append([.day(day), .count(perClass.reduce(0, +))] + (2...5).map { .count(perClass[$0]) })
        }
        return .init(title: "By day", blocks: [.hourlyChart(s.byHour), .table(table)])
    }

    static func peers(_ report: Report) -> [ReportModel.Section] {
        // Made once: `peers` turns every class's keys into strings each time it is read.
        let peers = report.summary.peers
        return [ReplyClass.permanentNegative, .transientNegative].compactMap { replyClass in
            guard let counts = peers[replyClass], !counts.isEmpty,
                  let table = peerTable(counts, title: "peer", top: report.top) else { return nil }
            return .init(title: "Top peers with \(replyClass) replies", blocks: [table])
        }
    }

    static func enhanced(_ report: Report) -> ReportModel.Section? {
        let top = report.summary.topEnhanced(report.top)
        guard !top.isEmpty else { return nil }
        var table = ReportModel.Table([.init("enhanced code"), .init("replies", numeric: true)])
        for row in top { table.append([.text(row.code.description), .count(row.count)]) }
        return .init(title: "Enhanced status codes", blocks: [.table(table)])
    }

    static func lines(_ s: ReplySummary) -> ReportModel.Section {
        let l = s.lines
        var table = ReportModel.Table([.init("lines"), .init("count", numeric: true)])
        table.append([.text("read"), .count(l.read)])
        table.append([.text("with a reply"), .count(l.events)])
        table.append([.text("Postfix/Exim, no reply"), .count(l.understood)])
        table.append([.text("Postfix/Exim, not understood"), .count(l.notUnderstood)],
                     tone: l.notUnderstood > 0 ? .warning : nil)
        table.append([.text("other programs"), .count(l.otherPrograms)])
        if l.continuation > 0 { table.append([.text("reject log headers"), .count(l.continuation)]) }
        table.append([.text("not a log line we know"), .count(l.unrecognized)], tone: l.unrecognized > 0 ? .warning : nil)
        if l.oversized > 0 { table.append([.text("too long, skipped"), .count(l.oversized)], tone: .warning) }
        if l.blank > 0 { table.append([.text("blank"), .count(l.blank)]) }
        if l.outsideWindow > 0 { table.append([.text("outside the window"), .count(l.outsideWindow)]) }
        if l.filtered > 0 { table.append([.text("left out by the filters"), .count(l.filtered)]) }
        var blocks: [ReportModel.Block] = [.table(table)]
        if !s.notUnderstoodExamples.isEmpty {
            blocks.append(.lines(label: "Examples of lines not understood", s.notUnderstoodExamples))
        }
        return .init(title: "Lines", blocks: blocks)
    }

    /// `skipped: 11-19 00:00–23:59`, or `skipped: 11-12 to 11-19`: short enough for the note
    /// column of an aligned table.
    static func skippedNote(_ span: InputSpan) -> String {
        if span.first.dayKey == span.last.dayKey {
            return "skipped: \(LogTime.short(span.first))–\(pad2(span.last.hour)):\(pad2(span.last.minute))"
        }
        let day = { (time: LogTime) in String(LogTime.dayString(time.dayKey).dropFirst(5)) }
        return "skipped: \(day(span.first)) to \(day(span.last))"
    }

    static func inputs(_ report: Report) -> ReportModel.Section? {
        guard report.inputs.count > 1 || report.inputs.contains(where: { $0.error != nil || $0.skippedSpan != nil }) else {
            return nil
        }
        var table = ReportModel.Table([.init("input", maxWidth: 50), .init("lines", numeric: true),
                                       .init("replies", numeric: true), .init("note", maxWidth: 30)])
        for input in report.inputs {
            let note = input.error.map { "error: \($0.message)" }
                ?? input.skippedSpan.map(skippedNote)
                ?? (input.compression?.rawValue ?? "")
            table.append([.text(input.name.description), .count(input.summary.lines.read),
                          .count(input.summary.lines.events), .text(note)],
                         tone: input.error == nil ? nil : .bad)
        }
        return .init(title: "Inputs", blocks: [.table(table)])
    }
}

extension LogTime {
    /// `11-22 06:25`: the day and minute, as tables and findings show times.
    public static func short(_ time: LogTime) -> String {
        "\(LogTime.dayString(time.dayKey).dropFirst(5)) \(pad2(time.hour)):\(pad2(time.minute))"
    }
}
