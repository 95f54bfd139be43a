#if canImport(Glibc)
import Glibc
import CFileSystem
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

/// An opened input: its bytes (decompressed when a compressed format was sniffed) and what the
/// reader needs to know about it (its modification time, to infer the year of syslog stamps).
public final class OpenedInput {
    public let name: InputName
    public let source: ByteSource
    /// The format the content was decompressed from; nil for plain text.
    public let compression: Compression?
    public var isCompressed: Bool { compression != nil }
    /// The decoder under `source`, whose warnings (trailing garbage) the report must carry.
    private let decoder: DecompressionStatus?
    /// Seconds since the epoch; nil for pipes, where "now" stands in.
    public let modificationTime: Int?
    /// The file's size on disk, when it is a regular file (for progress).
    public let size: Int?
    /// Where in the content (decompressed, for gzip) the source starts: not 0 for a chunk of a
    /// large file, or for an incremental run that resumes.
    public let contentOffset: Int
    /// The regular file that was opened, to tell afterwards whether its path still names it.
    let identity: FileIdentity?

    public convenience init(name: InputName, source: ByteSource, modificationTime: Int?, size: Int?,
                            contentOffset: Int = 0) {
        self.init(name: name, source: source, decoder: source as? DecompressionStatus, modificationTime: modificationTime,
                  size: size, identity: (source as? FileRangeSource)?.identity, contentOffset: contentOffset)
    }

    init(name: InputName, source: ByteSource, decoder: DecompressionStatus?, modificationTime: Int?, size: Int?,
         identity: FileIdentity?, contentOffset: Int = 0) {
        self.name = name
        self.source = source
        self.decoder = decoder
        self.compression = decoder?.format
        self.modificationTime = modificationTime
        self.size = size
        self.identity = identity
        self.contentOffset = contentOffset
    }

    /// This input with its decoder on a thread of its own (`ReadAheadSource`), for a run that
    /// may use more than one core: decompression and parsing then overlap. A plain input, or
    /// one whose thread cannot be started, is returned as it is.
    func readingAhead() -> OpenedInput {
        guard let decoder = decoder as? DecompressingSource,
              let ahead = ReadAheadSource(source: source, decoder: decoder) else { return self }
        return OpenedInput(name: name, source: ahead, decoder: ahead, modificationTime: modificationTime, size: size,
                           identity: identity, contentOffset: contentOffset)
    }

