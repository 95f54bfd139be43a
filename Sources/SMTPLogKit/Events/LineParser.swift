/// What a line is, after its prefix and its message have been read.
public enum LineKind {
    case event(RawReplyEvent)
    /// A Postfix or Exim line understood to carry no reply.
    case nonEvent
    /// A Postfix or Exim line with no reply that a finding needs (see `RawNotice`); counted as
    /// understood, like `nonEvent`.
    case notice(RawNotice)
    /// A Postfix or Exim line that looks like it carries a reply we could not read.
    case notUnderstood
    /// A line from another program (dovecot, amavis, sendmail...): read, not analysed.
    case otherProgram(Range<Int>)
    /// A header line of an Exim reject log entry: part of the entry above it.
    case continuation
    /// A line with no prefix we know: not a mail log line as far as we can tell.
    case unrecognized
    case blank
    /// A line dated outside `--day`/`--since`/`--until`, or an unstamped line following one:
    /// dropped once its stamp is read, before any other parsing.
    case outsideWindow
}

/// One line, classified.
public struct ParsedLine {
    public var kind: LineKind
    public var time: LogTime?
    public var format: TimestampFormat
    /// The program tag (`postfix/smtpd`), empty for Exim's own format and unprefixed lines.
    public var program: Range<Int> = 0..<0
    /// What the line says about the mail (a message received, delivered, removed; a
    /// connection), beside any reply it carries.
    public var traffic: TrafficFact?
}

/// Turns raw lines into classified lines, keeping the state lines need from each other: the
/// year of syslog stamps and whether an Exim reject log entry is being continued.
///
/// Not thread-safe (its patterns reuse match data): one parser per input stream.
public final class LineParser {
    private var years: YearInference
    /// The last syslog stamp given a year, before and after.
    private var yearless = LogTime(packed: -1)
    private var yeared = LogTime(packed: -1)
    private let postfix = PostfixExtractor()
    private let exim = EximExtractor()
    private var inEximEntry = false
    /// Unchecked exclusivity: it is passed `inout` once per line, and the runtime check of that
    /// access was 2% of all instructions (callgrind). A parser is private to one reader and the
    /// access ends within `parse`, so no second access can overlap it.
    @exclusivity(unchecked) private var memo = PrefixMemo()
    private let window: TimeWindow?
    /// The last stamped line fell outside the window: unstamped lines after it belong to it.
    private var outside = false

    public init(years: YearInference.Policy, window: TimeWindow? = nil) {
        self.years = YearInference(years)
        self.window = window.flatMap { $0.isUnbounded ? nil : $0 }
    }

    /// A pattern that hits its match or depth limit on a hostile line makes that line "not
    /// understood" (it is shown as an example); it never stops the run.
    public func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine {
        var parsed = ParsedLine(kind: .blank, time: nil, format: .none)
        parse(line, into: &parsed)
        return parsed
    }

    /// The same as `parse(_:)`, written into the caller's `parsed`: the line loop keeps one
    /// parsed line for every line it reads, and the extractors write a line's traffic fact
    /// straight into it. Returning a fresh 224-byte value a line cost a copy through the
    /// stack, and the wide load of fields just written narrow stalled on store forwarding
    /// (`perf annotate`: a third of this function's cycles on a log of other programs' lines).
    public func parse(_ line: UnsafeBufferPointer<UInt8>, into parsed: inout ParsedLine) {
        parsed.traffic = nil
        parsed.program = 0..<0
        if line.isEmpty {
            parsed.kind = .blank
            parsed.time = nil
            parsed.format = .none
            return
        }
        let prefix: LinePrefix
        var time: LogTime?
        if let quick = LinePrefix.quick(line, memo: &memo) {
            // A syslog stamp met before, year 0: no need to unpack the prefix's time to know.
            prefix = quick.prefix
            time = withYear(quick.time)
        } else {
            guard let found = LinePrefix.parseRemembering(line, memo: &memo) else {
                // Exim's reject log follows each entry with the message's headers, unstamped.
                parsed.kind = outside ? .outsideWindow : inEximEntry ? .continuation : .unrecognized
                parsed.time = nil
                parsed.format = .none
                return
            }
            prefix = found
            time = prefix.time
            if prefix.format == .syslog, let stamped = time, stamped.year == 0 { time = withYear(stamped) }
        }
        parsed.time = time
        parsed.format = prefix.format
        if let window, let time {
            outside = !window.contains(time)
            if outside {
                parsed.kind = .outsideWindow
                return
            }
        }
        parsed.program = prefix.program
        switch prefix.mail {
        case .postfix:
            inEximEntry = false
            do {
                try postfix.extract(line, message: prefix.message, program: prefix.program,
                                    traffic: &parsed.traffic, into: &parsed.kind)
            } catch {
                parsed.kind = .notUnderstood
            }
        case .exim:
            do {
                parsed.kind = try exim.extract(line, message: prefix.message, traffic: &parsed.traffic)
            } catch {
                parsed.kind = .notUnderstood
            }
            // Only a refusal starts a reject log entry whose headers follow unstamped.
            if case .event(let event) = parsed.kind, event.direction == .inbound { inEximEntry = true } else { inEximEntry = false }
        case .other:
            inEximEntry = false
            parsed.kind = .otherProgram(prefix.program)
        }
    }

    /// A syslog stamp's time (year 0) with its year. Lines of one second share their stamp: its
    /// year is the one the line before got (inference only moves on when the month changes).
    @inline(__always)
    private func withYear(_ stamped: LogTime) -> LogTime {
        if stamped == yearless { return yeared }
        var yearly = stamped
        yearly.year = years.year(forMonth: stamped.month)
        yearless = stamped
        yeared = yearly
        return yearly
    }

    /// The digits of `prog[pid]:`: a process id names one process on a host at a time, and an
    /// smtpd process serves one client at a time.
    @inline(__always)
    static func pid(_ line: UnsafeBufferPointer<UInt8>, after program: Range<Int>, before message: Int) -> Range<Int>? {
        let open = program.upperBound
        guard open < message, line[open] == 0x5B else { return nil }
        var close = open + 1
        while close < message, line[close] != 0x5D { close += 1 }
        return close < message && close > open + 1 ? (open + 1)..<close : nil
    }
}
