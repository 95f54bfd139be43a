#if canImport(Glibc)
import Glibc
#endif

/// Reads one byte range of a file with `pread(2)`, so that several readers can share a file
/// without sharing an offset: each core reads its own chunk of a large log.
public final class FileRangeSource: ByteSource {
    private let fd: Int32
    private var offset: Int
    private let end: Int
    public private(set) var consumedBytes = 0

    /// Opens `path` again for this range; the descriptor is closed with the source.
    public init(path: String, range: Range<Int>) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw InputError.errno("") }
        offset = range.lowerBound
        end = range.upperBound
    }

    deinit { close(fd) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = min(buffer.count, end - offset)
        guard wanted > 0 else { return 0 }
        while true {
            let n = pread(fd, buffer.baseAddress, wanted, off_t(offset))
            if n >= 0 {
                offset += n
                consumedBytes += n
                return n
            }
            if errno == EINTR { continue }
            throw InputError.errno("", errno)
        }
    }

    /// Up to `count` bytes at `offset`, for planning chunk boundaries.
    static func peek(path: String, at offset: Int, count: Int) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        return n > 0 ? Array(bytes[0..<n]) : []
    }
}
