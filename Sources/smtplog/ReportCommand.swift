import ArgumentParser
import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

extension ReportFormat: ExpressibleByArgument {}

extension Severity: ExpressibleByArgument {}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Summarise the SMTP replies in mail logs (plain, rotated, gzip, xz, bzip2, zstd, stdin).",
        discussion: """
            Reads each FILE (gzip, xz, bzip2 and zstd are recognised by their content) or standard input ('-', or no \
            FILE with a pipe). Rotated sets (mail.log*) are read oldest first, whatever the \
            order given. A file that cannot be read is named on stderr and the others are \
            still reported. Times in --day/--since/--until are the log's own local times.

            --output [FORMAT:]FILE writes the report to FILE instead of stdout, in FORMAT \
            (text, json, markdown, html, prometheus; without a prefix, --format). Give it several times \
            for several renderings of one analysis. Each file is replaced atomically (mode \
            0600, or the mode of the file it replaces); all are written and flushed before \
            any is renamed, so a failed write leaves every one as it was.

            --state FILE: one run at a time per state. A run locks FILE.lock (created 0600, \
            never removed) before it reads the state, and waits up to --lock-timeout seconds \
            for another run to finish. The state is refused (status 2) when it or its lock \
            is a symlink or not a regular file, or when a directory on its path can be \
            written by another user (group- or other-writable without the sticky bit, or \
            owned by another user). The state is saved last, only after every report was \
            written in full: a write error, or a reader that closed the pipe (| head), \
            leaves it where it was, and the next run reports the same lines again.

            --format prometheus writes metrics for node_exporter's textfile collector. With \
            --state, its counters are totals since the state was made (kept in the state); \
            without, they count this run alone.

            Exit status: 0 success (also when the reader closed the pipe); 1 a finding \
            reached --fail-on; 2 an input could not be read or was damaged, the \
            configuration is wrong, the report could not be written, or the state is \
            refused or cannot be saved (2 wins over 1); 64 a usage error; 75 another run \
            held the state's lock for --lock-timeout seconds (nothing was read).
            """
    )

    @Argument(help: ArgumentHelp("Log files to read; '-' is standard input.", valueName: "files"))
    var named: [String] = []

    /// The log files to read, in the order given: those the parser saw, then the long run of
    /// names that ended the command line and was set aside before parsing (`setAside(_:)`).
    var files: [String] { named + Self.setAsideFiles }

    /// The trailing file names `main` took off the command line before parsing; set once,
    /// before any thread starts.
    nonisolated(unsafe) static var setAsideFiles: [String] = []

    /// From this many, the names that end a report's command line are set aside.
    static let setAsideThreshold = 256

    /// The command line without the long run of file names that ends it, which is set aside in
    /// `setAsideFiles`; other command lines are returned as they are.
    ///
    /// swift-argument-parser takes positional values one at a time and copies what it holds
    /// for each, so its time grows with the square of their number: 5,000 files took 1.2 s to
    /// parse, 20,000 would take 20 s. Only names that must be files are set aside: every
    /// option of `report` takes at most one value, written right after it, so a word that
    /// follows another word (not a `-` option, nor `-`) is a positional value. The first word
    /// of the run is left to the parser, since it may be an option's value; the rest follow it
    /// in the files' order, as they followed it on the command line.
    static func setAside(_ arguments: [String]) -> [String] {
        // `report` by name, or as the default subcommand (first word not a subcommand).
        let subcommands = SMTPLogCommand.configuration.subcommands.map { $0._commandName } + ["help"]
        guard let first = arguments.first else { return arguments }
        let start: Int
        if first == _commandName {
            start = 1
        } else if subcommands.contains(first) || first.hasPrefix("---") {
            return arguments
        } else {
            start = 0
        }
        var runStart = arguments.count
        while runStart > start, !arguments[runStart - 1].hasPrefix("-") { runStart -= 1 }
        // The run's first word stays; the run must be long enough to be worth it.
        guard arguments.count - (runStart + 1) >= setAsideThreshold else { return arguments }
        setAsideFiles = Array(arguments[(runStart + 1)...])
        return Array(arguments[...runStart])
    }

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Option(help: "Colour in text output: auto (only on a terminal), always, never.")
    var color: ColorChoice = .auto

    @Option(help: "Year of the first syslog line (syslog stamps carry none); inferred from each file's modification time by default.")
    var year: Int?

    @Option(help: "How many rows each list shows (1 to \(ReportCommand.topRange.upperBound)).")
    var top = 10

    @Option(help: "Lines longer than this many bytes are counted as oversized and skipped (\(LineReader.maxLineLengthRange.lowerBound) to \(LineReader.maxLineLengthRange.upperBound), 64 MiB).")
    var maxLineLength = 65_536

    @Option(help: "Cores to use (default: all; 1 to \(ReportCommand.threadsRange.upperBound)). Files are read concurrently and large plain files are split.")
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

    @Option(name: .customLong("output"),
            help: ArgumentHelp("Write the report to this file instead of stdout, atomically; a format prefix (html:, text:, json:, markdown:, prometheus:) overrides --format. Repeatable.",
                               valueName: "[format:]file"))
    var outputs: [String] = []

    @Option(help: ArgumentHelp("With --state: seconds to wait for another run holding the state's lock before exiting with status 75 (0: do not wait).",
                               valueName: "seconds"))
    var lockTimeout: Double = StateLock.defaultTimeout

    @Option(help: ArgumentHelp("The name of the host whose logs these are (default: this machine's host name). Naming it makes the JSON carry what 'smtplog merge' needs.",
                               valueName: "name"))
    var host: String?

    @Flag(help: "Never show a progress bar (it is shown only on a terminal, for runs over a second).")
    var noProgress = false

    @Option(help: ArgumentHelp("Configuration file for findings (thresholds, windows, severities).",
                               discussion: "Default: $SMTPLOG_CONFIG, then ~/.config/smtplog/smtplog.yml, then /etc/smtplog/smtplog.yml, else the built-in defaults (Config/smtplog.yml). /dev/null (as PATH or $SMTPLOG_CONFIG) means no file: the built-in defaults."))
    var config: String?

    @OptionGroup(title: "Filters (added to those of the configuration file)")
    var filters: FilterOptions
    @OptionGroup(title: "Systemd journal")
    var journal: JournalOptions

    /// Lists hold at most 50,000 keys and a row costs a comparison against every row kept, so a
    /// larger --top would only make the report slow to rank and long to read.
    static let topRange = 1...1_000
    /// More threads than this would only queue: each one reads a file or a chunk of one.
    static let threadsRange = 1...256

    func validate() throws {
        guard Self.topRange.contains(top) else {
            throw ValidationError("--top must be from \(Self.topRange.lowerBound) to \(Self.topRange.upperBound), not \(top)")
        }
        let lengths = LineReader.maxLineLengthRange
        guard lengths.contains(maxLineLength) else {
            throw ValidationError("--max-line-length must be from \(lengths.lowerBound) to \(lengths.upperBound) bytes (64 MiB), not \(maxLineLength)")
        }
        if let threads, !Self.threadsRange.contains(threads) {
            throw ValidationError("--threads must be from \(Self.threadsRange.lowerBound) to \(Self.threadsRange.upperBound), not \(threads)")
        }
        if let year, !(1970...9999).contains(year) { throw ValidationError("--year must be a year between 1970 and 9999") }
        do {
            _ = try WindowSpec.window(day: day, since: since, until: until, now: LogCalendar.localTime(epoch: Int(time(nil))))
        } catch {
            throw ValidationError("\(error)")
        }
        if !lockTimeout.isFinite || !(0...86_400).contains(lockTimeout) {
            throw ValidationError("--lock-timeout must be between 0 and 86400 seconds")
        }
        try validateOutputs()
        if let host, !HostFigures.isValidName(host) {
            throw ValidationError("--host must be 1 to \(HostFigures.nameLimit) printable characters without spaces")
        }
        if files.isEmpty && !journal.isRequested && isatty(0) == 1 {
            throw ValidationError("no input: name a log file, or pipe one in")
        }
    }

    /// An output must name a file of its own: not another output, not the state or its lock,
    /// and not one of the logs (replacing the log the report is about would lose it).
    private func validateOutputs() throws {
        try ReportOutputs.validate(outputs, format: format, inputs: files, inputsNoun: "the logs to read",
                                   reserved: state.map { [$0, $0 + ".lock"] } ?? [], reservedNoun: "the state or its lock")
    }

    func run() throws {
        let clock = MetricsClock()
        Terminal.ignoreBrokenPipeSignal()
        let configuration: Configuration
        do {
            configuration = try ConfigLoader.load(explicit: config)
        } catch {
            Terminal.diagnose(error.description)
            throw ExitCode(2)
        }
        let rules = configuration.rules
        var options = AnalysisOptions(startingYear: year, threads: threads ?? AnalysisOptions.availableCores)
        options.maxLineLength = maxLineLength
        options.rules = rules
        options.filter = try filters.adding(to: configuration.filters)
        options.window = try? WindowSpec.window(day: day, since: since, until: until,
                                                now: LogCalendar.localTime(epoch: options.now))
        // With the journal and no file, stdin is not read: a timer's stdin is /dev/null.
        let given = RotatedSet.order(files.isEmpty ? (journal.isRequested ? [] : [InputName.standardInput]) : files.map(InputName.init))
        for (duplicate, first) in given.duplicates {
            Terminal.warn("\(DisplayText.escaped(duplicate.description)) is the same file as \(DisplayText.escaped(first.description)); read once")
        }
        var names = given.names
        var incremental: IncrementalRun?
        // Held until the run ends: taken before the state is read, so that a second run waits
        // and then reads what this one saved, instead of reporting the same lines again.
        var lock: StateLock?
        defer { lock?.release() }
        if let state {
            let location: StateLocation
            do {
                location = try StateLocation.check(state)
            } catch {
                Terminal.diagnose(error.description)
                throw ExitCode(2)
            }
            do {
                lock = try StateLock.acquire(location.lockPath, timeout: lockTimeout)
            } catch {
                Terminal.diagnose(error.description)
                if case .timedOut = error { throw ExitCode(75) }
                throw ExitCode(2)
            }
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
        // Each input is folded into the run's total as it is read: memory does not grow with
        // the number of files.
        var folded = Analyzer(options: options).analyzeFolded(names)
        let fileResults = folded.inputs
        bar?.stop()
        // The systemd journal (--journal): one more input, continuing after the state's cursor.
        var journalPosition: JournalPosition?
        if let selection = journal.selection {
            let read = Analyzer(options: options).analyze(journal: selection, after: incremental?.journal)
            folded.fold(read.result)
            journalPosition = read.position
        }
        // Consumed: the report's findings are made from its tables, which need not outlive it.
        var report = Report(folded: consume folded, rules: rules, top: top, window: options.window, filter: options.filter,
                            accountBaseline: incremental?.accounts, threads: options.threads)
        // The merge payload only when the host is named: `smtplog merge` needs it, a daily
        // report does not, and it costs memory in proportion to the tables.
        report.name(host: host ?? HostName.current, payload: host != nil)
        for error in report.errors { Terminal.diagnose(error.description) }
        for warning in report.warnings { Terminal.warn(warning) }
        let model = ReportModel(report)
        // Prometheus' counters: with a state, its totals plus this run's, saved with it below.
        let totals = incremental.map { PrometheusMetrics.adding(PrometheusMetrics.counters(of: report), to: $0.totals) }
        let metrics = clock.run(counters: totals)
        let delivery = try ReportOutputs.deliver(model, format: format, outputs: outputs, color: color, run: metrics)
        switch delivery {
        case .written: break
        case .readerClosed: return
        case .failed(let message):
            Terminal.diagnose(state == nil ? message : message + "; the state was not changed")
            throw ExitCode(2)
        }
        var failed = !report.errors.isEmpty
        // The commit point: only now, with every report out, does the state move.
        if let state, let incremental {
            do {
                if let warning = try incremental.nextState(after: fileResults, totals: totals ?? [:], journal: journalPosition,
                                                           accounts: report.accountBaseline)
                    .save(path: state) { Terminal.warn(warning) }
            } catch {
                Terminal.diagnose("cannot save the state: \(error)")
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
