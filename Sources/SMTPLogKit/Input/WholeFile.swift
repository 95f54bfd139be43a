#if canImport(Glibc)
import Glibc
#endif

/// A small file read whole (a state, a host's JSON report), refusing what could hang or fill
/// memory: a FIFO or a device (opened without blocking, then required to be a regular file),
/// and more bytes than the caller's limit, of which at most one more is ever read.
enum WholeFile {
    enum Outcome {
        case missing
        /// `open`, `fstat` or `read` failed with this errno.
        case failed(Int32)
        /// Refused: a symbolic link where links are not followed.
        case symbolicLink
        /// Refused: a FIFO, a device, a directory.
        case notRegularFile
        /// Larger than the limit; the size when `fstat` gave one over it.
        case tooLarge(Int?)
        case read([UInt8])
    }

    /// `path`'s bytes; with `followLinks` false, a symbolic link is refused (a state's path
    /// must not be turned into a link to a file of someone else's).
    static func read(_ path: String, limit: Int, followLinks: Bool) -> Outcome {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (followLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            return errno == ENOENT ? .missing : errno == ELOOP && !followLinks ? .symbolicLink : .failed(errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failed(errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .notRegularFile }
        guard Int(info.st_size) <= limit else { return .tooLarge(Int(info.st_size)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while bytes.count <= limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failed(errno)
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        guard bytes.count <= limit else { return .tooLarge(nil) }
        return .read(bytes)
    }

    /// Why a refused or failed read failed, worded for "cannot read …: <reason>"; nil for
    /// the other outcomes.
    static func reason(_ outcome: Outcome) -> String? {
        switch outcome {
        case .failed(let code): AtomicFile.reason(code)
        case .symbolicLink: "it is a symbolic link"
        case .notRegularFile: "it is not a regular file"
        case .missing, .tooLarge, .read: nil
        }
    }
}
