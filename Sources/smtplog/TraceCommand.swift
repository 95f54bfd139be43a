import ArgumentParser
import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// `smtplog trace`: where did this message go? Options and exit statuses only; the library
/// reads (`Analyzer.trace`) and renders (`TraceTextRenderer`, `TraceJSONRenderer`).
struct TraceCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Follow messages through the log: arrival, content filter, each delivery attempt and its reply, the end.",
        discussion: """
            Selects messages by queue id (--id; Exim: the message id), Message-ID header \
            (--message-id), envelope sender (--from) or recipient (--to; '@domain' for a whole \
            domain, any case); options repeat and any one matching selects. A message a content \
            filter queues again (relay=127.0.0.1[...]:10024 ... queued as NEWID) and a bounce \
            notice are followed too. Files are read in one pass in order (rotated sets oldest \
            first; gzip, xz, bzip2, zstd; '-' or a pipe is standard input).

            Exit status: 0 a message matched; 1 nothing matched; 2 an input could not be read \
            or was damaged (2 wins over 0 and 1); 64 a usage error.
            """
    )

    @Argument(help: "Log files to read; '-' is standard input.")
    var files: [String] = []

    @Option(name: .customLong("id"), help: ArgumentHelp("A queue id (Postfix) or message id (Exim). Repeatable.", valueName: "id"))
    var queueIDs: [String] = []

    @Option(name: .customLong("message-id"), help: ArgumentHelp("A Message-ID header, with or without <>. Repeatable.", valueName: "id"))
    var messageIDs: [String] = []

    @Option(name: .customLong("from"), help: ArgumentHelp("An envelope sender ('<>' for bounces, '@domain' for a domain). Repeatable.",
                                                          valueName: "address"))
    var senders: [String] = []

    @Option(name: .customLong("to"), help: ArgumentHelp("A recipient ('@domain' for a domain). Repeatable.", valueName: "address"))
    var recipients: [String] = []

    @Option(help: "Output format: text or json (schema smtplog.trace/1).")
    var format: Format = .text

    @Option(help: "Trace at most this many messages (\(TraceQuery.limitRange.lowerBound) to \(TraceQuery.limitRange.upperBound)); the others are counted.")
    var limit = TraceQuery.defaultLimit

    @Option(help: "Year of the first syslog line (syslog stamps carry none); inferred from each file's modification time by default.")
    var year: Int?

    @Option(help: ArgumentHelp("Read one day only: today, yesterday or YYYY-MM-DD (in the log's own local time).", valueName: "day"))
    var day: String?

    @Option(help: ArgumentHelp("Read from this time on: a date, a date and time, or a span back from now (24h, 7d).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Read up to (not including) this time, in the same forms as --since.", valueName: "time"))
    var until: String?

    @Option(help: "Lines longer than this many bytes are skipped (\(LineReader.maxLineLengthRange.lowerBound) to \(LineReader.maxLineLengthRange.upperBound)).")
    var maxLineLength = 65_536

    @OptionGroup(title: "Systemd journal")
    var journal: JournalOptions

    func validate() throws {
        do {
            _ = try query()
        } catch {
            throw ValidationError("\(error)")
        }
        if let year, !(1970...9999).contains(year) { throw ValidationError("--year must be a year between 1970 and 9999") }
        let lengths = LineReader.maxLineLengthRange
        guard lengths.contains(maxLineLength) else {
            throw ValidationError("--max-line-length must be from \(lengths.lowerBound) to \(lengths.upperBound) bytes, not \(maxLineLength)")
        }
        do {
            _ = try WindowSpec.window(day: day, since: since, until: until, now: LogCalendar.localTime(epoch: Int(time(nil))))
        } catch {
            throw ValidationError("\(error)")
        }
        if files.isEmpty && !journal.isRequested && isatty(0) == 1 {
            throw ValidationError("no input: name a log file, or pipe one in")
        }
    }

    private func query() throws -> TraceQuery {
        try TraceQuery(queueIDs: queueIDs, messageIDs: messageIDs, senders: senders, recipients: recipients, limit: limit)
    }

    func run() throws {
        Terminal.ignoreBrokenPipeSignal()
        var options = AnalysisOptions(startingYear: year, threads: 1)
        options.maxLineLength = maxLineLength
        options.window = try? WindowSpec.window(day: day, since: since, until: until, now: LogCalendar.localTime(epoch: options.now))
        let given = RotatedSet.order(files.isEmpty ? (journal.isRequested ? [] : [InputName.standardInput]) : files.map(InputName.init))
        for (duplicate, first) in given.duplicates {
            Terminal.warn("\(DisplayText.escaped(duplicate.description)) is the same file as \(DisplayText.escaped(first.description)); read once")
        }
        let report = Analyzer(options: options).trace(try query(), inputs: given.names, journal: journal.selection)
        for error in report.errors { Terminal.diagnose(error.description) }
        for warning in report.warnings { Terminal.warn(warning.description) }
        let text = format == .json ? try TraceJSONRenderer.render(report) : TraceTextRenderer.render(report)
        Terminal.write(text)
        if !report.errors.isEmpty { throw ExitCode(2) }
        if !report.foundAny { throw ExitCode(1) }
    }
}
