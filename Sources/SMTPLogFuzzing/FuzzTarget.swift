import Foundation
import SMTPLogKit

/// One input through every stage, from bytes to every renderer, with the invariants that no
/// input may break. The libFuzzer target `smtplog-fuzz` and the regression test over its stored
/// inputs both call this, so a stored input replays exactly what the fuzzer ran. It lives in
/// its own module: the shipped library carries no test code.
public enum FuzzTarget {
    public struct Outcome: Sendable {
        public var lines: LineTally
        /// The renderers' output, so that a test can look at what they made of hostile bytes.
        public var text: String
        public var json: String
        /// The invariants that failed, in words; empty when all hold. The fuzzer traps on any.
        public var violations: [String]
    }

    /// A tiny buffer, so that most lines straddle a read as they rarely do with 1 MiB; a line
    /// limit below libFuzzer's `-max_len`, so that the oversized path is reached; a key cap of
    /// 8, so that the lists are cut. A fixed year and clock, so that a stored input replays the
    /// same way on any day.
    static var options: AnalysisOptions {
        var options = AnalysisOptions(startingYear: 2026, now: 1_795_000_000, threads: 1)
        options.bufferSize = 61
        options.maxLineLength = 2_000
        options.keyCapacity = 8
        return options
    }

    static let inputName = InputName("fuzz-input")

    /// The line count the reader must reach, worked out without it: every newline ends a line,
    /// and bytes after the last newline are one more.
    public static func lineCount(_ bytes: [UInt8]) -> Int {
        var count = 0
        for byte in bytes where byte == 0x0A { count += 1 }
        if let last = bytes.last, last != 0x0A { count += 1 }
        return count
    }

    public static func run(_ bytes: [UInt8]) throws -> Outcome {
        let result = Analyzer(options: options).analyze(bytes: bytes, name: inputName)
        var violations: [String] = []
        let lines = result.summary.lines
        let expected = lineCount(bytes)
        if lines.read != expected { violations.append("read \(lines.read) lines, the input holds \(expected)") }
        let kinds = lines.events + lines.understood + lines.notUnderstood + lines.otherPrograms + lines.continuation
            + lines.unrecognized + lines.blank + lines.oversized
        if kinds != lines.read { violations.append("line kinds add up to \(kinds), not \(lines.read)") }
        if let error = result.error { violations.append("memory input failed: \(error)") }
        violations += secondPassViolations(bytes, whole: result.summary)

        let report = Report(inputs: [result], top: 3)
        _ = report.warnings
        let model = ReportModel(report)
        for finding in report.findings {
            for example in FindingChecks.examplesNamingNoSubject(finding) {
                violations.append("a \(finding.kind.rawValue) example names none of its subjects: \(example.text)")
            }
        }
        let text = try ReportFormat.text.renderer().render(model)
        // Without colour, nothing in the report may reach a terminal as a control character.
        if let bad = text.unicodeScalars.first(where: { $0 != "\n" && DisplayText.isUnsafe($0) }) {
            violations.append("the text report holds U+\(String(bad.value, radix: 16))")
        }
        let json = try ReportFormat.json.renderer().render(model)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        if object?["lines"] as? Int != lines.read || object?["events"] as? Int != lines.events {
            violations.append("the JSON report's lines and events differ from the summary")
        }
        // The pages for mail clients: no control character, and no markup the renderer did not write.
        for format in [ReportFormat.markdown, .html] {
            let page = try format.renderer().render(model)
            if let bad = page.unicodeScalars.first(where: { $0 != "\n" && DisplayText.isUnsafe($0) }) {
                violations.append("the \(format) report holds U+\(String(bad.value, radix: 16))")
            }
            if page.contains("<script") || page.contains("<img") { violations.append("the \(format) report holds log markup") }
        }
        let prometheus = try ReportFormat.prometheus.renderer(run: .init(finished: 1_795_000_000, duration: 1)).render(model)
        violations += prometheusViolations(prometheus, lines: lines)
        violations += windowViolations(bytes, whole: lines)
        return Outcome(lines: lines, text: text, json: json, violations: violations)
    }

