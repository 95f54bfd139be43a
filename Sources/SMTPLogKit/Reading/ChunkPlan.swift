#if canImport(Glibc)
import Glibc
#endif

/// How a large plain file is cut for reading on several cores: at line starts, and never
/// inside an Exim reject log entry (whose unstamped header lines belong to the entry above).
public struct ChunkPlan {
    var ranges: [Range<Int>]

    /// Files smaller than two of these are read whole: splitting costs more than it saves.
    public static let defaultMinimumChunk = 16 << 20

    /// Chunks of a file joined as they are read (`Analyzer.analyzeFolded`) taper down to this
    /// size on three cores or more, or past `defaultHalvingLimit` on two (`taperedCuts`: the
    /// first ones up to four times it, the last ones at most it): a
    /// chunk fills tables of its own until it is joined, and the tables of a 32 MB chunk of the
    /// 1 GB benchmark log take about a fifth of those of its half (the whole's distinct clients
    /// are spread over its chunks).
    public static let defaultMaximumChunk = 32 << 20

    /// Two workers read a file of at most this many bytes in halves, one chunk each, rather
    /// than in tapered chunks (`taperedCuts`). Every chunk past the first is read into tables
    /// grown from empty and joined to the total; at two workers that cost more than the taper
    /// saved. Two cores, GNU time, medians of alternate runs, halves against tapered chunks: the
    /// 1 GB benchmark log 1.31 s against 1.51 s (sixteen pairs), peaks of at most 61,824 and
    /// 60,868 KiB; the first 1.5 GiB of round eleven's 3 GB log 2.86 s against 3.39 s, 74,232
    /// and 70,456 KiB; the 3 GB log itself 4.46 s against 6.66 s but 94,268 and 84,356 KiB,
    /// hence the limit; the many-clients log 2.17 s against 2.67 s, 83,532 and 113,596 KiB (its
    /// small chunks fill their tables as the halves do, and more of them are held at once).
    /// Four workers in quarters peaked at 68,804 KiB on the 1 GB log, over the 64 MB it is
    /// allowed (tapered: 61,564): more workers taper.
    public static let defaultHalvingLimit = 3 << 29

    /// - Parameter maximumChunk: nil: one chunk per part, whatever their size.
    /// - Parameter halvingLimit: two workers read a file of at most this size in halves, even
    ///   with a `maximumChunk` (`defaultHalvingLimit`); 0: never.
    static func plan(path: String, size: Int, parts: Int, minimumChunk: Int = defaultMinimumChunk,
                     maximumChunk: Int? = nil, halvingLimit: Int = 0) -> ChunkPlan {
        let workers = max(1, min(parts, size / max(1, minimumChunk)))
        guard workers > 1 else { return ChunkPlan(ranges: [0..<size]) }
        var parts = workers
        let maximumChunk = workers == 2 && size <= halvingLimit ? nil : maximumChunk
        if let maximumChunk {
            let largest = max(maximumChunk, minimumChunk, 1)
            parts = max(parts, size / largest + (size % largest == 0 ? 0 : 1))
        }
        let targets: [Int]
        if parts > workers, let maximumChunk {
            targets = endingFinely(taperedCuts(size: size, workers: workers, chunk: max(maximumChunk, minimumChunk, 1)),
                                   size: size, workers: workers)
        } else {
            targets = (1..<parts).map { size * $0 / parts }
        }
        var starts = [0]
        for target in targets {
            if let start = lineStart(path: path, near: target), start > starts.last! {
                starts.append(start)
            }
        }
        var ranges: [Range<Int>] = []
        for (index, start) in starts.enumerated() {
            ranges.append(start..<(index + 1 < starts.count ? starts[index + 1] : size))
        }
        return ChunkPlan(ranges: ranges)
    }

    /// The last `workers` chunks are cut in this many each (`endingFinely`).
    static let endingSplit = 4

