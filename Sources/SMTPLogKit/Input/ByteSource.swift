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
}

extension String {
    /// `strerror` capitalises its messages; ours read as `smtplog: path: no such file or directory`.
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}

/// A file descriptor read with `read(2)`: no `FileHandle`, no `Data`, no copies.
public final class FileDescriptorSource: ByteSource {
    public let fd: Int32
    private let ownsDescriptor: Bool
    public private(set) var consumedBytes = 0

    public init(fd: Int32, ownsDescriptor: Bool) {
        self.fd = fd
        self.ownsDescriptor = ownsDescriptor
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 {
                consumedBytes += n
                return n
            }
            if errno == EINTR { continue }
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
