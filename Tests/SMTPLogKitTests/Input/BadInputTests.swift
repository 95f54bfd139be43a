import Foundation
import Testing
@testable import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// Inputs that are not a plain readable log: each is named in an error (or, for a rotation
/// mid-read, a warning) and never stops the other inputs from being read.
@Suite("Inputs that cannot be read whole")
struct BadInputTests {
    /// One SASL failure: an event, so that counted lines are also counted events.
    static func line(_ index: Int) -> String {
        "Nov 22 06:25:01 mx postfix/smtpd[123]: warning: unknown[10.0.\(index / 250 % 250).\(index % 250)]: "
            + "SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
    }

    static func log(lines: Int) -> String { (0..<lines).map(line).joined() }

    /// Complete lines within the first `bytes` bytes of `text`.
    static func lines(in text: String, upTo bytes: Int) -> Int {
        text.utf8.prefix(bytes).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    static func analyzer(threads: Int = 1, bufferSize: Int = LineReader.defaultBufferSize) -> Analyzer {
        var options = AnalysisOptions(startingYear: 2026, threads: threads)
        options.bufferSize = bufferSize
        return Analyzer(options: options)
    }

    static func openError(_ path: String) -> String? {
        do {
            _ = try OpenedInput.open(InputName(path))
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// A block device node to look at: one that exists, or one made for the test (root only).
    /// The node is never opened, so it need not lead to a real device.
    static func blockDevice(in folder: TemporaryFolder) -> String? {
        for path in ["/dev/loop0", "/dev/sda", "/dev/vda", "/dev/nvme0n1", "/dev/ram0"] {
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFBLK { return path }
        }
        let path = folder.path("block")
        return mknod(path, S_IFBLK | 0o600, dev_t(7 << 8 | 200)) == 0 ? path : nil
    }

    /// A listening-capable Unix socket bound at `path`; the descriptor is returned to be closed.
    static func bindSocket(at path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(rc == 0, "bind: \(String(cString: strerror(errno)))")
        return fd
    }

    // MARK: - Not a file

    @Test("a directory is named as one, and the other inputs are read, on one core or several")
    func directory() throws {
        let folder = try TemporaryFolder()
        let good = try folder.write("good.log", BadInputTests.log(lines: 10))
        #expect(BadInputTests.openError(folder.url.path) == "is a directory")
        for threads in [1, 2] {
            let results = BadInputTests.analyzer(threads: threads).analyze([InputName(folder.url.path), InputName(good)])
            #expect(results[0].error?.description == "\(folder.url.path): is a directory")
            #expect(results[1].error == nil)
            #expect(results[1].summary.lines.events == 10)
        }
    }

    @Test("devices are refused without being read: /dev/zero would never end, /dev/null is no log either")
    func devices() throws {
        let folder = try TemporaryFolder()
        let good = try folder.write("good.log", BadInputTests.log(lines: 10))
        for path in ["/dev/null", "/dev/zero"] {
            #expect(BadInputTests.openError(path) == "is a character device, not a log file")
        }
        if let block = BadInputTests.blockDevice(in: folder) {
            #expect(BadInputTests.openError(block) == "is a block device, not a log file")
        }
        // Several cores and --year too: the planner peeks at files before they are opened.
        for threads in [1, 2] {
            let results = BadInputTests.analyzer(threads: threads).analyze([InputName("/dev/zero"), InputName(good)])
            #expect(results[0].error?.description == "/dev/zero: is a character device, not a log file")
            #expect(results[1].summary.lines.events == 10)
        }
    }

    @Test("a socket is refused by what it is, not as 'no such device or address'")
    func socketFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("mail.sock")
        let fd = try BadInputTests.bindSocket(at: path)
        defer { close(fd) }
        #expect(BadInputTests.openError(path) == "is a socket, not a log file")
    }

    // MARK: - Pipes

    @Test("an anonymous pipe named by /dev/fd (as <(zcat …) makes one) is read as a stream")
    func anonymousPipe() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let text = BadInputTests.log(lines: 100)
        let written = text.utf8CString.withUnsafeBytes { write(ends[1], $0.baseAddress, text.utf8.count) }
        #expect(written == text.utf8.count)
        close(ends[1])
        defer { close(ends[0]) }
        let result = BadInputTests.analyzer(threads: 2).analyze([InputName("/dev/fd/\(ends[0])")])[0]
        #expect(result.error == nil)
        #expect(result.summary.lines.events == 100)
    }

    @Test("a named FIFO is refused at once, with or without a writer, and says how to read it instead")
    func namedFIFO() throws {
        let folder = try TemporaryFolder()
        let fifo = folder.path("mail.fifo")
        let good = try folder.write("good.log", BadInputTests.log(lines: 10))
        try #require(mkfifo(fifo, 0o600) == 0)
        // Should the open ever block again, a writer turns up after 10 s and frees it, so that
        // the test fails on the elapsed time instead of hanging CI.
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) {
            let writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
        }
        let start = Date()
        let message = try #require(BadInputTests.openError(fifo))
        #expect(message.hasPrefix("is a named pipe (FIFO), not a log file"))
        #expect(message.contains("smtplog report - < \(fifo)"))
        let results = BadInputTests.analyzer(threads: 2).analyze([InputName(fifo), InputName(good)])
        #expect(results[0].error?.message.hasPrefix("is a named pipe (FIFO)") == true)
        #expect(results[1].summary.lines.events == 10)
        #expect(Date().timeIntervalSince(start) < 5)

        // With a writer present the answer is the same: it must not depend on who came first.
        let holder = open(fifo, O_RDWR | O_NONBLOCK)
        try #require(holder >= 0)
        defer { close(holder) }
        #expect(BadInputTests.openError(fifo)?.hasPrefix("is a named pipe (FIFO)") == true)
    }

