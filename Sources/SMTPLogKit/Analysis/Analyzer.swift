#if canImport(Glibc)
import Glibc
#endif

/// Settings for a run that the library needs (the executable maps options onto these).
public struct AnalysisOptions: Sendable {
    /// `--year`: the year of the log's first syslog line, instead of inferring it from mtimes.
    public var startingYear: Int?
    public var maxLineLength = LineReader.defaultMaxLineLength
    public var bufferSize = LineReader.defaultBufferSize
    public var keyCapacity = CappedCounts.defaultCapacity
    /// Stands in for the modification time of pipes; tests fix it.
    public var now: Int

    public init(startingYear: Int? = nil, now: Int = Int(time(nil))) {
        self.startingYear = startingYear
        self.now = now
    }
}

/// What reading one input gave: its summary, and the error that stopped it, if any. Lines read
/// before an error are kept: a truncated gzip still reports what it held.
public struct InputResult: Sendable {
    public var name: InputName
    public var summary: ReplySummary
    public var isCompressed: Bool
    public var bytesRead: Int
    public var error: InputDiagnostic?
}

/// An error about one input, shaped for `smtplog: PATH: reason` or `PATH:LINE: reason`.
public struct InputDiagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var input: String
    public var line: Int?
    public var message: String
    public var description: String {
        if let line { return "\(input):\(line): \(message)" }
        return "\(input): \(message)"
    }
}

/// Reads inputs into summaries. Never prints and never exits: errors come back as values.
public struct Analyzer: Sendable {
    public var options: AnalysisOptions

    public init(options: AnalysisOptions = AnalysisOptions()) {
        self.options = options
    }

    /// Opens and reads one input.
    public func analyze(_ name: InputName) -> InputResult {
        let opened: OpenedInput
        do {
            opened = try OpenedInput.open(name)
        } catch let error as InputError {
            return InputResult(name: name, summary: ReplySummary(keyCapacity: options.keyCapacity), isCompressed: false,
                               bytesRead: 0, error: InputDiagnostic(input: name.description, line: nil, message: error.description))
        } catch {
            return InputResult(name: name, summary: ReplySummary(keyCapacity: options.keyCapacity), isCompressed: false,
                               bytesRead: 0, error: InputDiagnostic(input: name.description, line: nil, message: "\(error)"))
        }
        return analyze(opened)
    }

    public func analyze(_ input: OpenedInput) -> InputResult {
        let policy: YearInference.Policy = options.startingYear.map { .startingYear($0) }
            ?? .modificationTime(input.modificationTime ?? options.now)
        let builder = SummaryBuilder(parser: LineParser(years: policy), fileName: input.name.description,
                                     keyCapacity: options.keyCapacity)
        let reader = LineReader(bufferSize: options.bufferSize, maxLineLength: options.maxLineLength)
        var diagnostic: InputDiagnostic?
        do {
            try reader.forEachLine(in: input.source) { line, info in builder.consume(line, info) }
        } catch let error as InputError {
            diagnostic = InputDiagnostic(input: builder.fileName, line: builder.lastLine + 1, message: error.description)
        } catch {
            diagnostic = InputDiagnostic(input: builder.fileName, line: builder.lastLine + 1, message: "\(error)")
        }
        let summary = builder.summary
        return InputResult(name: input.name, summary: summary, isCompressed: input.isCompressed,
                           bytesRead: input.source.consumedBytes, error: diagnostic)
    }

    /// Classifies a single line, for tests and for `smtplog` subcommands that explain one line.
    public static func parseLine(_ text: String, years: YearInference.Policy = .startingYear(2026))
        -> (parsed: ParsedLine, event: ReplyEvent?) {
        let parser = LineParser(years: years)
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { mutable in
            let line = UnsafeBufferPointer(mutable)
            let parsed = parser.parse(line)
            if case .event(let raw) = parsed.kind {
                return (parsed, raw.materialize(in: line, time: parsed.time))
            }
            return (parsed, nil)
        }
    }
}

/// Holds one input's running summary. A class, so that the per-line closure reaches its state
/// through one reference instead of boxed captured variables.
final class SummaryBuilder {
    let parser: LineParser
    let fileName: String
    var summary: ReplySummary
    var lastLine = 0

    init(parser: LineParser, fileName: String, keyCapacity: Int) {
        self.parser = parser
        self.fileName = fileName
        summary = ReplySummary(keyCapacity: keyCapacity)
    }

    @inline(__always)
    func consume(_ line: UnsafeBufferPointer<UInt8>, _ info: LineInfo) {
        lastLine = info.number
        if info.isOversized {
            summary.recordOversized()
            return
        }
        let parsed = parser.parse(line)
        summary.record(parsed, line: line) {
            LineExample(file: fileName, line: info.number, text: String(decoding: line, as: UTF8.self))
        }
    }
}
