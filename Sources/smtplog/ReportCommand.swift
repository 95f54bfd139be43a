import ArgumentParser
import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, html
}

extension Severity: ExpressibleByArgument {}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Summarise the SMTP replies in mail logs (plain, rotated, gzip, stdin).",
        discussion: """
            Reads each FILE (gzip is recognised by its content) or standard input ('-', or no \
            FILE with a pipe). Rotated sets (mail.log*) are read oldest first, whatever the \
            order given. A file that cannot be read is named on stderr and the others are \
            still reported. Times in --day/--since/--until are the log's own local times. \
            Exit status: 0 success; 1 a finding reached --fail-on; 2 an input could not be \
            read or was damaged, the configuration is wrong, or --state cannot be saved (2 \
            wins over 1); 64 a usage error.
            """
    )

    @Argument(help: "Log files to read; '-' is standard input.")
    var files: [String] = []

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Option(help: "Colour in text output: auto (only on a terminal), always, never.")
    var color: ColorChoice = .auto

    @Option(help: "Year of the first syslog line (syslog stamps carry none); inferred from each file's modification time by default.")
    var year: Int?

    @Option(help: "How many rows each list shows.")
    var top = 10

    @Option(help: "Lines longer than this many bytes are counted as oversized and skipped.")
    var maxLineLength = 65_536

    @Option(help: "Cores to use (default: all). Files are read concurrently and large plain files are split.")
    var threads: Int?

    @Option(help: "Exit with status 1 when a finding is at least this severe: \(Severity.allCases.map(\.rawValue).joined(separator: ", ")). By default findings never fail the run.")
    var failOn: Severity?

    @Option(help: ArgumentHelp("Report one day only: today, yesterday or YYYY-MM-DD (in the log's own local time).",
                               valueName: "day"))
    var day: String?

    @Option(help: ArgumentHelp("Report from this time on: a date, a date and time (2026-11-22 06:00), or a span back from now (24h, 7d).",
                               valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Report up to (not including) this time, in the same forms as --since.", valueName: "time"))
    var until: String?

    @Option(help: ArgumentHelp("Incremental runs: read only what was added since the run that last wrote this file, following rotations; the file is created if missing.",
                               valueName: "file"))
    var state: String?

    @Flag(help: "Never show a progress bar (it is shown only on a terminal, for runs over a second).")
    var noProgress = false

    @Option(help: ArgumentHelp("Configuration file for findings (thresholds, windows, severities).",
                               discussion: "Default: $SMTPLOG_CONFIG, then ~/.config/smtplog/smtplog.yml, then /etc/smtplog/smtplog.yml, else the built-in defaults (Config/smtplog.yml). /dev/null (as PATH or $SMTPLOG_CONFIG) means no file: the built-in defaults."))
    var config: String?

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if maxLineLength < 256 { throw ValidationError("--max-line-length must be at least 256") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let year, !(1970...9999).contains(year) { throw ValidationError("--year must be a year between 1970 and 9999") }
        do {
            _ = try WindowSpec.window(day: day, since: since, until: until, now: LogCalendar.localTime(epoch: Int(time(nil))))
        } catch {
            throw ValidationError("\(error)")
        }
        if files.isEmpty && isatty(0) == 1 {
            throw ValidationError("no input: name a log file, or pipe one in")
        }
    }

    func run() throws {
        Terminal.ignoreBrokenPipeSignal()
        let findingsConfig: FindingsConfig
        do {
            findingsConfig = try ConfigLoader.load(explicit: config)
        } catch {
            Terminal.diagnose(error.description)
            throw ExitCode(2)
        }
        var options = AnalysisOptions(startingYear: year, threads: threads ?? AnalysisOptions.availableCores)
        options.maxLineLength = maxLineLength
        options.authWindow = findingsConfig.auth.window
        options.window = try? WindowSpec.window(day: day, since: since, until: until,
                                                now: LogCalendar.localTime(epoch: options.now))
        let given = RotatedSet.order(files.isEmpty ? [InputName.standardInput] : files.map(InputName.init))
        for (duplicate, first) in given.duplicates {
            Terminal.warn("\(DisplayText.escaped(duplicate.description)) is the same file as \(DisplayText.escaped(first.description)); read once")
        }
        var names = given.names
        var incremental: IncrementalRun?
        if let state {
            var previous: ReadState?
            do {
                previous = try ReadState.load(path: state)
            } catch {
                Terminal.warn(error.description)
            }
            let run = IncrementalRun(state: previous, names: names)
            for note in run.notes { Terminal.warn(note) }
            names = run.names
            options.starts = run.starts
            options.holdsPartialLines = true
            incremental = run
        }
        if !noProgress, isatty(2) == 1 {
            options.progress = ReadProgress(total: names.reduce(0) { $0 + Self.fileSize($1) })
        }
        let bar = options.progress.flatMap { ProgressBar.start($0) }
        let results = Analyzer(options: options).analyze(names)
        bar?.stop()
        let report = Report(inputs: results, top: top, config: findingsConfig, window: options.window)
        for error in report.errors { Terminal.diagnose(error.description) }
        for warning in report.warnings { Terminal.warn(warning) }
        switch format {
        case .text:
            let useColor = color == .always || (color == .auto && Terminal.isColorTerminal(fd: 1))
            Terminal.write(TextReport(report, palette: Palette(enabled: useColor)).rendered())
        case .json:
            Terminal.write(try JSONReport(report).rendered())
        case .markdown:
            Terminal.write(MarkdownReport(report).rendered())
        case .html:
            Terminal.write(HTMLReport(report).rendered())
        }
        var failed = !report.errors.isEmpty
        if let state, let incremental {
            do {
                try incremental.nextState(after: results).save(path: state)
            } catch {
                Terminal.diagnose("\(state): cannot save the state: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
        if let failOn, report.findings.contains(where: { $0.severity >= failOn }) { throw ExitCode(1) }
    }

    private static func fileSize(_ name: InputName) -> Int {
        guard !name.isStandardInput else { return 0 }
        var info = stat()
        return stat(name.path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : 0
    }
}