    /// The exposition format node_exporter reads, whatever the log held: every line a `# HELP`,
    /// a `# TYPE` or one sample of a declared family (name, escaped labels, a number), no series
    /// twice, nothing unsafe for a terminal, and the lines by kind adding up to the lines read.
    /// A line that breaks this makes the textfile collector drop the whole file.
    static func prometheusViolations(_ text: String, lines: LineTally) -> [String] {
        var violations: [String] = []
        if let bad = text.unicodeScalars.first(where: { $0 != "\n" && DisplayText.isUnsafe($0) }) {
            violations.append("the prometheus report holds U+\(String(bad.value, radix: 16))")
        }
        var declared = Set<Substring>()
        var seen = Set<Substring>()
        var linesTotal = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count != 4 || !["counter", "gauge"].contains(parts[3]) || !isMetricName(parts[2]) {
                    violations.append("prometheus: a bad TYPE line: \(line)")
                }
                if parts.count > 2 { declared.insert(parts[2]) }
                continue
            }
            guard let space = line.lastIndex(of: " "), Double(line[line.index(after: space)...]) != nil else {
                violations.append("prometheus: a sample without a number: \(line)")
                continue
            }
            let series = line[..<space]
            let name = series.prefix { $0 != "{" }
            if !isMetricName(name) || !declared.contains(name) { violations.append("prometheus: an undeclared sample: \(line)") }
            if name.count < series.count, !isLabelSet(series.dropFirst(name.count)) {
                violations.append("prometheus: bad labels: \(line)")
            }
            if !seen.insert(series).inserted { violations.append("prometheus: \(series) twice") }
            if name == "smtplog_lines_total" { linesTotal += Int(line[line.index(after: space)...]) ?? 0 }
        }
        if !text.isEmpty, !text.hasSuffix("\n") { violations.append("prometheus: no final line feed") }
        if linesTotal != lines.read { violations.append("prometheus: lines by kind add up to \(linesTotal), not \(lines.read)") }
        return violations
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`, the format's metric names.
    static func isMetricName(_ name: Substring) -> Bool {
        func letter(_ s: Unicode.Scalar) -> Bool { s == "_" || s == ":" || ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
        guard let first = name.unicodeScalars.first, letter(first) else { return false }
        return name.unicodeScalars.allSatisfy { letter($0) || ("0"..."9").contains($0) }
    }

    /// `{a="x",b="y\"z"}`: label names, and values in which only `\\`, `\"` and `\n` are escapes.
    static func isLabelSet(_ text: Substring) -> Bool {
        var rest = text.unicodeScalars[...]
        guard rest.popFirst() == "{", rest.popLast() == "}" else { return false }
        while !rest.isEmpty {
            let name = rest.prefix { $0 != "=" }
            rest = rest.dropFirst(name.count)
            guard !name.isEmpty, name.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }),
                  rest.popFirst() == "=", rest.popFirst() == "\"" else { return false }
            while true {
                guard let scalar = rest.popFirst(), scalar != "\n" else { return false }
                if scalar == "\"" { break }
                if scalar == "\\" {
                    guard let escaped = rest.popFirst(), ["\\", "\"", "n"].contains(escaped) else { return false }
                }
            }
            if rest.first == "," { rest = rest.dropFirst() } else if !rest.isEmpty { return false }
        }
        return true
    }

    /// The same input read with a window: every line is still read once, and each is either
    /// counted as before or counted as outside.
    static func windowViolations(_ bytes: [UInt8], whole: LineTally) -> [String] {
        var options = FuzzTarget.options
        options.window = TimeWindow.day(20261122)
        let lines = Analyzer(options: options).analyze(bytes: bytes, name: inputName).summary.lines
        var violations: [String] = []
        if lines.read != whole.read { violations.append("with a window, read \(lines.read) lines, not \(whole.read)") }
        let kinds = lines.events + lines.understood + lines.notUnderstood + lines.otherPrograms + lines.continuation
            + lines.unrecognized + lines.blank + lines.oversized + lines.outsideWindow
        if kinds != lines.read { violations.append("with a window, line kinds add up to \(kinds), not \(lines.read)") }
        if lines.events > whole.events { violations.append("a window added events") }
        return violations
    }

    /// Reads the input again with other buffer sizes and short reads, does what `smtplog lines`
    /// does with each line (materialise the event, escape the text), and records the lines
    /// into two summaries cut at the middle line, merged as the chunks of a file read on
    /// several cores are. The merge must equal the first pass exactly in every figure that a
    /// key cap cannot change.
    static func secondPassViolations(_ bytes: [UInt8], whole: ReplySummary) -> [String] {
        let options = FuzzTarget.options
        let sink = SplitSink(cut: lineCount(bytes) / 2, capacity: options.keyCapacity)
        let loop = LineLoop(reader: LineReader(bufferSize: 4_096, maxLineLength: options.maxLineLength),
                            parser: LineParser(years: .startingYear(2026)))
        _ = loop.run(MemorySource(bytes, chunk: 7), into: sink)
        var violations = sink.violations
        var halves = sink.halves
        halves[1].offsetLineNumbers(by: sink.cut)
        var merged = halves[0]
        merged += halves[1]
        func differ(_ what: String) { violations.append("two halves merged: \(what) differ from one pass") }
        if merged.lines != whole.lines { differ("line counts \(merged.lines) and \(whole.lines)") }
        if sink.events != whole.lines.events { differ("events") }
        if merged.codes != whole.codes { differ("codes") }
        if merged.byDay != whole.byDay || merged.byHour != whole.byHour { differ("days or hours") }
        if merged.first != whole.first || merged.last != whole.last || merged.newestLine != whole.newestLine {
            differ("first, last or newest times")
        }
        if merged.details != whole.details { differ("reply details and their examples") }
        if merged.notUnderstoodExamples != whole.notUnderstoodExamples { differ("examples not understood") }
        for (a, b) in [(merged.authFailures, whole.authFailures), (merged.relayRefusals, whole.relayRefusals)]
            where a.inbound != b.inbound || a.outbound != b.outbound || a.byCode != b.byCode {
            differ("auth failures or relay refusals")
        }
        return violations
    }
}

