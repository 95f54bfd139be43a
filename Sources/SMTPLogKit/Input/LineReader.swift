#if canImport(Glibc)
import Glibc
#endif

/// What the reader knows about a line besides its bytes.
public struct LineInfo {
    /// 1-based, counting every newline-terminated line, oversized ones included.
    public var number: Int
    /// True when the line ran past the length limit: its bytes are not handed out.
    public var isOversized: Bool
}

/// Splits a byte stream into lines on raw `\n` bytes with one large reusable buffer.
///
/// No `String` is made: the body sees each line as bytes that are valid only during the call.
/// A trailing `\r` is dropped (CRLF logs), NUL bytes are ordinary bytes, a missing final newline
/// still yields the last line, and a line longer than `maxLineLength` is reported as oversized
/// and skipped without ever being held whole in memory.
public struct LineReader {
    public static let defaultBufferSize = 1 << 20
    public static let defaultMaxLineLength = 64 << 10
    /// The line lengths a reader accepts. The buffer holds one partial line plus a read, so the
    /// upper end bounds memory per core (64 MiB); no mail log line comes near it. Below 256
    /// bytes, ordinary log lines would count as oversized.
    public static let maxLineLengthRange = 256...(64 << 20)

    public let bufferSize: Int
    public let maxLineLength: Int

    /// - Parameter bufferSize: tests pass tiny sizes so that every line straddles a boundary.
    public init(bufferSize: Int = LineReader.defaultBufferSize, maxLineLength: Int = LineReader.defaultMaxLineLength) {
        // Bounded so that the buffer size below cannot overflow; callers check user values
        // against `maxLineLengthRange` first and give a usage error.
        precondition(bufferSize > 0 && bufferSize <= 1 << 30 && maxLineLength > 0 && maxLineLength <= 1 << 30)
        self.bufferSize = bufferSize
        self.maxLineLength = maxLineLength
    }

    /// Calls `body` for every line. Errors from the source are thrown after every complete line
    /// before them was handed out.
    ///
    /// - Parameter holdingPartialLine: a last line with no newline is not handed out: on a log
    ///   still being written it is half a line, and an incremental run reads it whole next time.
    /// - Returns: the bytes read up to and including the last newline handed out: where an
    ///   incremental run resumes.
    @discardableResult
    public func forEachLine(in source: ByteSource, holdingPartialLine: Bool = false,
                            _ body: (UnsafeBufferPointer<UInt8>, LineInfo) throws -> Void) throws -> Int {
        var through = 0
        return try forEachLine(in: source, holdingPartialLine: holdingPartialLine, countedThrough: &through, body)
    }

    /// The same, keeping `countedThrough` at the bytes through the last newline handed out as
    /// it goes, so that it is right when the source throws too: an incremental run whose file
    /// was cut while it was read resumes after the lines it counted, neither before them
    /// (counting them twice) nor at an offset it never reached.
    @discardableResult
    public func forEachLine(in source: ByteSource, holdingPartialLine: Bool = false, countedThrough: inout Int,
                            _ body: (UnsafeBufferPointer<UInt8>, LineInfo) throws -> Void) throws -> Int {
        // The buffer holds at most one partial line (≤ maxLineLength) plus fresh data.
        let capacity = max(bufferSize, maxLineLength + 1) + bufferSize
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        defer { buffer.deallocate() }
        let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var pending = 0          // bytes of an unfinished line kept at the start of the buffer
        var skipping = false     // inside an oversized line: drop bytes until its newline
        var info = LineInfo(number: 0, isOversized: false)
        var bufferStart = 0      // stream offset of base[0]
        var throughNewline = 0

        func emit(_ start: UnsafePointer<UInt8>, _ length: Int) throws {
            var length = length
            if length > 0 && start[length - 1] == 0x0D { length -= 1 }
            info.number += 1
            info.isOversized = false
            try body(UnsafeBufferPointer(start: start, count: length), info)
        }
        func emitOversized() throws {
            info.number += 1
            info.isOversized = true
            try body(UnsafeBufferPointer(start: base, count: 0), info)
        }

        while true {
            let room = min(bufferSize, capacity - pending)
            let n = try source.read(into: UnsafeMutableRawBufferPointer(start: base + pending, count: room))
            if n == 0 { break }
            let end = pending + n
            var lineStart = 0
            var scanFrom = pending
            while scanFrom < end {
                guard let hit = memchr(base + scanFrom, 0x0A, end - scanFrom) else { break }
                let newline = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - UnsafePointer(base)
                if skipping {
                    skipping = false
                    try emitOversized()
                } else if newline - lineStart > maxLineLength {
                    try emitOversized()
                } else {
                    try emit(base + lineStart, newline - lineStart)
                }
                lineStart = newline + 1
                scanFrom = lineStart
                throughNewline = bufferStart + lineStart
            }
            countedThrough = throughNewline
            let rest = end - lineStart
            if skipping || rest > maxLineLength {
                skipping = true
                pending = 0
                bufferStart += end
            } else {
                if rest > 0 && lineStart > 0 {
                    memmove(base, base + lineStart, rest)
                }
                pending = rest
                bufferStart += lineStart
            }
        }
        if holdingPartialLine { return throughNewline }
        if skipping {
            try emitOversized()
        } else if pending > 0 {
            try emit(base, pending)
        }
        countedThrough = bufferStart + pending
        return bufferStart + pending
    }
}
