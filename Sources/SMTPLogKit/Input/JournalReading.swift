#if canImport(Glibc)
import Glibc
#endif

extension Analyzer {
    /// Reads the mail entries of a systemd journal through the same line loop, parser and
    /// rules as a file (see `JournalSource`), and says where the reading stopped.
    ///
    /// - Parameter position: where the last `--state` run stopped: reading continues with the
    ///   entry after its cursor, and line numbers go on from its count.
    /// - Returns: the input's result (named `journal`, `journal:DIR` or `journal:FILE`), and the
    ///   position to save; nil when no entry was passed, so that the last one stands.
    public func analyze(journal selection: JournalSelection, after position: JournalPosition?)
        -> (result: InputResult, position: JournalPosition?) {
        let name = selection.name
        #if os(Linux)
        let source: JournalSource
        do {
            source = try JournalSource(selection, window: options.window, after: position?.cursor,
                                       maxLineLength: options.maxLineLength)
        } catch {
            return (failed(name, error.description), nil)
        }
        // The progress bar counts the files' bytes; the journal's size says nothing about
        // how much of it is mail, so it is not counted.
        var reader = self
        reader.options.progress = nil
        let opened = OpenedInput(name: name, source: source, modificationTime: nil, size: nil)
        var result = reader.analyze(opened, start: position.map { StartPoint(offset: 0, lines: $0.lines) })
        result.warnings += source.notes.map { InputDiagnostic(input: name.description, line: nil, message: $0) }
        let lines = (position?.lines ?? 0) + result.summary.lines.read
        return (result, source.endCursor.map { JournalPosition(cursor: $0, lines: min(lines, ReadState.maximumOffset)) })
        #else
        return (failed(name, "the systemd journal is read on Linux only"), nil)
        #endif
    }

    private func failed(_ name: InputName, _ message: String) -> InputResult {
        var result = InputResult(name: name, summary: ReplySummary(keyCapacity: options.keyCapacity),
                                 rules: options.rules.makeAccumulators(capacity: options.keyCapacity),
                                 isCompressed: false, bytesRead: 0, error: nil)
        result.error = InputDiagnostic(input: name.description, line: nil, message: message)
        return result
    }
}
