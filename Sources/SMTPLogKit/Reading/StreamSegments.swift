import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// How a compressed input is parsed on several cores. Its decompressed stream cannot be entered
/// in the middle as a plain file's chunks are, so the calling thread decompresses it and cuts it
/// into segments of about `segmentSize` bytes, at line starts (the same lines `ChunkPlan` cuts
/// before: never inside an Exim reject log entry), and worker threads parse the segments as
/// chunks of a file are parsed: each into accumulators of its own, joined in order with `+`.
/// Parsing a gzip stream costs about three times its inflating (ISA-L), so on one core beside
/// its decoder the parse is the whole run's time; on `threads` cores it is shared.
///
/// Memory is bounded in bytes: at most `threads` segments are parsed or wait to be joined, one
/// is being filled, and each joined result is let go at once.
///
/// The result is the one reading the stream in one pass gives: line numbers move on past the
/// segments before, every segment dates its lines from the month of the stream's first syslog
/// line (as chunks do with `--year`), and what ends the stream (its end, or the decoder's error
/// after the bytes it did give) ends the last segment, so that an error names the same line
/// and the good part before it is kept. The decoder's warnings and the compressed bytes read
/// are the input's, as in one pass.
///
/// Only from three cores on (`minimumThreads`). Each segment fills tables of its own from empty,
/// in fresh pages, and is joined to the ones before: on two cores that cost more than the
/// second core gave. The 1 GB benchmark log gzipped, `--threads 2 --format json`: 3.2 to 3.3 s
/// and 62 MiB in segments (4.2 to 4.6 s of user time and 0.8 to 0.9 of system time, where one
/// core takes 3.0 s in all), 2.3 to 2.7 s and 51 MiB parsed in one pass on one core beside
/// its decoder (`ReadAheadSource`); zstd, xz and bzip2 likewise (README, Speed and memory).
/// The decoder then takes about a third of one core and the parse all of the other: with a
/// third core, segments share the parse where one pass cannot.
enum StreamSegments {
    static let defaultSegmentSize = 4 << 20
    /// The fewest threads with which a compressed input is parsed in segments.
    static let minimumThreads = 3

    /// Whether an input is parsed in segments: a compressed one read from its start, by a run
    /// of at least `minimumThreads` whose cores would otherwise idle (it has fewer jobs than
    /// threads). Otherwise it is read in one pass, beside its decoder when the run has cores
    /// for both.
    static func pays(threads: Int, coresIdle: Bool, compressed: Bool, resuming: Bool) -> Bool {
        threads >= minimumThreads && coresIdle && compressed && !resuming
    }

    /// The start of the last complete line of `bytes` that opens with a known prefix, when it
    /// is not the first: where the segment may end. Nil when there is none.
    static func cut(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        // The last newline before `end`, looked for from the end (lines are short).
        func newline(before end: Int) -> Int? {
            var at = end - 1
            while at >= 0 {
                if bytes[at] == 0x0A { return at }
                at -= 1
            }
            return nil
        }
        // The end of a complete line whose start is sought.
        guard var lineEnd = newline(before: bytes.count) else { return nil }
        while lineEnd > 0 {
            guard let before = newline(before: lineEnd) else { return nil }
            let start = before + 1
            if LinePrefix.parse(UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])) != nil { return start }
            lineEnd = before
        }
        return nil
    }
}

/// What ended the filling of a segment.
private enum SegmentEnd {
    /// A line start was found to cut at.
    case cut(Int)
    /// The stream ended.
    case end
    /// The decoder failed after the bytes given.
    case failed(Error)
    /// No line start within the segment's limit (one very long line): the rest of the stream
    /// is read in one pass.
    case tooLong
}

