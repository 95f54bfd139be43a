/// `smtplog trace` reads its inputs one after the other through one sink, on one thread: a
/// message's lines run across rotated files (deferred today, delivered after the rotation), so
/// the files are read in order (`RotatedSet.order`, oldest first) and the sink goes on from
/// one to the next.
extension Analyzer {
    public func trace(_ query: TraceQuery, inputs names: [InputName], journal: JournalSelection? = nil) -> TraceReport {
        let sink = MessageTraceSink(query: query)
        var report = TraceReport(query: query, messages: [])
        for name in names {
            report.inputs.append(name.description)
            // A file wholly outside --day/--since/--until is not read at all.
            if skipIfOutsideWindow(name) != nil { continue }
            let opened: OpenedInput
            do {
                opened = try OpenedInput.open(name)
            } catch {
                report.errors.append(InputDiagnostic(input: name.description, line: nil,
                                                     message: (error as? InputError)?.description ?? "\(error)"))
                continue
            }
            let firstMonth = options.startingYear == nil || name.isStandardInput ? nil : ChunkPlan.firstSyslogMonth(path: name.path)
            read(opened, into: sink, firstMonth: firstMonth, report: &report)
        }
        if let journal {
            report.inputs.append(journal.name.description)
            #if os(Linux)
            do {
                let source = try JournalSource(journal, window: options.window, after: nil, maxLineLength: options.maxLineLength)
                read(OpenedInput(name: journal.name, source: source, modificationTime: nil, size: nil), into: sink,
                     firstMonth: nil, report: &report)
                report.warnings += source.notes.map { InputDiagnostic(input: journal.name.description, line: nil, message: $0) }
            } catch {
                report.errors.append(InputDiagnostic(input: journal.name.description, line: nil, message: error.description))
            }
            #else
            report.errors.append(InputDiagnostic(input: journal.name.description, line: nil,
                                                 message: "the systemd journal is read on Linux only"))
            #endif
        }
        report.messages = sink.traces
        report.notShown = sink.notShown
        report.notShownIsLowerBound = sink.notShownIsLowerBound
        report.linesRead = sink.linesRead
        return report
    }

    /// Reads a log already in memory (a test's), as `analyze(bytes:)` does.
    public func trace(_ query: TraceQuery, bytes: [UInt8], name: InputName = .standardInput) -> TraceReport {
        let sink = MessageTraceSink(query: query)
        var report = TraceReport(query: query, messages: [], inputs: [name.description])
        read(OpenedInput(name: name, source: MemorySource(bytes), modificationTime: nil, size: bytes.count), into: sink,
             firstMonth: nil, report: &report)
        report.messages = sink.traces
        report.notShown = sink.notShown
        report.notShownIsLowerBound = sink.notShownIsLowerBound
        report.linesRead = sink.linesRead
        return report
    }

    private func read(_ input: OpenedInput, into sink: MessageTraceSink, firstMonth: Int?, report: inout TraceReport) {
        let name = input.name.description
        sink.inputName = name
        let loop = LineLoop(reader: LineReader(bufferSize: options.bufferSize, maxLineLength: options.maxLineLength),
                            parser: LineParser(years: yearPolicy(for: input, firstMonth: firstMonth), window: options.window))
        let outcome = loop.run(input.source, into: sink)
        if let error = outcome.error {
            report.errors.append(InputDiagnostic(input: name, line: outcome.lastLine + 1,
                                                 message: (error as? InputError)?.description ?? "\(error)"))
        }
        report.warnings += input.warningsAfterReading().map { InputDiagnostic(input: name, line: nil, message: $0) }
    }
}