    /// `cuts` with the last `workers` chunks each cut in `endingSplit`: a worker that finds no
    /// chunk left waits for the others' last ones, and the report is made after them. On the 1 GB
    /// log on two cores (chunks of 32 MiB at the end, before two cores read it in halves), one
    /// core idled up to 90 ms at the end of the reading (perf, 10 ms buckets), half a chunk on
    /// average.
    static func endingFinely(_ cuts: [Int], size: Int, workers: Int) -> [Int] {
        let bounds = [0] + cuts + [size]
        guard bounds.count - 1 > workers else { return cuts }
        var finer = cuts
        for chunk in (bounds.count - 1 - workers)..<(bounds.count - 1) {
            let start = bounds[chunk], length = bounds[chunk + 1] - start
            for piece in 1..<endingSplit { finer.append(start + length * piece / endingSplit) }
        }
        return finer.sorted()
    }

    /// A chunk is at most this part of what is left of the file when it is cut...
    static let taperShare = 8
    /// ...and at most this many times the maximum chunk...
    static let taperLimit = 4
    /// ...within the file's first this many bytes: past them, a long log's total may be as large
    /// as it gets, and chunks of the maximum keep the peak where it was (a 3 GB log on two cores
    /// peaked at 83.7 to 85.6 MiB when its middle was read in chunks of 128 MiB, 79.0 to 81.0 MiB
    /// in chunks of 32 MiB throughout, 79.2 to 79.6 MiB tapered over its first GiB).
    static let taperSpan = 1 << 30

    /// Where to cut a large file whose chunks are joined as they are read: chunks taper from
    /// `taperLimit` times `chunk` down to `chunk`, each at most a `taperShare`th of what is left
    /// of the file's first `taperSpan` bytes, and the rest, once that share is at most `chunk`,
    /// is cut evenly as `staggeredCuts` does.
    /// The first `workers - 1` chunks are staggered as there, those of the taper first and the
    /// tail's after them when the taper made fewer.
    ///
    /// Why: every chunk costs a join and tables grown from empty. In chunks of 32 MiB the joins
    /// were 11% of a two-core run's samples (perf, the 1 GB log, which two cores now read in
    /// halves: `defaultHalvingLimit`) and page faults 5%; callgrind
    /// counted 14% more instructions than on one core. The peak of memory is at the end of a
    /// run, where the total's tables are largest (RSS sampled every 5 ms on the 1 GB log climbs
    /// from 23 to 58 MiB), not at its start: larger chunks early, when the total is small, take
    /// fewer joins, and on that log the peak did not rise (README, Speed and memory, round
    /// eleven), since the chunks near the end are as small as before. Whatever a log holds, a
    /// chunk's tables are bounded by their caps at any size, so the worst case is bounded as it
    /// was.
    static func taperedCuts(size: Int, workers: Int, chunk: Int) -> [Int] {
        var cuts: [Int] = []
        var at = 0
        var step = 1
        let span = min(size, taperSpan)
        while (span - at) / taperShare > chunk {
            var length = min((span - at) / taperShare, chunk * taperLimit)
            if step < workers {
                length = length * step / workers
                step += 1
            }
            at += length
            cuts.append(at)
        }
        let rest = size - at
        let parts = max(1, rest / chunk + (rest % chunk == 0 ? 0 : 1))
        // The stagger's steps the taper did not take, on the tail's first chunks.
        let tail = step < workers ? staggeredCuts(size: rest, parts: parts, workers: workers, fromStep: step)
            : (1..<parts).map { rest * $0 / parts }
        return cuts + tail.map { at + $0 }
    }

