#if canImport(Glibc)
import Glibc
#endif

/// How a large plain file is cut for reading on several cores: at line starts, and never
/// inside an Exim reject log entry (whose unstamped header lines belong to the entry above).
public struct ChunkPlan {
    var ranges: [Range<Int>]

    /// Files smaller than two of these are read whole: splitting costs more than it saves.
    public static let defaultMinimumChunk = 16 << 20

    /// Chunks of a file joined as they are read (`Analyzer.analyzeFolded`) are at most this
    /// large: a chunk fills tables of its own until it is joined, and the tables of a 32 MB
    /// chunk of the 1 GB benchmark log take about a fifth of those of its half (the whole's
    /// distinct clients are spread over its chunks), while 32 joins cost little beside reading.
    public static let defaultMaximumChunk = 32 << 20

    /// - Parameter maximumChunk: nil: one chunk per part, whatever their size.
    static func plan(path: String, size: Int, parts: Int, minimumChunk: Int = defaultMinimumChunk,
                     maximumChunk: Int? = nil) -> ChunkPlan {
        let workers = max(1, min(parts, size / max(1, minimumChunk)))
        guard workers > 1 else { return ChunkPlan(ranges: [0..<size]) }
        var parts = workers
        if let maximumChunk {
            let largest = max(maximumChunk, minimumChunk, 1)
            parts = max(parts, size / largest + (size % largest == 0 ? 0 : 1))
        }
        let targets = parts > workers ? staggeredCuts(size: size, parts: parts, workers: workers)
            : (1..<parts).map { size * $0 / parts }
        var starts = [0]
        for target in targets {
            if let start = lineStart(path: path, near: target, size: size), start > starts.last! {
                starts.append(start)
            }
        }
        var ranges: [Range<Int>] = []
        for (index, start) in starts.enumerated() {
            ranges.append(start..<(index + 1 < starts.count ? starts[index + 1] : size))
        }
        return ChunkPlan(ranges: ranges)
    }

    /// Where to cut a file into `parts` chunks of one size, read by `workers` threads that
    /// each take the next chunk when done, its chunks joined as they are read: the first
    /// `workers - 1` chunks are 1/workers, 2/workers… of the size, so that the workers finish
    /// their chunks one after the other rather than together. Cut alike, they read in step,
    /// and each chunk was joined while the others' were nearly full beside it: the peak held
    /// the total and every worker's full chunk. Staggered, a chunk is joined while the next
    /// worker's is part read (on two cores, half: about half a chunk's tables less at the
    /// peak). The chunks are then one more at most, the last one what is left.
    static func staggeredCuts(size: Int, parts: Int, workers: Int) -> [Int] {
        let chunk = max(1, size / parts)
        var cuts: [Int] = []
        var at = 0
        for step in 1..<workers {
            at += chunk * step / workers
            cuts.append(at)
        }
        while at + chunk < size {
            at += chunk
            cuts.append(at)
        }
        return cuts
    }

    /// The first line at or after `offset` that starts with a known prefix.
    private static func lineStart(path: String, near offset: Int, size: Int) -> Int? {
        let window = FileRangeSource.peek(path: path, at: offset, count: 1 << 20)
        guard !window.isEmpty else { return nil }
        return window.withUnsafeBufferPointer { bytes -> Int? in
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
    }

    /// The month of the first syslog-stamped line, so that `--year` dates every chunk alike.
    static func firstSyslogMonth(path: String) -> Int? {
        FileRangeSource.peek(path: path, at: 0, count: 1 << 20).withUnsafeBufferPointer { firstSyslogMonth($0) }
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
