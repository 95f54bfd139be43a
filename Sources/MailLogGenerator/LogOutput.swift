import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `write(2)`, named apart from the outputs' own `write`.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}

/// Where the log's bytes go: a file, stdout, memory, or gzip in front of one of them.
public protocol LogOutput: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws(GeneratorError)
    /// Everything is written and flushed; a file is in place under its name.
    func finish() throws(GeneratorError)
}

/// The log in memory, for tests and for a log small enough to compare.
public final class MemoryOutput: LogOutput {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public func write(_ chunk: UnsafeRawBufferPointer) { bytes.append(contentsOf: chunk) }
    public func finish() {}
}

/// A file written under a temporary name beside its target (created anew, never through a
/// symbolic link, mode 0600), flushed to disk and renamed over the target at the end, so a
/// reader never sees half a log under the final name. `-` is stdout.
public final class FileOutput: LogOutput {
    private let path: String
    private let temporary: String?
    private var fd: Int32
    private var finished = false

    public init(path: String) throws(GeneratorError) {
        self.path = path
        if path == "-" {
            temporary = nil
            fd = 1
            return
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !base.isEmpty else { throw GeneratorError("\(path): not a file name") }
        var attempt = 0
        while true {
            let candidate = "\(directory).\(base).tmp.\(getpid()).\(attempt)"
            let opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if opened >= 0 {
                fd = opened
                temporary = candidate
                return
            }
            let code = errno
            if code == EEXIST, attempt < 100 {
                attempt += 1
                continue
            }
            throw GeneratorError("\(path): cannot create \(candidate): \(String(cString: strerror(code)))")
        }
    }

    deinit {
        if !finished, let temporary {
            close(fd)
            unlink(temporary)
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(GeneratorError) {
        var done = 0
        while done < bytes.count {
            let n = posixWrite(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write")
            }
            done += n
        }
    }

    public func finish() throws(GeneratorError) {
        guard let temporary else { return }
        if fsync(fd) != 0 { throw failure("cannot flush") }
        if close(fd) != 0 { finished = true; unlink(temporary); throw failure("cannot close") }
        finished = true
        if rename(temporary, path) != 0 {
            let error = failure("cannot rename the finished file into place")
            unlink(temporary)
            throw error
        }
    }

    private func failure(_ what: String) -> GeneratorError {
        GeneratorError("\(path): \(what): \(String(cString: strerror(errno)))")
    }
}

/// Gzip (RFC 1952, no file name, modification time 0) in front of another output: the same
/// log gives the same compressed bytes.
public final class GzipOutput: LogOutput {
    private let next: LogOutput
    private var stream = z_stream()
    private var buffer = [UInt8](repeating: 0, count: 1 << 18)
    private var open = false

    public init(_ next: LogOutput, level: Int32 = 6) throws(GeneratorError) {
        self.next = next
        let rc = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                               Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw GeneratorError("gzip: zlib would not start (\(rc))") }
        open = true
    }

    deinit {
        if open { deflateEnd(&stream) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(GeneratorError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        try pump(Z_NO_FLUSH)
    }

    public func finish() throws(GeneratorError) {
        stream.next_in = nil
        stream.avail_in = 0
        try pump(Z_FINISH)
        deflateEnd(&stream)
        open = false
        try next.finish()
    }

    private func pump(_ flush: Int32) throws(GeneratorError) {
        while true {
            let (rc, produced) = buffer.withUnsafeMutableBytes { out -> (Int32, Int) in
                stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(out.count)
                let rc = deflate(&stream, flush)
                return (rc, out.count - Int(stream.avail_out))
            }
            guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                throw GeneratorError("gzip: zlib failed (\(rc))")
            }
            if produced > 0 { try writeAll(buffer[..<produced], to: next) }
            if flush == Z_FINISH ? rc == Z_STREAM_END : (stream.avail_in == 0 && produced < buffer.count) { return }
        }
    }
}

/// Writes bytes held in an array to an output (typed errors do not pass through
/// `withUnsafeBytes`).
func writeAll(_ bytes: ArraySlice<UInt8>, to output: LogOutput) throws(GeneratorError) {
    var failure: GeneratorError?
    bytes.withUnsafeBytes { raw in
        do { try output.write(raw) } catch { failure = (error as? GeneratorError) ?? GeneratorError("\(error)") }
    }
    if let failure { throw failure }
}