extension Analyzer {
    /// Reads a compressed `input` in segments parsed on `options.threads` cores (`StreamSegments`).
    func analyzeSegments(_ input: OpenedInput, firstMonth: Int?, beginsRun: Bool) -> InputResult {
        var quiet = self
        // Progress is counted once, on the compressed bytes the decoder takes.
        quiet.options.progress = nil
        let parser = quiet
        var stream: ByteSource = input.source
        if let progress = options.progress { stream = ProgressSource(upstream: stream, progress: progress) }
        let segmentSize = min(max(options.segmentSize, 1), 1 << 30)
        // Room for a line longer than the reader takes, beyond a segment's worth of lines.
        let limit = 2 * segmentSize + max(options.maxLineLength, 0) + 1
        let results = SegmentResults()
        let name = input.name, modificationTime = input.modificationTime, compression = input.compression
        var firstMonth = firstMonth
        var join = PartJoin()
        var dispatched = 0, joined = 0
        var carry: [UInt8] = []
        var offset = input.contentOffset

        // Joins the results that are ready, in order; with `room`, first waits until fewer
        // than `threads` segments are parsed or wait to be joined.
        func joinReady(room: Bool) {
            while true {
                let full = room && dispatched - joined >= options.threads
                // Popped, not iterated: a part still held by the array would be copied as it is joined.
                var parts = results.take(from: joined, waiting: full)
                parts.reverse()
                while let part = parts.popLast() {
                    join.append(part)
                    joined += 1
                }
                if !full { return }
            }
        }

        while true {
            var end = SegmentEnd.end
            // In a mapping of its own, given back as it is parsed (`SegmentBytes`).
            let segment = SegmentBytes(capacity: max(limit, carry.count))
            segment.append(carry)
            var want = max(segmentSize, segment.count + 1)
            filling: while true {
                do {
                    while segment.count < want {
                        let n = try stream.read(into: segment.room(upTo: want))
                        if n == 0 {
                            end = .end
                            break filling
                        }
                        segment.didFill(n)
                    }
                } catch {
                    end = .failed(error)
                    break filling
                }
                if let at = StreamSegments.cut(segment.bytes) {
                    end = .cut(at)
                    break filling
                }
                if want >= segment.capacity {
                    end = .tooLong
                    break filling
                }
                want = min(segment.capacity, want + segmentSize)
            }
            if case .cut(let at) = end {
                carry = Array(segment.bytes[at...])
                segment.cut(at: at)
            } else {
                carry = []
            }
            let first = dispatched == 0
            if first, options.startingYear != nil, firstMonth == nil {
                firstMonth = ChunkPlan.firstSyslogMonth(segment.bytes)
            }
            let months = firstMonth, start = offset
            offset += segment.count
            if case .tooLong = end {
                // Read here, on the thread that owns the stream, while earlier segments are parsed.
                let opened = OpenedInput(name: name, source: PrefixedSource(prefix: Array(segment.bytes), upstream: stream),
                                         decoder: SegmentFormat(compression), modificationTime: modificationTime,
                                         size: nil, identity: nil, contentOffset: start)
                results.store(parser.analyze(opened, firstMonth: months, beginsRun: beginsRun && first), at: dispatched)
                dispatched += 1
                break
            }
            joinReady(room: true)
            if case .failed(let error) = end { segment.failure = error }
            let index = dispatched
            DispatchQueue.global().async {
                let opened = OpenedInput(name: name, source: segment, decoder: SegmentFormat(compression),
                                         modificationTime: modificationTime, size: nil, identity: nil, contentOffset: start)
                results.store(parser.analyze(opened, firstMonth: months, beginsRun: beginsRun && first), at: index)
            }
            dispatched += 1
            if case .cut = end { continue }
            break
        }
        while joined < dispatched {
            var parts = results.take(from: joined, waiting: true)
            parts.reverse()
            while let part = parts.popLast() {
                join.append(part)
                joined += 1
            }
        }
        var result = join.result!
        result.segments = dispatched
        result.name = name
        result.compression = compression
        result.isCompressed = compression != nil
        result.bytesRead = input.source.consumedBytes
        result.warnings = input.warningsAfterReading().map { InputDiagnostic(input: name.description, line: nil, message: $0) }
        return result
    }
}

/// A segment's bytes are the decompressed content of its input: it reads as compressed (no
/// partial last line held back), without warnings of its own (the input's are reported once).
private final class SegmentFormat: DecompressionStatus {
    let format: Compression
    var warnings: [String] { [] }
    init?(_ format: Compression?) {
        guard let format else { return nil }
        self.format = format
    }
}

/// The segments' results, stored by their workers and taken in order by the joining thread.
private final class SegmentResults: @unchecked Sendable {
    private var slots: [Int: InputResult] = [:]
    private var lock = pthread_mutex_t()
    private var stored = pthread_cond_t()

    init() {
        pthread_mutex_init(&lock, nil)
        pthread_cond_init(&stored, nil)
    }

    deinit {
        pthread_cond_destroy(&stored)
        pthread_mutex_destroy(&lock)
    }

    func store(_ result: InputResult, at index: Int) {
        pthread_mutex_lock(&lock)
        slots[index] = result
        pthread_cond_broadcast(&stored)
        pthread_mutex_unlock(&lock)
    }

    /// The results from `index` on that are ready, in order, taken out; with `waiting`, at
    /// least the one at `index`.
    func take(from index: Int, waiting: Bool) -> [InputResult] {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        while waiting, slots[index] == nil { pthread_cond_wait(&stored, &lock) }
        var ready: [InputResult] = []
        var next = index
        while let result = slots.removeValue(forKey: next) {
            ready.append(result)
            next += 1
        }
        return ready
    }
}
