/// One line's verdict, for `smtplog lines`: how the tool read each line, so that an
/// administrator (or a test) can see why a line was or was not counted.
public struct LineVerdict: Sendable {
    public enum Kind: String, Sendable, Codable {
        case event, understood = "no-reply", notUnderstood = "not-understood", otherProgram = "other-program",
             continuation, unrecognized, blank, oversized, outsideWindow = "outside-window"
    }
    public var line: Int
    public var kind: Kind
    public var event: ReplyEvent?
    public var text: String
}

extension Analyzer {
    /// Reads `input` and hands every line's verdict to `body`, in order.
    public func trace(_ input: OpenedInput, _ body: @escaping (LineVerdict) -> Void) -> InputDiagnostic? {
        let loop = LineLoop(reader: LineReader(bufferSize: options.bufferSize, maxLineLength: options.maxLineLength),
                            parser: LineParser(years: yearPolicy(for: input, firstMonth: nil)))
        let outcome = loop.run(input.source, into: TraceSink(body))
        guard let error = outcome.error else { return nil }
        return InputDiagnostic(input: input.name.description, line: outcome.lastLine + 1,
                               message: (error as? InputError)?.description ?? "\(error)")
    }
}

/// The sink of `smtplog lines`: each line's verdict, with its event made into strings.
final class TraceSink: LineSink {
    let body: (LineVerdict) -> Void

    init(_ body: @escaping (LineVerdict) -> Void) { self.body = body }

    func consume(_ line: UnsafeBufferPointer<UInt8>, number: Int, parsed: inout ParsedLine) {
        let text = LogText.display(line)
        let kind: LineVerdict.Kind
        var event: ReplyEvent?
        switch parsed.kind {
        case .event(let raw):
            kind = .event
            event = raw.materialize(in: line, time: parsed.time)
        case .nonEvent, .notice: kind = .understood
        case .notUnderstood: kind = .notUnderstood
        case .otherProgram: kind = .otherProgram
        case .continuation: kind = .continuation
        case .unrecognized: kind = .unrecognized
        case .blank: kind = .blank
        case .outsideWindow: kind = .outsideWindow
        }
        body(LineVerdict(line: number, kind: kind, event: event, text: text))
    }

    func consumeOversized(number: Int) {
        body(LineVerdict(line: number, kind: .oversized, event: nil, text: ""))
    }
}
