/// Where the one line loop hands each line, once parsed: the report's summary and rules, the
/// verdicts of `smtplog lines`, a fuzzer's checks. Modelled on ripgrep's sink: the loop reads
/// and classifies, the sink decides what a line is worth to it.
///
/// A class, so that the loop's closure reaches the sink's state through one reference instead
/// of boxed captured variables.
public protocol LineSink: AnyObject {
    /// A line and what the parser made of it, both valid only during the call. `parsed` is the
    /// loop's own storage, lent for the call: `inout` so that its 224 bytes are not copied
    /// again for every line (a borrowed parameter still was, whole, at the call); a sink reads it.
    func consume(_ line: UnsafeBufferPointer<UInt8>, number: Int, parsed: inout ParsedLine)
    /// A line longer than the limit: skipped, never held whole.
    func consumeOversized(number: Int)
}

/// Reads lines from a source, parses each, and hands them to a sink: the only line loop there
/// is, so that a report, `smtplog lines` and the fuzzer read a log the same way.
public struct LineLoop {
    public let reader: LineReader
    public let parser: LineParser

    public init(reader: LineReader, parser: LineParser) {
        self.reader = reader
        self.parser = parser
    }

    /// Feeds every line of `source` to `sink`. Returns the number of content bytes through the
    /// last complete line, and the number of the last line read, also when reading failed.
    public func run<Sink: LineSink>(_ source: ByteSource, into sink: Sink, holdingPartialLine: Bool = false)
        -> (through: Int, lastLine: Int, error: Error?) {
        let parser = self.parser
        var lastLine = 0
        // Kept up to date as lines go by: when the file is cut while it is read, an incremental
        // run resumes right after the lines counted here.
        var through = 0
        // One for the whole run, lent to the parser and the sink line after line: the parser
        // writes every field of it. Made afresh for each line, its 224 bytes were zeroed on
        // every line (about 20 instructions, callgrind); the closure does not escape, so it
        // reaches this one by address, as it does `lastLine`.
        var parsed = ParsedLine(kind: .blank, time: nil, format: .none)
        do {
            try reader.forEachLine(in: source, holdingPartialLine: holdingPartialLine, countedThrough: &through) { line, info in
                lastLine = info.number
                if info.isOversized {
                    sink.consumeOversized(number: info.number)
                } else {
                    parser.parse(line, into: &parsed)
                    sink.consume(line, number: info.number, parsed: &parsed)
                }
            }
            return (through, lastLine, nil)
        } catch {
            return (through, lastLine, error)
        }
    }
}
