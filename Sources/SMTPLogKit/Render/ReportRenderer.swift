#if canImport(Glibc)
import Glibc
#endif

/// Turns the typed report model into one output format. One file per format, behind this one
/// protocol: a new format is one renderer and one case of `ReportFormat`.
public protocol ReportRenderer {
    func render(_ model: ReportModel) throws -> String
}

/// The formats `smtplog report --format` offers, each mapped to its renderer.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, markdown, html, prometheus

    /// The renderer for this format. `width` and `color` matter to text only; `run` (the
    /// clock and the counters' totals) to prometheus only, which without it shows the run
    /// as ending now and taking no time.
    public func renderer(width: Int = TextRenderer.mailWidth, color: Bool = false,
                         run: PrometheusRenderer.Run? = nil) -> any ReportRenderer {
        switch self {
        case .text: TextRenderer(width: width, palette: Palette(enabled: color))
        case .json: JSONRenderer()
        case .markdown: MarkdownRenderer()
        case .html: HTMLRenderer()
        case .prometheus: PrometheusRenderer(run: run ?? PrometheusRenderer.Run(finished: Double(time(nil)), duration: 0))
        }
    }
}

/// How renderers write the typed values of the model: the same digits, shares and times in
/// every format.
enum CellText {
    static func format(_ cell: ReportModel.Cell) -> String {
        switch cell {
        case .text(let text): text
        case .count(let count): DisplayText.grouped(count)
        case .share(let part, let whole): DisplayText.percent(part, of: whole)
        case .time(let time): LogTime.short(time)
        case .day(let day): day.description
        case .bytes(let bytes): DisplayText.bytes(bytes)
        case .duration(let milliseconds): DisplayText.duration(milliseconds: milliseconds)
        case .none: "-"
        }
    }

    /// `name (12)`, and `+4,990 more (5,040)` for what a list leaves out.
    static func items(_ list: Finding.NameList, nameWidth: Int) -> [String] {
        var items = list.entries.map { "\(DisplayText.truncated($0.name, to: nameWidth)) (\(DisplayText.grouped($0.count)))" }
        let unlisted = list.distinct - list.entries.count
        if unlisted > 0 {
            items.append("+\(DisplayText.grouped(unlisted)) more (\(DisplayText.grouped(list.hidden)))")
        } else if list.hidden > 0 {
            items.append("+\(DisplayText.grouped(list.hidden)) not listed")
        }
        return items
    }

    /// The label of a finding's list.
    static func label(_ role: Finding.Role, of finding: Finding) -> String {
        switch role {
        case .clients: "clients"
        case .networks: "networks"
        case .servers: "servers"
        case .destinations: "destinations"
        case .senders: "senders"
        case .domains: finding.kind == .relayRefusals ? "domains tried" : "domains"
        case .users: [.passwordGuessed, .accountNetworks, .accountVolume].contains(finding.kind) ? "accounts" : "users tried"
        case .mechanisms: "mechanisms"
        case .addresses: finding.kind == .userNotLocal ? "forwarding to" : "addresses"
        case .programs: "reported by"
        case .inputs: "inputs"
        case .hours: "hours"
        }
    }

    /// `535 5.7.8 inbound`: the code, the enhanced code and the direction of a finding's
    /// replies; nil for a finding about lines with no reply.
    static func code(_ finding: Finding) -> String? {
        guard let code = finding.code else { return nil }
        return ([String(code)] + [finding.enhanced?.description, finding.direction.rawValue].compactMap { $0 })
            .joined(separator: " ")
    }

    /// `11-22 06:25 to 11-22 07:40`.
    static func span(_ finding: Finding) -> String? {
        guard let first = finding.first, let last = finding.last else { return nil }
        return first == last ? LogTime.short(first) : "\(LogTime.short(first)) to \(LogTime.short(last))"
    }

    /// `file:line: text`.
    static func example(_ example: LineExample) -> String {
        "\(example.file):\(example.line): \(example.text)"
    }

    /// The header's summary line.
    static func totals(_ header: ReportModel.Header) -> String {
        "\(Wording.plural(header.replies, "reply", "replies")) in \(Wording.plural(header.lines, "line"))"
            + (header.window == nil ? ": " : " of the window: ")
            + "\(header.sent.formatted) sent by us, \(header.received.formatted) received; \(header.implied.formatted) implied"
    }

    /// `not clients 10.0.0.0/8; only domains example.org: 1,204 lines left out`; nil without
    /// filters.
    static func filters(_ header: ReportModel.Header) -> String? {
        guard let filter = header.filter else { return nil }
        return "\(filter): \(Wording.plural(header.filtered, "line")) left out"
    }

    /// `mail.log`, or `3 inputs`.
    static func inputs(_ header: ReportModel.Header) -> String {
        if let hosts = header.hosts { return hosts == 1 ? "host \(header.inputs[0])" : "\(hosts) hosts" }
        return header.inputs.count == 1 ? header.inputs[0] : "\(header.inputs.count) inputs"
    }

    /// `2026-11-21 18:02:12 to 2026-11-22 14:02:49`.
    static func timeSpan(_ header: ReportModel.Header) -> String? {
        guard let first = header.first, let last = header.last else { return nil }
        return "\(LogTime.spaced(first)) to \(LogTime.spaced(last))"
    }
}
