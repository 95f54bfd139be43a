#if canImport(Glibc)
import Glibc
#endif

/// Reads one byte range of a file with `pread(2)`, so that several readers can share a file
/// without sharing an offset: each core reads its own chunk of a large log.
///
/// The range was planned from the file's size, so an end of file before the range's end means
/// the file shrank (copytruncate) after the plan: the same error as a whole-file read gives.
public final class FileRangeSource: ByteSource {
    private let fd: Int32
    private var offset: Int
    private let end: Int
    /// The file's size when this range opened it; the plan saw at least `end`.
    private let sizeAtOpen: Int
    /// Which file the range reads, so that the caller can tell whether the path was pointed
    /// elsewhere (logrotate) while it was read.
    let identity: FileIdentity
    public private(set) var consumedBytes = 0

    /// Opens `path` again for this range; the descriptor is closed with the source.
    public init(path: String, range: Range<Int>) throws {
        // Non-blocking, as everywhere a path is opened: should the path have turned into a FIFO
        // since the plan, the open must not wait for a writer. It changes nothing for a file.
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        if fd < 0 { throw InputError.errno("") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = InputError.errno("")
            close(fd)
            throw error
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw InputError("is no longer a regular file: it was replaced while it was read")
        }
        sizeAtOpen = Int(info.st_size)
        identity = FileIdentity(info)
        offset = range.lowerBound
        end = range.upperBound
    }

    deinit { close(fd) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = min(buffer.count, end - offset)
        guard wanted > 0 else { return 0 }
        while true {
            let n = pread(fd, buffer.baseAddress, wanted, off_t(offset))
            if n > 0 {
                offset += n
                consumedBytes += n
                return n
            }
            if n == 0 {
                // An open range (`..<Int.max`, an incremental run reading to the end) expects
                // only the size the file had when it was opened.
                let openEnded = end == Int.max
                let expected = openEnded ? sizeAtOpen : max(sizeAtOpen, end)
                let error = InputError.shrank(fd: fd, expectedSize: expected, position: offset,
                                              sizeIsLowerBound: !openEnded && sizeAtOpen < end)
                // Either way the range is over: later reads must not ask again.
                offset = end
                if let error { throw error }
                return 0
            }
            if errno == EINTR { continue }
            throw InputError.errno("", errno)
        }
    }

    /// Up to `count` bytes at `offset`, for planning chunk boundaries. Only a regular file is
    /// peeked at: the planner looks before anything has checked the path, and must neither wait
    /// on a FIFO with no writer nor read a device.
    static func peek(path: String, at offset: Int, count: Int) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return [] }
        // Read straight into the array's storage: zeroing it first and copying out what was
        // read were two more passes over a megabyte, for each of a large file's cuts.
        return [UInt8](unsafeUninitializedCapacity: max(0, count)) { buffer, initialized in
            let n = count > 0 ? pread(fd, buffer.baseAddress, count, off_t(offset)) : 0
            initialized = max(0, n)
        }
    }
}