    /// Up to `count` bytes of content from the start (decompressed): enough to date a
    /// file's first line or to fingerprint it, without reading it through.
    func readHead(upTo count: Int) -> [UInt8] {
        var head = [UInt8](repeating: 0, count: count)
        var have = 0
        while have < count {
            let n = (try? head.withUnsafeMutableBytes {
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[have...]))
            }) ?? 0
            if n == 0 { break }
            have += n
        }
        return Array(head[0..<have])
    }

    /// Opens `name` to read its content from `offset` on: a plain file is entered there
    /// directly, a compressed one is decoded from its start and the first bytes dropped.
    public static func open(_ name: InputName, resumingAt offset: Int) throws -> OpenedInput {
        let whole = try open(name)
        guard offset > 0 else { return whole }
        if whole.isCompressed || whole.size == nil {
            return OpenedInput(name: name, source: SkippingSource(upstream: whole.source, skipping: offset),
                               decoder: whole.decoder, modificationTime: whole.modificationTime,
                               size: whole.size, identity: whole.identity, contentOffset: offset)
        }
        let source = try FileRangeSource(path: name.path, range: offset..<Int.max)
        return OpenedInput(name: name, source: source, decoder: nil, modificationTime: whole.modificationTime,
                           size: whole.size.map { max(0, $0 - offset) }, identity: whole.identity, contentOffset: offset)
    }

    /// Opens `name` and recognises gzip, xz, bzip2 and zstd by their magic bytes, never by the
    /// file name: a rotated `mail.log.2.gz` renamed by hand, or xz on a pipe, reads the same.
    public static func open(_ name: InputName) throws -> OpenedInput {
        let fd: Int32
        var info = stat()
        if name.isStandardInput {
            // Standard input is taken as the shell handed it over (a pipe, a file, /dev/null,
            // a FIFO the user redirected on purpose); only a directory cannot be read at all.
            fd = 0
            if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { throw InputError("is a directory") }
            if info.st_mode & S_IFMT == S_IFREG, let refusal = pseudoFileRefusal(fd) { throw refusal }
        } else {
            fd = try openPath(name.path, &info)
        }
        var mtime: Int?
        var size: Int?
        var identity: FileIdentity?
        if info.st_mode & S_IFMT == S_IFREG {
            mtime = Int(info.st_mtim.tv_sec)
            size = Int(info.st_size)
            if !name.isStandardInput { identity = FileIdentity(info) }
        }
        let raw = FileDescriptorSource(fd: fd, ownsDescriptor: !name.isStandardInput)
        // Read enough to sniff the magic; a short read on a pipe is retried until the longest
        // magic or EOF. The buffer is not zeroed first: with thousands of small files, clearing
        // 64 KiB that the read overwrites cost as much as opening the file.
        let sniff = try [UInt8](unsafeUninitializedCapacity: 64 << 10) { buffer, have in
            have = 0
            while have < Compression.magicLength {
                let n = try raw.read(into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[have...]))
                if n == 0 { break }
                have += n
            }
        }
        let prefixed = PrefixedSource(prefix: sniff, upstream: raw)
        let decoder = try Compression.sniff(sniff).map { try $0.decoder(upstream: prefixed) }
        return OpenedInput(name: name, source: decoder ?? prefixed, decoder: decoder, modificationTime: mtime, size: size,
                           identity: identity)
    }

    /// Opens a named input for reading without ever blocking, and only when it is something a
    /// log can be: a regular file, or an anonymous pipe (`<(zcat mail.log.2.gz)` names one as
    /// `/dev/fd/63`).
    ///
    /// The path is looked at before it is opened, because opening a device can act on it (a
    /// tape rewinds, a watchdog starts its countdown) and reading `/dev/zero` never ends. The
    /// open is non-blocking so that nothing can hang it, and what was opened is checked again,
    /// since the path may name something else by then.
    private static func openPath(_ path: String, _ info: inout stat) throws -> Int32 {
        var looked = stat()
        guard stat(path, &looked) == 0 else { throw InputError.errno("") }
        if let refusal = refusal(mode: looked.st_mode, path: path, fd: nil) { throw refusal }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw InputError.errno("") }
        guard fstat(fd, &info) == 0 else {
            let error = InputError.errno("")
            close(fd)
            throw error
        }
        if let refusal = refusal(mode: info.st_mode, path: path, fd: fd)
            ?? (info.st_mode & S_IFMT == S_IFREG ? pseudoFileRefusal(fd) : nil) {
            close(fd)
            throw refusal
        }
        // Reads from a pipe must wait for its writer like any reader's do. A regular file stays
        // non-blocking: that changes nothing on a disk, and should a file that can wait slip
        // past the checks above, its read fails with EAGAIN instead of hanging the run.
        if info.st_mode & S_IFMT == S_IFIFO {
            let flags = fcntl(fd, F_GETFL)
            if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        }
        return fd
    }

    /// Kernel file systems whose "regular files" are interfaces, not stored data, by
    /// `statfs(2)` magic number (linux/magic.h).
    static let pseudoFileSystems: [Int: String] = [
        0x9FA0: "procfs", 0x6265_6572: "sysfs", 0x6462_6720: "debugfs", 0x7472_6163: "tracefs",
        0x7363_6673: "securityfs", 0x6265_6570: "configfs", 0x0027_E0EB: "cgroupfs", 0x6367_7270: "cgroup2",
        0xCAFE_4A11: "bpffs", 0xDE5E_81E4: "efivarfs", 0x6573_5543: "fusectl", 0x6E73_6673: "nsfs",
    ]

    /// Why a regular file on a kernel pseudo-file system is not read, or nil for any other.
    ///
    /// Such a file says it is regular and empty, yet a read can wait forever (`/proc/kmsg`
    /// blocks until the kernel logs something, and consumes what it hands out), never end, or
    /// act on the kernel. A run from cron must not hang on a mistyped glob, so these are
    /// refused without a read; their data can be copied to a file first where it makes sense.
    static func pseudoFileRefusal(_ fd: Int32) -> InputError? {
        var info = statfs()
        guard fstatfs(fd, &info) == 0, let name = pseudoFileSystems[Int(UInt32(truncatingIfNeeded: info.f_type))] else {
            return nil
        }
        return InputError("is a kernel interface on \(name), not a log file: reading it can wait forever or change it")
    }

    /// Why an input of this kind is not read, or nil when it is read.
    ///
    /// A named FIFO on disk is refused rather than read. Opened the usual way it blocks until a
    /// writer comes, which would hang a cron run forever; opened non-blocking, it reads as empty
    /// at once when its writer has not opened it yet, which would give a report of zeros that
    /// looks like a quiet day. Neither is acceptable, and the user can say what they mean by
    /// redirecting the FIFO to standard input, where waiting for the writer is the shell's
    /// documented behaviour. Anonymous pipes (`<(…)`, `/dev/stdin` on a pipe) have their writer
    /// already and are read as streams, like standard input.
    /// - Parameter fd: the opened descriptor; nil when only the path was looked at, which cannot
    ///   yet tell an anonymous pipe from a named one.
    static func refusal(mode: mode_t, path: String, fd: Int32?) -> InputError? {
        switch mode & S_IFMT {
        case S_IFDIR: return InputError("is a directory")
        case S_IFCHR: return InputError("is a character device, not a log file")
        case S_IFBLK: return InputError("is a block device, not a log file")
        case S_IFSOCK: return InputError("is a socket, not a log file")
        case S_IFIFO:
            guard let fd, !isAnonymousPipe(fd) else { return nil }
            return InputError("is a named pipe (FIFO), not a log file; to read what is written to it, "
                              + "redirect it to standard input: smtplog report - < \(path)")
        default: return nil
        }
    }

    /// Linux names an anonymous pipe `pipe:[inode]` in /proc; a FIFO on disk by its path.
    private static func isAnonymousPipe(_ fd: Int32) -> Bool {
        var target = [UInt8](repeating: 0, count: 64)
        let n = target.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                readlink("/proc/self/fd/\(fd)", $0, buffer.count)
            }
        }
        return n > 0 && target[0..<n].starts(with: "pipe:".utf8)
    }

    /// What the caller should hear about the input once it was read, besides errors.
    ///
    /// Reading goes on through the descriptor opened first, so a log that logrotate renamed away
    /// is read to its end, which is right. Lines written after the rename went to a new file at
    /// the same path, which was not read. That is a warning and not an error: every line the
    /// opened file held was counted, exactly as if the run had ended a moment earlier, and a
    /// report run from cron should not fail whenever it meets the nightly rotation.
    public func warningsAfterReading() -> [String] {
        var warnings = decoder?.warnings ?? []
        if let identity, let now = FileIdentity(path: name.path), now != identity {
            warnings.append("file was replaced while it was read (rotated?); the file that was open was read to its end, "
                            + "and the new file at this path was not read")
        }
        return warnings
    }
}
