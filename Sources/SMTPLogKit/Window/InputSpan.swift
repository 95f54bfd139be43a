#if canImport(Glibc)
import Glibc
#endif

/// The first and last times an input can hold, found without reading it through, so that a
/// rotated file lying wholly outside the report's window is skipped after a glance.
///
/// A plain file: its first and last stamped lines. A compressed file cannot be read from its
/// end, so its last time is its modification time: gzip, xz, bzip2 and zstd keep the mtime of
/// the file they compressed, and no line is newer than the file that holds it.
public struct InputSpan: Sendable, Equatable {
    public var first: LogTime
    public var last: LogTime

    /// How far into each end of a file to look for a stamped line.
    static let peekBytes = 64 << 10

    /// Nil when the span cannot be told cheaply (a pipe, no stamped line near an end): the
    /// input is then read in full, which is always correct.
    static func of(path: String, years: YearInference.Policy, trustModificationTime: Bool) -> InputSpan? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(info.st_size)
        let head = FileRangeSource.peek(path: path, at: 0, count: peekBytes)
        if Compression.sniff(head) != nil {
            guard trustModificationTime, let first = firstTime(inCompressed: path, years: years) else { return nil }
            return InputSpan(first: first, last: LogCalendar.localTime(epoch: Int(info.st_mtim.tv_sec)))
        }
        guard let first = stampedTime(in: head, years: years, fromEnd: false) else { return nil }
        let tail = FileRangeSource.peek(path: path, at: max(0, size - peekBytes), count: peekBytes)
        guard let last = stampedTime(in: tail, years: years, fromEnd: true) else { return nil }
        return InputSpan(first: first, last: last)
    }

    private static func firstTime(inCompressed path: String, years: YearInference.Policy) -> LogTime? {
        guard let opened = try? OpenedInput.open(InputName(path)) else { return nil }
        return stampedTime(in: opened.readHead(upTo: peekBytes), years: years, fromEnd: false)
    }

    /// The time of the first (or last) complete line that carries a stamp. A line cut by the
    /// edge of the peeked bytes is not trusted.
    static func stampedTime(in bytes: [UInt8], years: YearInference.Policy, fromEnd: Bool) -> LogTime? {
        var lines: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            lines.append(start..<index)
            start = index + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        // The first piece of a tail peek (or the last of a head peek) may be a cut line.
        if fromEnd, lines.count > 1 { lines.removeFirst() }
        if !fromEnd, lines.count > 1, bytes.last != 0x0A { lines.removeLast() }
        let parser = LineParser(years: years)
        return bytes.withUnsafeBufferPointer { buffer -> LogTime? in
            for range in fromEnd ? Array(lines.reversed()) : lines {
                if let time = parser.parse(UnsafeBufferPointer(rebasing: buffer[range])).time { return time }
            }
            return nil
        }
    }
}
