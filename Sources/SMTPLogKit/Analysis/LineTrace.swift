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
    public func trace(_ input: OpenedInput, _ body: (LineVerdict) -> Void) -> InputDiagnostic? {
        let parser = LineParser(years: yearPolicy(for: input, firstMonth: nil))
        let reader = LineReader(bufferSize: options.bufferSize, maxLineLength: options.maxLineLength)
        var lastLine = 0
        do {
            try reader.forEachLine(in: input.source) { line, info in
                lastLine = info.number
                if info.isOversized {
                    body(LineVerdict(line: info.number, kind: .oversized, event: nil, text: ""))
                    return
                }
                let parsed = parser.parse(line)
                let text = DisplayText.fromLog(line)
                switch parsed.kind {
                case .event(let raw):
                    body(LineVerdict(line: info.number, kind: .event, event: raw.materialize(in: line, time: parsed.time), text: text))
                case .nonEvent: body(LineVerdict(line: info.number, kind: .understood, event: nil, text: text))
                case .notUnderstood: body(LineVerdict(line: info.number, kind: .notUnderstood, event: nil, text: text))
                case .otherProgram: body(LineVerdict(line: info.number, kind: .otherProgram, event: nil, text: text))
                case .continuation: body(LineVerdict(line: info.number, kind: .continuation, event: nil, text: text))
                case .unrecognized: body(LineVerdict(line: info.number, kind: .unrecognized, event: nil, text: text))
                case .blank: body(LineVerdict(line: info.number, kind: .blank, event: nil, text: text))
                case .outsideWindow: body(LineVerdict(line: info.number, kind: .outsideWindow, event: nil, text: text))
                }
            }
        } catch {
            return InputDiagnostic(input: input.name.description, line: lastLine + 1, message: "\(error)")
        }
        return nil
    }
}
