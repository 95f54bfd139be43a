/// The traffic sections, as typed values: the day's messages as pflogsumm and eximstats show
/// them, the SMTP sessions our server held, and the mail system's own warnings. The same
/// sections, in the same order, for every format.
enum TrafficSections {
    static func all(_ report: Report) -> [ReportModel.Section] {
        [messages(report), domains(report), correspondents(report), sessions(report)].compactMap { $0 }
    }

    static func messages(_ report: Report) -> ReportModel.Section? {
        let traffic = report.summary.traffic.messages
        let c = traffic.counts
        guard c.received + c.delivered + c.deferred + c.bounced + c.rejected + c.expired + c.held + c.discarded > 0 else {
            return nil
        }
        var table = ReportModel.Table([.init("messages"), .init("count", numeric: true), .init("bytes", numeric: true)])
        table.append([.text("received"), .count(c.received), .bytes(c.bytesReceived)])
        table.append([.text("delivered"), .count(c.delivered), .bytes(c.bytesDelivered)])
        if c.forwarded > 0 { table.append([.text("forwarded"), .count(c.forwarded), .none]) }
        table.append([.text("deferred"), .count(c.deferred), .none], tone: c.deferred > 0 ? .warning : nil)
        table.append([.text("bounced"), .count(c.bounced), .none], tone: c.bounced > 0 ? .bad : nil)
        table.append([.text("rejected"), .count(c.rejected), .none])
        if c.expired > 0 { table.append([.text("expired, returned"), .count(c.expired), .none], tone: .bad) }
        if c.held > 0 { table.append([.text("held"), .count(c.held), .none]) }
        if c.discarded > 0 { table.append([.text("discarded"), .count(c.discarded), .none]) }
        var blocks: [ReportModel.Block] = [.paragraph(
            "Delivered and deferred count recipients, as pflogsumm and eximstats count them: a message to three"
            + " counts three times; rejected counts our refusals of clients' mail.")]
        blocks.append(.table(table))
        if traffic.droppedMessages > 0 || traffic.unsizedDeliveries > 0 {
            var note = "\(Wording.plural(traffic.unsizedDeliveries, "delivery", "deliveries")) of messages received before the log began"
            if traffic.droppedMessages > 0 {
                note += " or dropped from the \(traffic.inFlightCapacity.formatted) kept in flight"
                    + " (\(traffic.droppedMessages.formatted) dropped)"
            }
            blocks.append(.paragraph(note + " have no size: their bytes are not in \"delivered\"."))
        }
        let days = traffic.byDay.sorted { $0.key < $1.key }
        if days.count > 1 {
            var byDay = ReportModel.Table([.init("day"), .init("received", numeric: true), .init("delivered", numeric: true),
                                           .init("deferred", numeric: true), .init("bounced", numeric: true),
                                           .init("rejected", numeric: true)])
            for (day, tally) in days {
                byDay.append([.day(day), .count(tally.received), .count(tally.delivered), .count(tally.deferred),
                              .count(tally.bounced), .count(tally.rejected)])
            }
            blocks.append(.table(byDay))
        }
        return .init(title: "Traffic", blocks: blocks)
    }

    static func domains(_ report: Report) -> ReportModel.Section? {
        let domains = report.summary.traffic.messages.domains
        let rows = domains.top(report.top)
        guard !rows.isEmpty else { return nil }
        var table = ReportModel.Table([.init("domain", maxWidth: 30), .init("sent", numeric: true),
                                       .init("deferred", numeric: true), .init("bounced", numeric: true),
                                       .init("bytes", numeric: true), .init("avg delay", numeric: true),
                                       .init("max delay", numeric: true)])
        for (domain, row) in rows {
            table.append([.text(domain), .count(row.delivered), .count(row.deferred), .count(row.bounced), .bytes(row.bytes),
                          row.averageDelayMillis.map { .duration($0) } ?? .none,
                          row.delayed > 0 ? .duration(row.delayMax) : .none],
                         tone: row.bounced > 0 ? .bad : row.deferred > 0 ? .warning : nil)
        }
        if let rest = rest(domains, shown: rows.count) {
            let others = domains.total - rows.reduce(0) { $0 + $1.value.weight }
            table.append([.text(rest), .count(others), .none, .none, .none, .none, .none])
        }
        return .init(title: "Destination domains", blocks: [
            .paragraph("Deliveries by recipient domain; delays from the message's arrival to the delivery (delay=, QT=)."),
            .table(table),
        ])
    }

