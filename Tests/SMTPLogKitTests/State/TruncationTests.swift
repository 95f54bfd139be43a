import Foundation
import Testing
@testable import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// logrotate's `copytruncate` while an incremental run reads the log: the lines before the cut
/// are counted once, the rest is found in the copy next time, and line numbers stay right.
@Suite("Truncation during an incremental run", .serialized)
struct TruncationTests {
    /// Passes its upstream's bytes on, and once `after` bytes went by does what logrotate's
    /// copytruncate does to the file being read: copies it to `PATH.1` and truncates it.
    final class CopyTruncateSource: ByteSource {
        let upstream: ByteSource
        let path: String
        let after: Int
        private var passed = 0
        private(set) var cut = false

        init(upstream: ByteSource, path: String, after: Int) {
            self.upstream = upstream
            self.path = path
            self.after = after
        }

        var consumedBytes: Int { upstream.consumedBytes }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            if !cut, passed >= after {
                cut = true
                try? FileManager.default.removeItem(atPath: path + ".1")
                try FileManager.default.copyItem(atPath: path, toPath: path + ".1")
                precondition(truncate(path, 0) == 0)
            }
            let n = try upstream.read(into: buffer)
            passed += n
            return n
        }
    }

    static let options: AnalysisOptions = {
        var options = AnalysisOptions(startingYear: 2026)
        options.holdsPartialLines = true
        // Small reads, so that the cut falls in the middle of the file.
        options.bufferSize = 16 << 10
        return options
    }()

    /// One `--state` run over `path`, as the command runs it, with the file cut after `cutAfter`
    /// bytes of this run's reading (nil: not cut).
    static func run(_ path: String, state: String, cutAfter: Int?) throws -> (result: InputResult, cut: Bool) {
        let incremental = IncrementalRun(state: try ReadState.load(path: state), names: [InputName(path)])
        var options = options
        options.starts = incremental.starts
        let analyzer = Analyzer(options: options)
        let result: InputResult
        var cut = false
        if let cutAfter {
            // What Analyzer.analyze(_ name:) does, with the source wrapped.
            let start = incremental.starts[path].flatMap { $0.offset > 0 ? $0 : nil }
            let opened = try start.map { try OpenedInput.open(InputName(path), resumingAt: $0.offset) } ?? OpenedInput.open(InputName(path))
            let source = CopyTruncateSource(upstream: opened.source, path: path, after: cutAfter)
            let wrapped = OpenedInput(name: opened.name, source: source, decoder: nil, modificationTime: opened.modificationTime,
                                      size: opened.size, identity: opened.identity, contentOffset: opened.contentOffset)
            result = analyzer.analyze(wrapped, start: start)
            cut = source.cut
        } else {
            result = analyzer.analyze(incremental.names)[0]
        }
        try incremental.nextState(after: [result]).save(path: state)
        return (result, cut)
    }

    /// Line numbers of the 554 examples: each 554 line of the synthetic log is line 7k+2.
    static func examplesAreOwnLines(_ summaries: [ReplySummary]) -> Bool {
        summaries.allSatisfy { summary in
            (summary.detail(ReplyKey(code: 554, direction: .inbound))?.examples ?? []).allSatisfy { ($0.line - 2) % 7 == 0 }
        }
    }

    @Test("a first run cut mid-read: its lines are in the state, and the copy and the new log give the rest once")
    func firstRunCut() throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("mail.log", SyntheticMailLog.lines(0..<6_000))
        let state = folder.path("state")
        let cut = try TruncationTests.run(log, state: state, cutAfter: 200 << 10)
        #expect(cut.cut)
        #expect(cut.result.error?.message.contains("file shrank while it was read") == true)
        let counted = cut.result.summary.lines.read
        #expect(counted > 1_000 && counted < 6_000)
        let saved = try #require(try ReadState.load(path: state))
        #expect(saved.files.count == 1, "the state remembers how far the cut file was read (it was 'files: []')")
        #expect(saved.files.first?.lines == counted)
        #expect(saved.files.first?.offset == SyntheticMailLog.lines(0..<counted).utf8.count)
        // The writer goes on in the truncated log.
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(6_000..<7_000))
        // The rest of the copy was not named: the run finds it itself.
        let incremental = IncrementalRun(state: saved, names: [InputName(log)])
        #expect(incremental.names.map(\.path) == [log + ".1", log])
        let rest = Analyzer(options: { var o = TruncationTests.options; o.starts = incremental.starts; return o }()).analyze(incremental.names)
        #expect(rest[0].summary.lines.read == 6_000 - counted, "the copy from where the cut run stopped")
        #expect(rest[1].summary.lines.read == 1_000, "the new log from its start")
        #expect(counted + rest.map(\.summary.lines.read).reduce(0, +) == 7_000, "every line once")
        #expect(TruncationTests.examplesAreOwnLines([cut.result.summary, rest[0].summary]))
    }

    @Test("a later run cut mid-read: the state moves to the cut, not back to the old offset with the new line count")
    func laterRunCut() throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("mail.log", SyntheticMailLog.lines(0..<2_000))
        let state = folder.path("state")
        let first = try TruncationTests.run(log, state: state, cutAfter: nil)
        #expect(first.result.summary.lines.read == 2_000)
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(2_000..<8_000))
        let cut = try TruncationTests.run(log, state: state, cutAfter: 200 << 10)
        #expect(cut.cut && cut.result.error != nil)
        let counted = cut.result.summary.lines.read
        #expect(counted > 1_000 && counted < 6_000)
        let saved = try #require(try ReadState.load(path: state)?.files.first)
        #expect(saved.lines == 2_000 + counted)
        #expect(saved.offset == SyntheticMailLog.lines(0..<(2_000 + counted)).utf8.count, "offset and line count agree")
        #expect(cut.result.error?.line == 2_000 + counted + 1, "the message names the file's own line")
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(8_000..<9_000))
        // Both named this time, as a glob names them.
        let incremental = IncrementalRun(state: try ReadState.load(path: state), names: RotatedSet.order([InputName(log), InputName(log + ".1")]).names)
        var options = TruncationTests.options
        options.starts = incremental.starts
        let rest = Analyzer(options: options).analyze(incremental.names)
        #expect(rest.map(\.name.path) == [log + ".1", log])
        #expect(rest[0].summary.lines.read == 6_000 - counted)
        #expect(rest[1].summary.lines.read == 1_000)
        let total = first.result.summary.lines.read + counted + rest.map(\.summary.lines.read).reduce(0, +)
        #expect(total == 9_000, "none counted twice: \(total)")
        #expect(TruncationTests.examplesAreOwnLines([cut.result.summary, rest[0].summary]))
    }

    @Test("cut after the state's look at the file and before it is opened: nothing counted, and the copy is read in full next time")
    func cutBeforeOpen() throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("mail.log", SyntheticMailLog.lines(0..<3_000))
        let state = folder.path("state")
        let incremental = IncrementalRun(state: nil, names: [InputName(log)])
        try FileManager.default.copyItem(atPath: log, toPath: log + ".1")
        #expect(truncate(log, 0) == 0)
        let results = Analyzer(options: TruncationTests.options).analyze(incremental.names)
        #expect(results[0].summary.lines.read == 0)
        try incremental.nextState(after: results).save(path: state)
        let saved = try #require(try ReadState.load(path: state)?.files.first, "the file is remembered although nothing was counted")
        #expect(saved.offset == 0 && saved.lines == 0 && saved.fingerprintLength == ContentHead.length)
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(3_000..<3_500))
        let next = IncrementalRun(state: try ReadState.load(path: state), names: [InputName(log)])
        #expect(next.names.map(\.path) == [log + ".1", log], "the copy is found although only the log is named")
        let rest = Analyzer(options: TruncationTests.options).analyze(next.names)
        #expect(rest.map(\.summary.lines.read) == [3_000, 500])
    }

    @Test("cut and written again between the state's look and the open, on a first run: the new lines are counted once")
    func rewrittenBeforeOpen() throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("mail.log", SyntheticMailLog.lines(0..<3_000))
        let state = folder.path("state")
        let incremental = IncrementalRun(state: nil, names: [InputName(log)])
        try FileManager.default.copyItem(atPath: log, toPath: log + ".1")
        #expect(truncate(log, 0) == 0)
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(3_000..<3_500))
        let results = Analyzer(options: TruncationTests.options).analyze(incremental.names)
        #expect(results[0].summary.lines.read == 500)
        try incremental.nextState(after: results).save(path: state)
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(3_500..<3_800))
        let next = IncrementalRun(state: try ReadState.load(path: state), names: [InputName(log)])
        #expect(next.starts[log]?.lines == 500, "the state describes the content that was read")
        var options = TruncationTests.options
        options.starts = next.starts
        #expect(Analyzer(options: options).analyze(next.names).map(\.summary.lines.read) == [300])
    }

    @Test("a file split across cores and cut while read: nothing past the first cut chunk is counted, so the state's offset covers exactly the lines reported")
    func chunksCut() throws {
        let folder = try TemporaryFolder()
        let text = SyntheticMailLog.lines(0..<30_000)
        let bytes = Array(text.utf8)
        var attempt = 0
        while attempt < 3 {
            attempt += 1
            let log = try folder.write("mail.log", bytes)
            var options = TruncationTests.options
            options.threads = 2
            options.minimumChunk = 256 << 10
            // Small reads, so that the cut lands while both chunks are being read however fast
            // the machine is.
            options.bufferSize = 4 << 10
            let progress = ReadProgress(total: bytes.count)
            options.progress = progress
            let incremental = IncrementalRun(state: nil, names: [InputName(log)])
            // Cut to a quarter once a third was read: inside the first chunk, after the second
            // one has counted some of its lines.
            let cutDone = DispatchSemaphore(value: 0)
            let size = bytes.count
            DispatchQueue.global().async {
                while progress.completed < size / 3 { usleep(100) }
                truncate(log, off_t(size / 4))
                cutDone.signal()
            }
            let result = Analyzer(options: options).analyze(incremental.names)[0]
            cutDone.wait()
            guard result.error != nil else { continue }  // read to the end before the cut: again
            #expect(result.error?.message.contains("file shrank while it was read") == true)
            let before = bytes[..<result.resumeOffset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            #expect(result.summary.lines.read == before, "the lines reported are the lines before the resume offset")
            #expect(result.resumeOffset < size / 2, "inside the first chunk")
            let entry = try #require(incremental.nextState(after: [result]).files.first)
            #expect(entry.offset == result.resumeOffset && entry.lines == before)
            return
        }
        Issue.record("the file was read to its end before it could be cut, three times")
    }

    @Test("the reader's resume offset is the end of the last line handed out, also when the source throws")
    func countedThroughOnError() throws {
        final class Failing: ByteSource {
            let bytes: [UInt8]
            var offset = 0
            init(_ text: String) { bytes = Array(text.utf8) }
            var consumedBytes: Int { offset }
            func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                guard offset < bytes.count else { throw InputError("gone") }
                let n = min(7, bytes.count - offset, buffer.count)
                buffer.copyBytes(from: bytes[offset..<(offset + n)])
                offset += n
                return n
            }
        }
        var through = -1
        var lines = 0
        #expect(throws: InputError("gone")) {
            try LineReader(bufferSize: 8).forEachLine(in: Failing("one\ntwo\nthree\nfour-and-a-half"), countedThrough: &through) { _, _ in lines += 1 }
        }
        #expect(lines == 3)
        #expect(through == "one\ntwo\nthree\n".utf8.count)
    }
}