    /// Where to cut a file into `parts` chunks of one size, read by `workers` threads that
    /// each take the next chunk when done, its chunks joined as they are read: the first
    /// `workers - 1` chunks are 1/workers, 2/workers… of the size, so that the workers finish
    /// their chunks one after the other rather than together. Cut alike, they read in step,
    /// and each chunk was joined while the others' were nearly full beside it: the peak held
    /// the total and every worker's full chunk. Staggered, a chunk is joined while the next
    /// worker's is part read (on two cores, half: about half a chunk's tables less at the
    /// peak). The chunks are then one more at most, the last one what is left. `fromStep`: the
    /// steps before it were taken by chunks cut before these (`taperedCuts`).
    static func staggeredCuts(size: Int, parts: Int, workers: Int, fromStep: Int = 1) -> [Int] {
        let chunk = max(1, size / parts)
        var cuts: [Int] = []
        var at = 0
        for step in max(1, fromStep)..<max(1, fromStep, workers) {
            at += chunk * step / workers
            cuts.append(at)
        }
        while at + chunk < size {
            at += chunk
            cuts.append(at)
        }
        return cuts
    }

    /// How far past a cut its line start, and into a file its first month, are looked for
    /// (`inWindows`): first a small window, which holds one in any mail log, then the whole
    /// span. Each cut read a megabyte before the workers started, twenty of them for the 1 GB
    /// log; the answer is the same either way.
    static let lineStartWindows = [64 << 10, 1 << 20]

    /// What `find` finds in the file's bytes at `offset`: in a small window first, then in the
    /// whole span (`lineStartWindows`). A smaller window is given its whole lines only: its last
    /// line, cut by the window's end, could read as what the whole line is not. What is found in
    /// a smaller window is then what the whole span gives. Nil when no window holds it, or the
    /// file ends within one that does not.
    private static func inWindows<Found>(path: String, at offset: Int,
                                         _ find: (UnsafeBufferPointer<UInt8>) -> Found?) -> Found? {
        for (step, count) in lineStartWindows.enumerated() {
            let window = FileRangeSource.peek(path: path, at: offset, count: count)
            let endsFile = window.count < count
            let end = endsFile || step == lineStartWindows.count - 1 ? window.count
                : (window.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
            if let found = window.withUnsafeBufferPointer({ find(UnsafeBufferPointer(rebasing: $0[..<end])) }) {
                return found
            }
            // The file ends within the window: a larger one holds no more.
            if endsFile { return nil }
        }
        return nil
    }

    /// The first line after the one `offset` falls in (one starting at `offset` is passed over
    /// too) that starts with a known prefix and ends within a megabyte of `offset`.
    private static func lineStart(path: String, near offset: Int) -> Int? {
        inWindows(path: path, at: offset) { lineStart(in: $0, at: offset) }
    }

    /// The first line start in `bytes` (read at `offset`) after the partial line the offset
    /// fell into, whose line ends within them and starts with a known prefix.
    private static func lineStart(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        var cursor = 0
        // Skip the partial line the offset fell into.
        while cursor < bytes.count, bytes[cursor] != 0x0A { cursor += 1 }
        cursor += 1
        while cursor < bytes.count {
            var end = cursor
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            if end == bytes.count { return nil }
            let line = UnsafeBufferPointer(rebasing: bytes[cursor..<end])
            if LinePrefix.parse(line) != nil { return offset + cursor }
            cursor = end + 1
        }
        return nil
    }

    /// The month of the first syslog-stamped line within the file's first megabyte, so that
    /// `--year` dates every chunk alike.
    static func firstSyslogMonth(path: String) -> Int? {
        inWindows(path: path, at: 0) { firstSyslogMonth($0) }
    }

    /// The month of the first syslog-stamped line of `bytes` (a file's head, or the first
    /// segment of a decompressed stream).
    static func firstSyslogMonth(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var cursor = 0
        while cursor < bytes.count {
            var end = cursor
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[cursor..<end])
            if let prefix = LinePrefix.parse(line), prefix.format == .syslog, let time = prefix.time, time.year == 0 {
                return time.month
            }
            cursor = end + 1
        }
        return nil
    }
}
