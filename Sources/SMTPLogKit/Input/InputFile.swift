#if canImport(Glibc)
import Glibc
#endif

/// One input the user named: a path, or standard input (`-`).
public struct InputName: Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public var isStandardInput: Bool { path == "-" }
    public init(_ path: String) { self.path = path }
    public static let standardInput = InputName("-")
    /// How diagnostics name it: stdin is `<stdin>`, as grep and ripgrep say.
    public var description: String { isStandardInput ? "<stdin>" : path }
}

/// An opened input: its bytes (decompressed when gzip was sniffed) and what the reader needs to
/// know about it (its modification time, to infer the year of syslog stamps).
public final class OpenedInput {
    public let name: InputName
    public let source: ByteSource
    public let isCompressed: Bool
    /// Seconds since the epoch; nil for pipes, where "now" stands in.
    public let modificationTime: Int?
    /// The file's size on disk, when it is a regular file (for progress).
    public let size: Int?
    /// Where in the content (decompressed, for gzip) the source starts: not 0 for a chunk of a
    /// large file, or for an incremental run that resumes.
    public let contentOffset: Int

    public init(name: InputName, source: ByteSource, isCompressed: Bool, modificationTime: Int?, size: Int?,
                contentOffset: Int = 0) {
        self.name = name
        self.source = source
        self.isCompressed = isCompressed
        self.modificationTime = modificationTime
        self.size = size
        self.contentOffset = contentOffset
    }

    /// Opens `name` to read its content from `offset` on: a plain file is entered there
    /// directly, a gzip file is inflated from its start and the first bytes dropped.
    public static func open(_ name: InputName, resumingAt offset: Int) throws -> OpenedInput {
        let whole = try open(name)
        guard offset > 0 else { return whole }
        if whole.isCompressed || whole.size == nil {
            return OpenedInput(name: name, source: SkippingSource(upstream: whole.source, skipping: offset),
                               isCompressed: whole.isCompressed, modificationTime: whole.modificationTime,
                               size: whole.size, contentOffset: offset)
        }
        let source = try FileRangeSource(path: name.path, range: offset..<Int.max)
        return OpenedInput(name: name, source: source, isCompressed: false, modificationTime: whole.modificationTime,
                           size: whole.size.map { max(0, $0 - offset) }, contentOffset: offset)
    }

    /// Opens `name` and recognises gzip by its magic bytes, never by its file name: a rotated
    /// `mail.log.2.gz` renamed by hand, or gzip on a pipe, reads the same.
    public static func open(_ name: InputName) throws -> OpenedInput {
        let fd: Int32
        if name.isStandardInput {
            fd = 0
        } else {
            fd = Glibc.open(name.path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw InputError.errno("") }
        }
        var info = stat()
        var mtime: Int?
        var size: Int?
        if fstat(fd, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR {
                if !name.isStandardInput { close(fd) }
                throw InputError("is a directory")
            }
            if type == S_IFREG {
                mtime = Int(info.st_mtim.tv_sec)
                size = Int(info.st_size)
            }
        }
        let raw = FileDescriptorSource(fd: fd, ownsDescriptor: !name.isStandardInput)
        // Read enough to sniff the magic; a short read on a pipe is retried until 2 bytes or EOF.
        var sniff = [UInt8](repeating: 0, count: 64 << 10)
        var have = 0
        while have < 2 {
            let n = try sniff.withUnsafeMutableBytes { buffer in
                try raw.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[have...]))
            }
            if n == 0 { break }
            have += n
        }
        sniff.removeSubrange(have...)
        let isGzip = have >= 2 && sniff[0] == 0x1f && sniff[1] == 0x8b
        let prefixed = PrefixedSource(prefix: sniff, upstream: raw)
        let source: ByteSource = isGzip ? try GzipSource(upstream: prefixed) : prefixed
        return OpenedInput(name: name, source: source, isCompressed: isGzip, modificationTime: mtime, size: size)
    }
}
