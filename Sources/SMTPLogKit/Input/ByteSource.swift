#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where raw bytes come from. Reads fill a caller-owned buffer so that one large buffer is
/// reused for a whole run and no per-read allocation happens.
public protocol ByteSource: AnyObject {
    /// Fills `buffer` from the start and returns how many bytes were written; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Bytes taken from the underlying file so far (compressed bytes for gzip), for progress.
    var consumedBytes: Int { get }
}

/// An input error that names what went wrong in the user's terms; the caller adds the path.
public struct InputError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    /// Where in the input the problem was found, when that is known.
    public let byteOffset: Int?
    public init(_ message: String, byteOffset: Int? = nil) {
        self.message = message
        self.byteOffset = byteOffset
    }
    public var description: String {
        if let byteOffset { return "\(message) (at byte \(byteOffset))" }
        return message
    }

    static func errno(_ what: String, _ code: Int32 = Glibc.errno) -> InputError {
        InputError(String(cString: strerror(code)).lowercasedFirst + (what.isEmpty ? "" : " (\(what))"))
    }

    /// The error for a regular file that ended before `expectedSize`, or nil when it did not
    /// shrink. A live log cut by logrotate's `copytruncate` while it is read ends early; without
    /// this the report would look complete and simply hold fewer lines.
    ///
    /// The size is looked at again rather than trusted from the early end alone: a file whose
    /// size does not change although reads stop short of it is a pseudo-file (sysfs says 4096
    /// for a few bytes), not a shrinking one.
    /// - Parameter sizeIsLowerBound: the reader knows only where its own range ended, not the
    ///   file's whole size (a chunk opened after the file was cut).
    static func shrank(fd: Int32, expectedSize: Int, position: Int, sizeIsLowerBound: Bool = false) -> InputError? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let now = Int(info.st_size)
        guard now < expectedSize, position < expectedSize else { return nil }
        return InputError("file shrank while it was read (from \(sizeIsLowerBound ? "at least " : "")\(expectedSize) to \(now) bytes); "
                          + "the lines before this one were counted", byteOffset: position)
    }
}

extension String {
    /// `strerror` capitalises its messages; ours read as `smtplog: path: no such file or directory`.
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}

/// A file descriptor read with `read(2)`: no `FileHandle`, no `Data`, no copies.
///
/// On a regular file it also notices the file shrinking under it (see `InputError.shrank`).
/// Only an end before the size the file had when it was opened counts: a log that grows while
/// it is read, or is cut after every byte it held was read, lost nothing that was there, just as
/// if the run had ended a moment earlier.
public final class FileDescriptorSource: ByteSource {
    public let fd: Int32
    private let ownsDescriptor: Bool
    public private(set) var consumedBytes = 0
    /// Where in the file reading started (stdin may be handed over part-read).
    private var startOffset = 0
    /// The size of a regular file when it was opened; nil for anything else, and once checked.
    private var sizeAtOpen: Int?

    public init(fd: Int32, ownsDescriptor: Bool) {
        self.fd = fd
        self.ownsDescriptor = ownsDescriptor
        var info = stat()
        // A size of 0 is what /proc files report whatever they hold: nothing to hold them to.
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 {
            sizeAtOpen = Int(info.st_size)
            startOffset = max(0, Int(lseek(fd, 0, SEEK_CUR)))
        }
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 {
                consumedBytes += n
                return n
            }
            if n == 0 {
                if let expected = sizeAtOpen {
                    sizeAtOpen = nil
                    if let error = InputError.shrank(fd: fd, expectedSize: expected, position: startOffset + consumedBytes) {
                        throw error
                    }
                }
                return 0
            }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                var info = stat()
                if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                    // A regular file left non-blocking that would wait: an interface that
                    // slipped past the checks in `OpenedInput.openPath`, never a log.
                    throw InputError("a read would wait for more data, which a log file never does: not read further",
                                     byteOffset: startOffset + consumedBytes)
                }
                // A pipe handed over non-blocking (stdin): wait for its writer as a reader should.
                var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                _ = poll(&waiting, 1, -1)
                continue
            }
            throw InputError.errno("", errno)
        }
    }
}

/// Gives back bytes already read (to sniff the format) before the rest of its upstream.
final class PrefixedSource: ByteSource {
    private var prefix: [UInt8]
    private var prefixOffset = 0
    private let upstream: ByteSource

    init(prefix: [UInt8], upstream: ByteSource) {
        self.prefix = prefix
        self.upstream = upstream
    }

    var consumedBytes: Int { upstream.consumedBytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if prefixOffset < prefix.count {
            let n = min(buffer.count, prefix.count - prefixOffset)
            prefix.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + prefixOffset, byteCount: n)
            }
            prefixOffset += n
            if prefixOffset == prefix.count { prefix = [] ; prefixOffset = Int.max }
            return n
        }
        return try upstream.read(into: buffer)
    }
}