    // MARK: - A file that shrinks while it is read

    /// Passes reads through and runs `action` once, before the read numbered `before` (0 is
    /// the first): logrotate acting between two reads, without any timing.
    final class InterruptedSource: ByteSource {
        let upstream: ByteSource
        let before: Int
        var action: (() -> Void)?
        private var reads = 0

        init(_ upstream: ByteSource, before: Int, action: @escaping () -> Void) {
            self.upstream = upstream
            self.before = before
            self.action = action
        }

        var consumedBytes: Int { upstream.consumedBytes }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            if reads == before, let action {
                action()
                self.action = nil
            }
            reads += 1
            return try upstream.read(into: buffer)
        }
    }

    @Test("a file cut after the first buffer: the lines before the cut are counted and the error says where")
    func shrinksBetweenReads() throws {
        let folder = try TemporaryFolder()
        let text = BadInputTests.log(lines: 400)
        let path = try folder.write("mail.log", text)
        let size = text.utf8.count, cut = 10_000
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        let source = InterruptedSource(FileDescriptorSource(fd: fd, ownsDescriptor: true), before: 1) {
            _ = truncate(path, off_t(cut))
        }
        let input = OpenedInput(name: InputName(path), source: source, modificationTime: nil, size: size)
        let result = BadInputTests.analyzer(bufferSize: 4096).analyze(input)
        let counted = BadInputTests.lines(in: text, upTo: cut)
        #expect(result.summary.lines.events == counted)
        let error = try #require(result.error)
        #expect(error.line == counted + 1)
        #expect(error.description == "\(path):\(counted + 1): file shrank while it was read (from \(size) to \(cut) bytes); "
                + "the lines before this one were counted (at byte \(cut))")
    }

    @Test("a file opened, then cut before the rest of it is read, through OpenedInput.open")
    func shrinksAfterOpening() throws {
        let folder = try TemporaryFolder()
        // Larger than the 64 KiB that open reads to sniff the format, so that a part is left.
        let text = BadInputTests.log(lines: 3_000)
        let path = try folder.write("mail.log", text)
        let input = try OpenedInput.open(InputName(path))
        try #require(truncate(path, 100_000) == 0)
        let result = BadInputTests.analyzer(bufferSize: 8192).analyze(input)
        let counted = BadInputTests.lines(in: text, upTo: 100_000)
        #expect(result.summary.lines.events == counted)
        #expect(result.error?.line == counted + 1)
        #expect(result.error?.message == "file shrank while it was read (from \(text.utf8.count) to 100000 bytes); "
                + "the lines before this one were counted (at byte 100000)")
    }

    @Test("a gzip file cut while it is read says it shrank, after handing out what it decoded")
    func gzipShrinks() throws {
        let folder = try TemporaryFolder()
        // Random user names keep the compressed file above the 64 KiB sniff.
        var generator = SystemRandomNumberGenerator()
        let text = (0..<6_000).map { index in
            "Nov 22 06:25:01 mx postfix/smtpd[1]: warning: unknown[10.1.\(index / 250 % 250).\(index % 250)]: "
                + "SASL LOGIN authentication failed: \(String(generator.next(), radix: 36))\(String(generator.next(), radix: 36))\n"
        }.joined()
        let plain = try folder.write("plain", text)
        let packed = try Shell.run("/bin/gzip", ["-c", "-n", plain])
        try #require(packed.stdout.count > 110_000)
        let path = try folder.write("mail.log.1.gz", Array(packed.stdout))
        let input = try OpenedInput.open(InputName(path))
        try #require(input.isCompressed)
        try #require(truncate(path, 100_000) == 0)
        let result = BadInputTests.analyzer().analyze(input)
        #expect(result.error?.message.hasPrefix("file shrank while it was read (from \(packed.stdout.count) to 100000 bytes)") == true)
        #expect(result.summary.lines.events > 1_000)
        #expect(result.error?.line == result.summary.lines.read + 1)
    }

    @Test("growing while read, or cut after every byte was read, is no error: nothing that was there is missing")
    func notShrinking() throws {
        let folder = try TemporaryFolder()
        let text = BadInputTests.log(lines: 100)
        let path = try folder.write("mail.log", text)
        // Grows after the first buffer: the new lines are read too.
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        let grows = InterruptedSource(FileDescriptorSource(fd: fd, ownsDescriptor: true), before: 1) {
            let handle = FileHandle(forWritingAtPath: path)!
            handle.seekToEndOfFile()
            handle.write(Data(BadInputTests.line(100).utf8))
            handle.closeFile()
        }
        let grown = BadInputTests.analyzer(bufferSize: 1024).analyze(
            OpenedInput(name: InputName(path), source: grows, modificationTime: nil, size: nil))
        #expect(grown.error == nil)
        #expect(grown.summary.lines.events == 101)
        // Cut after open has read all of it (it is smaller than the sniff).
        let input = try OpenedInput.open(InputName(path))
        try #require(truncate(path, 0) == 0)
        let cut = BadInputTests.analyzer().analyze(input)
        #expect(cut.error == nil)
        #expect(cut.summary.lines.events == 101)
    }

    @Test("a chunk read with pread that ends before its range says the file shrank; opened after the cut, the size is a bound")
    func rangeShrinks() throws {
        let folder = try TemporaryFolder()
        let text = BadInputTests.log(lines: 400)
        let path = try folder.write("mail.log", text)
        let size = text.utf8.count
        let source = try FileRangeSource(path: path, range: 0..<size)
        let cutting = InterruptedSource(source, before: 1) { _ = truncate(path, 10_000) }
        let result = BadInputTests.analyzer(bufferSize: 4096).analyze(
            OpenedInput(name: InputName(path), source: cutting, modificationTime: nil, size: size))
        let counted = BadInputTests.lines(in: text, upTo: 10_000)
        #expect(result.summary.lines.events == counted)
        #expect(result.error?.line == counted + 1)
        #expect(result.error?.message == "file shrank while it was read (from \(size) to 10000 bytes); the lines before this one were counted (at byte 10000)")

        // The second half of a plan made before the cut: only the range's end is known.
        let late = try FileRangeSource(path: path, range: (size / 2)..<size)
        var buffer = [UInt8](repeating: 0, count: 4096)
        #expect(throws: InputError("file shrank while it was read (from at least \(size) to 10000 bytes); "
                                   + "the lines before this one were counted", byteOffset: size / 2)) {
            _ = try buffer.withUnsafeMutableBytes { try late.read(into: $0) }
        }
        // Once said, the range is over.
        #expect(try buffer.withUnsafeMutableBytes { try late.read(into: $0) } == 0)
    }

    @Test("a file cut between the plan and the reading of its chunks: the error has the whole file's line number")
    func chunkedFileShrinks() throws {
        let folder = try TemporaryFolder()
        let text = BadInputTests.log(lines: 4_000)
        let path = try folder.write("mail.log", text)
        // Two pipes hold both cores until the file is cut: the plan is made before any job
        // runs, and a job reading a pipe proves the plan is made. No sleep, no race.
        var first: [Int32] = [0, 0], second: [Int32] = [0, 0]
        try #require(pipe(&first) == 0 && pipe(&second) == 0)
        defer { close(first[0]); close(second[0]) }
        let filler = Array(BadInputTests.log(lines: 1_000).utf8)  // more than a pipe holds
        let done = DispatchSemaphore(value: 0)
        let firstWriter = first[1], secondWriter = second[1]
        Thread.detachNewThread {
            _ = filler.withUnsafeBytes { write(firstWriter, $0.baseAddress, $0.count) }
            _ = truncate(path, 20_000)
            close(firstWriter)
            close(secondWriter)
            done.signal()
        }
        var options = AnalysisOptions(startingYear: 2026, threads: 2)
        options.minimumChunk = 64 << 10
        let results = Analyzer(options: options).analyze([InputName("/dev/fd/\(first[0])"), InputName("/dev/fd/\(second[0])"),
                                                          InputName(path)])
        done.wait()
        #expect(results[0].summary.lines.events == 1_000)
        #expect(results[1].error == nil)
        let counted = BadInputTests.lines(in: text, upTo: 20_000)
        #expect(results[2].summary.lines.events == counted)
        let error = try #require(results[2].error)
        #expect(error.line == counted + 1)
        #expect(error.message.hasPrefix("file shrank while it was read (from at least "))
        #expect(error.message.contains(" to 20000 bytes)"))
    }

    // MARK: - A file replaced while it is read

    @Test("a file renamed away and created anew while read: the old one is read to its end, with a warning")
    func replaced() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("mail.log", BadInputTests.log(lines: 50))
        let input = try OpenedInput.open(InputName(path))
        try #require(rename(path, path + ".1") == 0)
        try folder.write("mail.log", "new\n")
        let result = BadInputTests.analyzer().analyze(input)
        #expect(result.error == nil)
        #expect(result.summary.lines.events == 50)
        #expect(result.warnings.map(\.description) == [
            "\(path): file was replaced while it was read (rotated?); the file that was open was read to its end, "
                + "and the new file at this path was not read",
        ])
        #expect(Report(inputs: [result]).warnings.contains(result.warnings[0].description))

        // Renamed away with nothing new in its place: nothing was missed.
        let again = try OpenedInput.open(InputName(path))
        try #require(rename(path, path + ".2") == 0)
        #expect(BadInputTests.analyzer().analyze(again).warnings.isEmpty)
        // Untouched: no warning.
        #expect(BadInputTests.analyzer().analyze(InputName(path + ".1")).warnings.isEmpty)
    }

    @Test("a chunk of a file replaced while read warns the same way, once per file")
    func chunkReplaced() throws {
        let folder = try TemporaryFolder()
        let text = BadInputTests.log(lines: 50)
        let path = try folder.write("mail.log", text)
        let source = try FileRangeSource(path: path, range: 0..<text.utf8.count)
        let input = OpenedInput(name: InputName(path), source: source, modificationTime: nil, size: nil)
        try #require(rename(path, path + ".1") == 0)
        try folder.write("mail.log", "new\n")
        let result = BadInputTests.analyzer().analyze(input)
        #expect(result.summary.lines.events == 50)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.message.hasPrefix("file was replaced while it was read") == true)
    }

    // MARK: - Cannot be opened

    /// Root reads a file whatever its mode, so `chmod 000` denies nothing there: this test
    /// runs only for other users. The command-line test drops to `nobody` to check it as root.
    @Test("a file without read permission is named, and the others are read", .enabled(if: geteuid() != 0))
    func permissionDenied() throws {
        let folder = try TemporaryFolder()
        let locked = try folder.write("locked.log", BadInputTests.log(lines: 5))
        let good = try folder.write("good.log", BadInputTests.log(lines: 10))
        try #require(chmod(locked, 0) == 0)
        let results = BadInputTests.analyzer().analyze([InputName(locked), InputName(good)])
        #expect(results[0].error?.description == "\(locked): permission denied")
        #expect(results[1].summary.lines.events == 10)
    }

    @Test("EACCES reads as 'permission denied', in the shape of the other messages (checked as root too)")
    func permissionMessage() {
        #expect(InputError.errno("", EACCES).description == "permission denied")
        #expect(InputError.errno("", ENOENT).description == "no such file or directory")
    }

    @Test("a file that vanishes between listing and opening is named as missing, and the others are read")
    func vanished() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.log", BadInputTests.log(lines: 5))
        try folder.write("b.log", BadInputTests.log(lines: 10))
        let listed = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted().map { folder.path($0) }
        try FileManager.default.removeItem(atPath: listed[0])
        for threads in [1, 2] {
            let results = BadInputTests.analyzer(threads: threads).analyze(listed.map(InputName.init))
            #expect(results[0].error?.description == "\(listed[0]): no such file or directory")
            #expect(results[1].summary.lines.events == 10)
        }
    }

    // MARK: - Damaged gzip

    @Test("a truncated or corrupt gzip file keeps what it held, and the error names the line and the byte")
    func damagedGzip() throws {
        let folder = try TemporaryFolder()
        let text = BadInputTests.log(lines: 3_000)
        let plain = try folder.write("plain", text)
        let packed = Array(try Shell.run("/bin/gzip", ["-c", "-n", plain]).stdout)
        let truncated = try folder.write("mail.log.2.gz", Array(packed.prefix(packed.count / 2)))
        var damaged = packed
        for index in (packed.count / 2)..<(packed.count / 2 + 64) { damaged[index] ^= 0xFF }
        let corrupt = try folder.write("mail.log.3.gz", damaged)
        let good = try folder.write("good.log", BadInputTests.log(lines: 10))

        let results = BadInputTests.analyzer(threads: 2).analyze([InputName(truncated), InputName(corrupt), InputName(good)])
        for (result, reason) in zip(results, ["gzip data ends early: the file is truncated (at byte ", "corrupt gzip data: "]) {
            let error = try #require(result.error)
            #expect(error.message.hasPrefix(reason))
            #expect(result.summary.lines.events > 500, "the readable part is reported")
            #expect(error.line == result.summary.lines.read + 1)
            #expect(error.message.contains("(at byte "))
        }
        // A cut stream is an exact prefix: the byte named is where the good data ends, and every
        // line counted lies before it. (Flipped bits can decode to garbage before zlib notices,
        // so the corrupt file is held only to naming the place.)
        let error = try #require(results[0].error)
        let offset = try #require(error.message.split(separator: "(at byte ").last.flatMap { Int($0.dropLast()) })
        #expect(BadInputTests.lines(in: text, upTo: offset) == results[0].summary.lines.read)
        #expect(error.description == "\(truncated):\(results[0].summary.lines.read + 1): "
                + "gzip data ends early: the file is truncated (at byte \(offset))")
        #expect(results[2].summary.lines.events == 10)
    }
}