    /// Senders and recipients, by domain and by address, most messages first.
    static func correspondents(_ report: Report) -> ReportModel.Section? {
        let traffic = report.summary.traffic.messages
        let tables: [(String, NamedTable<Volume>)] = [
            ("sender domain", traffic.senderDomains), ("sender", traffic.senders),
            ("recipient domain", traffic.recipientDomains), ("recipient", traffic.recipients),
        ]
        let blocks: [ReportModel.Block] = tables.compactMap { title, volumes in
            let rows = volumes.top(report.top)
            guard !rows.isEmpty else { return nil }
            var table = ReportModel.Table([.init(title, maxWidth: ReportSections.nameWidth), .init("messages", numeric: true),
                                           .init("bytes", numeric: true)])
            for (name, volume) in rows { table.append([.text(name), .count(volume.messages), .bytes(volume.bytes)]) }
            if let rest = rest(volumes, shown: rows.count) {
                table.append([.text(rest), .count(volumes.total - rows.reduce(0) { $0 + $1.value.messages }), .none])
            }
            return .table(table)
        }
        guard !blocks.isEmpty else { return nil }
        return .init(title: "Senders and recipients", blocks: blocks)
    }

    static func sessions(_ report: Report) -> ReportModel.Section? {
        let sessions = report.summary.traffic.sessions
        let commands = sessions.commands
        guard sessions.connections > 0 || !commands.isEmpty else { return nil }
        let times = sessions.times
        var sentence = "\(Wording.plural(sessions.connections, "connection")) from"
            + " \(Wording.plural(sessions.hosts.distinct(), "client"))\(sessions.hosts.isTruncated ? " or more" : "")"
        if let average = times.averageSeconds {
            sentence += "; \(times.timed.formatted) timed from connect to disconnect:"
                + " \(DisplayText.duration(milliseconds: Int((average * 1000).rounded()))) on average,"
                + " the longest \(DisplayText.duration(milliseconds: times.maxSeconds * 1000))"
        }
        var blocks: [ReportModel.Block] = [.paragraph(sentence + ".")]
        if !commands.isEmpty {
            blocks.append(.paragraph("Commands our server accepted, from Postfix's disconnect lines: the 2xx replies it"
                                     + " never writes. The refusals among them are also counted above, once, as replies."))
            var table = ReportModel.Table([.init("command"), .init("accepted", numeric: true),
                                           .init("refused", numeric: true), .init("total", numeric: true)])
            for (name, tally) in commands {
                let refused = tally.total - tally.accepted
                table.append([.text(name), .count(tally.accepted), .count(refused), .count(tally.total)],
                             tone: refused > 0 ? .warning : nil)
            }
            blocks.append(.table(table))
        }
        let rows = sessions.hosts.top(report.top)
        if !rows.isEmpty {
            // Exim logs no closing line to time a session by: no time columns then.
            let timed = times.timed > 0
            var table = ReportModel.Table([.init("client", maxWidth: 40), .init("connections", numeric: true)]
                                          + (timed ? [.init("avg time", numeric: true), .init("max time", numeric: true)] : []))
            for (host, row) in rows {
                table.append([.text(host), .count(row.connections)]
                             + (timed ? [row.averageSeconds.map { .duration(Int(($0 * 1000).rounded())) } ?? .none,
                                         row.timed > 0 ? .duration(row.maxSeconds * 1000) : .none] : []))
            }
            if let rest = rest(sessions.hosts, shown: rows.count) {
                table.append([.text(rest), .count(sessions.hosts.total - rows.reduce(0) { $0 + $1.value.connections })]
                             + (timed ? [.none, .none] : []))
            }
            blocks.append(.table(table))
        }
        return .init(title: "SMTP sessions", blocks: blocks)
    }

    static func systemMessages(_ report: Report) -> ReportModel.Section? {
        let messages = report.summary.traffic.systemMessages
        guard messages.total > 0 else { return nil }
        let counts = TrafficFact.Level.allCases.filter { messages.count($0) > 0 }
            .map { Wording.plural(messages.count($0), $0.pluralName.0, $0.pluralName.1) }
        var table = ReportModel.Table([.init("level"), .init("program"), .init("message", maxWidth: 50),
                                       .init("count", numeric: true)])
        let rows = messages.top(report.top * 2)
        for (key, row) in rows {
            table.append([.text(key.level.name), .text(key.program), .text(key.text), .count(row.count)],
                         tone: key.level >= .fatal ? .bad : key.level == .error ? .warning : nil)
        }
        if let rest = rest(messages.kinds, shown: rows.count) {
            table.append([.text(""), .text(""), .text(rest),
                          .count(messages.kinds.total - rows.reduce(0) { $0 + $1.row.count })])
        }
        return .init(title: "Warnings, errors and panics", blocks: [
            .paragraph(counts.joined(separator: ", ") + "; hosts, addresses and numbers shown as *."), .table(table),
        ])
    }

    /// The label of a table's last row, for the keys it does not show; nil when it shows all.
    private static func rest<Value>(_ table: NamedTable<Value>, shown: Int) -> String? {
        let hidden = table.countedRows - shown
        if table.isTruncated { return "(others; list cut at \(table.capacity.formatted))" }
        return hidden > 0 ? "(\(hidden.formatted) more)" : nil
    }
}

extension TrafficFact.Level {
    /// `warning`/`warnings`, `fatal error`/`fatal errors`.
    var pluralName: (String, String) {
        switch self {
        case .warning: ("warning", "warnings")
        case .error: ("error", "errors")
        case .fatal: ("fatal error", "fatal errors")
        case .panic: ("panic", "panics")
        }
    }
}
