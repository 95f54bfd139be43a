/// The per-host table of a merged report: each host's own figures beside the sum the rest of
/// the report shows, so that a host whose log stopped or whose figures jumped stands out.
enum HostSections {
    static func hosts(_ report: Report) -> ReportModel.Section? {
        guard report.isMerge, !report.hosts.isEmpty else { return nil }
        var table = ReportModel.Table([.init("host", maxWidth: 40), .init("lines", numeric: true),
                                       .init("replies", numeric: true), .init("messages", numeric: true),
                                       .init("delivered", numeric: true), .init("connections", numeric: true),
                                       .init("findings", numeric: true), .init("newest line")])
        for host in report.hosts {
            let stopped = host.lines.read > 0 && host.replies == 0
            table.append([.text(host.host), .count(host.lines.read), .count(host.replies), .count(host.messagesReceived), .count(host.messagesDelivered),
                          .count(host.connections), .count(host.findings), host.newest.map { .time($0) } ?? .none],
                         tone: host.errors > 0 ? .bad : stopped ? .warning : nil)
        }
        var blocks: [ReportModel.Block] = [.table(table)]
        let windows = Set(report.hosts.map { "\($0.windowStart?.description ?? "")–\($0.windowEnd?.description ?? "")" })
        if windows.count > 1 {
            blocks.append(.paragraph("The hosts' reports cover different windows: their figures are summed as given."))
        }
        return .init(title: "Hosts", blocks: blocks)
    }
}
