/// The report as typed values, before any format is applied: what each renderer shows, in the
/// order it shows it. Counts are integers, shares are a part and a whole, times are times and
/// log text is raw text: formatting and escaping happen in the renderers, at their last step,
/// so that every format gets the same content and no path can leave a string unescaped.
public struct ReportModel: Sendable {
    public struct Header: Sendable {
        /// The inputs' names, as given.
        public var inputs: [String]
        /// The earliest and latest reply.
        public var first: LogTime?
        public var last: LogTime?
        public var window: TimeWindow?
        /// Replies in all, sent by our server (inbound), received (outbound), and implied.
        public var replies: Int
        public var sent: Int
        public var received: Int
        public var implied: Int
        /// Lines read, less those outside the window.
        public var lines: Int
        /// What the filters left out, and how many lines that was; nil without filters.
        public var filter: LineFilter?
        public var filtered: Int
        /// A merge's hosts (`smtplog merge`), whose names `inputs` holds; nil for a run.
        public var hosts: Int? = nil
    }

    public struct Column: Sendable {
        public var title: String
        public var isNumeric: Bool
        /// Text columns holding names or files are cut to fit a line; nil: never cut.
        public var maxWidth: Int?

        public init(_ title: String, numeric: Bool = false, maxWidth: Int? = nil) {
            self.title = title
            isNumeric = numeric
            self.maxWidth = maxWidth
        }
    }

    /// One cell: a value of a kind, formatted by the renderer.
    public enum Cell: Sendable, Equatable {
        /// Text, ours or from the log: escaped by every renderer.
        case text(String)
        case count(Int)
        case share(Int, of: Int)
        /// A time shown to the minute, `11-22 06:25`.
        case time(LogTime)
        case day(LogDay)
        /// A size in bytes, `284.4 MB`.
        case bytes(Int)
        /// A span of time in milliseconds, `2.5 s`, `4 min`, `1.2 h`.
        case duration(Int)
        case none
    }

    /// How a row stands out: by reply class, or as a warning or an error.
    public enum Tone: Sendable, Equatable {
        case replyClass(ReplyClass)
        case warning
        case bad
    }

    public struct Row: Sendable {
        public var cells: [Cell]
        public var tone: Tone?
    }

    public struct Table: Sendable {
        public var columns: [Column]
        public var rows: [Row] = []

        public init(_ columns: [Column]) { self.columns = columns }

        mutating func append(_ cells: [Cell], tone: Tone? = nil) {
            rows.append(Row(cells: cells, tone: tone))
        }
    }

    public enum Block: Sendable {
        /// A sentence of prose.
        case paragraph(String)
        case table(Table)
        /// `label: name (count), …`, with how many occurrences the list leaves out.
        case names(label: String, Finding.NameList)
        /// Log lines shown one per row.
        case lines(label: String, [LineExample])
        /// Replies per hour by class; only a format that can draw shows it.
        case hourlyChart([LogHour: ClassTally])
    }

    public struct Section: Sendable {
        public var title: String
        public var blocks: [Block]
    }

    public var header: Header
    public var findings: [Finding]
    public var sections: [Section]
    /// The run itself: every figure, for the renderers that show them all (JSON).
    public var report: Report

    public init(_ report: Report) {
        self.report = report
        findings = report.findings
        let s = report.summary
        let tallies = s.codes.values
        header = Header(inputs: report.inputs.map(\.name.description), first: s.first, last: s.last, window: report.window,
                        replies: s.events, sent: tallies.reduce(0) { $0 + $1.inbound },
                        received: tallies.reduce(0) { $0 + $1.outbound }, implied: tallies.reduce(0) { $0 + $1.implied },
                        lines: s.lines.read - s.lines.outsideWindow, filter: report.filter, filtered: s.lines.filtered,
                        hosts: report.isMerge ? report.hosts.count : nil)
        var sections = HostSections.hosts(report).map { [$0] } ?? []
        sections += TrafficSections.all(report)
        if s.events > 0 {
            sections.append(ReportSections.classes(s))
            sections.append(ReportSections.codes(s))
            sections += [ReportSections.authFailures(report), ReportSections.relayRefusals(report),
                         ReportSections.days(s)].compactMap { $0 }
            sections += ReportSections.peers(report)
            if let enhanced = ReportSections.enhanced(report) { sections.append(enhanced) }
        }
        if let systemMessages = TrafficSections.systemMessages(report) { sections.append(systemMessages) }
        sections.append(ReportSections.lines(s))
        if !report.isMerge, let inputs = ReportSections.inputs(report) { sections.append(inputs) }
        self.sections = sections
    }
}