/// Counts lines into two summaries cut at line `cut`, checking each line on the way.
final class SplitSink: LineSink {
    let cut: Int
    var halves: [ReplySummary]
    var events = 0
    var violations: [String] = []

    init(cut: Int, capacity: Int) {
        self.cut = cut
        halves = [ReplySummary(keyCapacity: capacity), ReplySummary(keyCapacity: capacity)]
    }

    func consume(_ line: UnsafeBufferPointer<UInt8>, number: Int, parsed: inout ParsedLine) {
        let half = number <= cut ? 0 : 1
        let local = half == 0 ? number : number - cut
        let text = LogText.display(line)
        let example = { LineExample(file: "fuzz-input", line: local, bytes: line) }
        if let bad = DisplayText.escaped(text).unicodeScalars.first(where: DisplayText.isUnsafe) {
            violations.append("line \(number): escaped text holds U+\(String(bad.value, radix: 16))")
        }
        if case .event(let raw) = parsed.kind {
            events += 1
            let event = raw.materialize(in: line, time: parsed.time)
            if !(200...599).contains(event.code) { violations.append("line \(number): code \(event.code)") }
            halves[half].record(event: raw, time: parsed.time, line: line, peer: raw.peerKey(in: line), example: example)
        } else {
            halves[half].record(parsed.kind, time: parsed.time, line: line, example: example)
        }
    }

    func consumeOversized(number: Int) {
        halves[number <= cut ? 0 : 1].recordOversized()
    }
}

/// Checks that hold for every finding, shared by the fuzzer and the tests.
public enum FindingChecks {
    /// The examples of `finding` that name none of its subjects: a finding shows its own
    /// subjects' lines, never someone else's. Names are compared without case (domains are
    /// kept lower-case), keys cut at their length limit by their kept part, and a line cut in
    /// the middle is not judged. A delivery failure whose line names no destination is listed
    /// under a placeholder (`DeliveryFailuresRule.unknownDestination`) that no line holds: a
    /// finding with it may show such a line.
    public static func examplesNamingNoSubject(_ finding: Finding) -> [LineExample] {
        guard finding.kind != .logStopped else { return [] }
        if finding.subjects.values.contains(where: { list in
            list.entries.contains { $0.name == DeliveryFailuresRule.unknownDestination }
        }) {
            return []
        }
        let names = finding.subjects.values.flatMap(\.entries).map { entry in
            (entry.name.hasSuffix(LogText.cutMark) ? String(entry.name.dropLast()) : entry.name).lowercased()
        }
        // Exim writes its own log with no program tag: a line of it is exim's own line.
        let exim = finding.subjects[.programs]?.entries.contains { $0.name == "exim" } == true
        return finding.examples.filter { example in
            let text = example.text.lowercased()
            guard !text.contains(LineExample.elision) else { return false }
            if exim, Self.isEximOwnFormat(example.text) { return false }
            return !names.contains { !$0.isEmpty && text.contains($0) }
        }
    }

    /// `2026-11-22 06:25:01 ...`: Exim's own stamp at the start of the line.
    static func isEximOwnFormat(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(20))
        return bytes.count == 20 && bytes[4] == 0x2D && bytes[7] == 0x2D && bytes[10] == 0x20 && bytes[13] == 0x3A
    }
}
