import Foundation
import Testing
@testable import SMTPLogKit

/// Rotated logs compressed by logrotate's `compresscmd`: gzip, xz, bzip2 and zstd, made by the
/// real tools. Each is recognised by its magic bytes (on stdin too), concatenated streams are
/// all read, a truncated or corrupt file hands out what decoded before the damage and then an
/// error with the byte offset, and what follows the last stream is judged as the format's own
/// tool judges it.
@Suite("Compressed inputs: gzip, xz, bzip2, zstd", .serialized)
struct CompressionTests {
    static let text = (1...3_000).map {
        "Nov 22 06:\(String(format: "%02d", $0 / 60 % 60)):\(String(format: "%02d", $0 % 60)) mx postfix/smtpd[123]: warning: "
            + "unknown[10.0.\($0 / 250 % 250).\($0 % 250)]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
    }.joined()

    static func tool(_ format: Compression) throws -> String {
        let name = format == .gzip ? "gzip" : format.rawValue
        for folder in ["/usr/bin", "/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        try #require(Bool(false), "\(name) is not installed: run .ci/setup")
        return name
    }

    /// `text` compressed by the format's own tool. bzip2 gets its smallest block size (100 kB),
    /// so that a test log spans several blocks and a cut file still holds whole ones.
    static func compress(_ text: String, _ format: Compression) throws -> [UInt8] {
        let result = try Shell.run(tool(format), format == .bzip2 ? ["-c", "-1"] : ["-c"], stdin: Data(text.utf8))
        try #require(result.status == 0, "\(format) -c failed: \(result.stderr)")
        return Array(result.stdout)
    }

    /// What the format's tool makes of `bytes` with `-dc`: its output, status and messages.
    static func toolDecode(_ bytes: [UInt8], _ format: Compression) throws -> (output: String, status: Int32, stderr: String) {
        let result = try Shell.run(tool(format), ["-dc"], stdin: Data(bytes))
        return (String(decoding: result.stdout, as: UTF8.self), result.status, result.stderr)
    }

    struct Decoded {
        var text: String
        /// Bytes decoded (corrupt data may decode to bytes that are not UTF-8).
        var count: Int
        var error: InputError?
        var warnings: [String]
    }

    static func decode(_ bytes: [UInt8], chunk: Int = .max, readSize: Int = 777) throws -> Decoded {
        let format = try #require(Compression.sniff(bytes))
        let source = try format.decoder(upstream: MemorySource(bytes, chunk: chunk))
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: readSize)
        var error: InputError?
        do {
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                out += buffer[0..<n]
            }
        } catch let caught as InputError {
            error = caught
        }
        return Decoded(text: String(decoding: out, as: UTF8.self), count: out.count, error: error, warnings: source.warnings)
    }

    static let formats: [Compression] = [.gzip, .xz, .bzip2, .zstd]

    @Test("a file made by the tool is recognised by its magic and decoded, in any read size", arguments: formats)
    func decodes(format: Compression) throws {
        let packed = try CompressionTests.compress(CompressionTests.text, format)
        #expect(Compression.sniff(packed) == format)
        for (chunk, readSize) in [(1, 777), (100, 1 << 20), (Int.max, 3), (Int.max, 1 << 20)] {
            let decoded = try CompressionTests.decode(packed, chunk: chunk, readSize: readSize)
            #expect(decoded.error == nil, "\(format), chunk \(chunk): \(String(describing: decoded.error))")
            #expect(decoded.text == CompressionTests.text, "\(format), chunk \(chunk)")
            #expect(decoded.warnings.isEmpty)
        }
    }

    @Test("concatenated streams are all read, as cat a.X b.X makes them", arguments: formats)
    func concatenated(format: Compression) throws {
        let a = try CompressionTests.compress("first\n", format), b = try CompressionTests.compress("second\n", format)
        let c = try CompressionTests.compress(CompressionTests.text, format)
        let decoded = try CompressionTests.decode(a + b + c, chunk: 5)
        #expect(decoded.error == nil)
        #expect(decoded.text == "first\nsecond\n" + CompressionTests.text)
    }

    @Test("a truncated file hands out an exact prefix, then says where it was cut", arguments: formats)
    func truncated(format: Compression) throws {
        let packed = try CompressionTests.compress(CompressionTests.text, format)
        for cut in [packed.count / 2, packed.count - 1] {
            let decoded = try CompressionTests.decode(Array(packed.prefix(cut)))
            let error = try #require(decoded.error, "\(format) cut at \(cut) gave no error")
            #expect(error.message == "\(format.rawValue) data ends early: the file is truncated", "\(format): \(error)")
            #expect(error.byteOffset == decoded.count)
            #expect(CompressionTests.text.hasPrefix(decoded.text))
        }
        let half = try CompressionTests.decode(Array(packed.prefix(packed.count / 2)))
        #expect(half.count > 10_000, "\(format): the readable part is handed out")
    }

    @Test("corrupt data is an error with the offset, after what decoded before it", arguments: formats)
    func corrupt(format: Compression) throws {
        var packed = try CompressionTests.compress(CompressionTests.text, format)
        let middle = packed.count / 2
        for index in middle..<(middle + 16) { packed[index] ^= 0x55 }
        let decoded = try CompressionTests.decode(packed)
        let error = try #require(decoded.error, "\(format): flipped bytes gave no error")
        #expect(error.message.hasPrefix("corrupt \(format.rawValue) data: ") || error.message.hasPrefix("\(format.rawValue) data ends early"),
                "\(format): \(error)")
        #expect(error.byteOffset == decoded.count, "\(error)")
    }

    /// After the last stream: another stream, zero padding (three and four bytes: xz allows
    /// padding in multiples of four), zeros and then another stream, garbage, one stray byte.
    static let trailers: [(name: String, bytes: @Sendable (Compression) throws -> [UInt8])] = [
        ("a second stream", { try compress("second\n", $0) }),
        ("four zero bytes", { _ in [0, 0, 0, 0] }),
        ("three zero bytes", { _ in [0, 0, 0] }),
        ("zeros, then a second stream", { try [0, 0, 0, 0] + compress("second\n", $0) }),
        ("garbage", { _ in Array("garbage after the stream\n".utf8) }),
        ("one stray byte", { _ in [0x78] }),
        ("the first byte of a gzip magic", { _ in [0x1F] }),
    ]

    @Test("what follows the last stream is read, ignored, warned about or an error exactly as the format's tool does",
          arguments: formats, 0..<trailers.count)
    func trailingData(format: Compression, trailer: Int) throws {
        let (name, make) = CompressionTests.trailers[trailer]
        let bytes = try CompressionTests.compress("first\n", format) + make(format)
        let ours = try CompressionTests.decode(bytes, chunk: 3)
        let theirs = try CompressionTests.toolDecode(bytes, format)
        let label = "\(format), \(name): the tool said \(theirs.status) \(theirs.stderr)"
        #expect(ours.text == theirs.output, "\(label); we decoded \(ours.text.debugDescription)")
        // gzip and bzip2 warn of trailing garbage (gzip's status 2 is its warning status);
        // anything else the tool complains about is an error.
        let toolWarned = theirs.stderr.contains("trailing garbage")
        let toolFailed = !toolWarned && (theirs.status != 0 || !theirs.stderr.isEmpty)
        #expect(ours.warnings.isEmpty != toolWarned, "\(label); our warnings: \(ours.warnings)")
        #expect((ours.error != nil) == toolFailed, "\(label); our error: \(String(describing: ours.error))")
        if toolWarned {
            let warning = try #require(ours.warnings.first)
            #expect(warning.contains("trailing garbage") && warning.contains("from byte "))
        }
    }

    @Test("the gzip member behind NUL padding is not read, with gzip's warning on the input; exit status 0")
    func gzipPaddingWarning() throws {
        let folder = try TemporaryFolder()
        let first = try CompressionTests.compress(BadInputTests.log(lines: 5), .gzip)
        let second = try CompressionTests.compress(BadInputTests.log(lines: 7), .gzip)
        let path = try folder.write("mail.log.2.gz", first + [UInt8](repeating: 0, count: 512) + second)
        let result = BadInputTests.analyzer().analyze(InputName(path))
        #expect(result.error == nil)
        #expect(result.summary.lines.events == 5)
        #expect(result.warnings.map(\.message) == ["decompression OK, trailing garbage ignored (from byte \(first.count + 512) of the file): "
                                                   + "what follows the last gzip member was not read, as gzip -dc does"])
        let run = try CommandLineTests.smtplog(["report", "--year", "2026", path])
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: \(path): decompression OK, trailing garbage ignored"), "stderr: \(run.stderr)")
    }

    @Test("each format is read from a file whatever its name, and from stdin, by the command", arguments: formats)
    func commandLine(format: Compression) throws {
        let folder = try TemporaryFolder()
        let packed = try CompressionTests.compress(BadInputTests.log(lines: 40), format)
        let named = try folder.write("mail.log.3" + format.suffix, packed)
        let renamed = try folder.write("renamed.log", packed)
        for arguments in [[named], [renamed], ["-"]] {
            let run = try CommandLineTests.smtplog(["report", "--format", "json", "--year", "2026"] + arguments,
                                                   stdin: arguments == ["-"] ? Data(packed) : nil)
            #expect(run.status == 0, "\(format) \(arguments): \(run.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(report["events"] as? Int == 40, "\(format) \(arguments)")
            let input = try #require((report["inputs"] as? [[String: Any]])?.first)
            #expect(input["compressed"] as? Bool == true)
            #expect(input["compression"] as? String == format.rawValue)
        }
    }

    @Test("a truncated file of each format: its readable part is reported, the message names line and byte, status 2",
          arguments: formats)
    func truncatedCommandLine(format: Compression) throws {
        let folder = try TemporaryFolder()
        let text = BadInputTests.log(lines: 3_000)
        let packed = try CompressionTests.compress(text, format)
        let cut = try folder.write("mail.log.2" + format.suffix, Array(packed.prefix(packed.count * 3 / 4)))
        let run = try CommandLineTests.smtplog(["report", "--format", "json", "--year", "2026", cut])
        #expect(run.status == 2)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let lines = try #require(report["lines"] as? Int)
        #expect(lines > 1_000, "\(format): the readable part is reported")
        #expect(run.stderr.hasPrefix("smtplog: \(cut):\(lines + 1): \(format.rawValue) data ends early: the file is truncated (at byte "),
                "stderr: \(run.stderr)")
    }

    @Test("rotated sets order .xz, .bz2 and .zst files by their number, like .gz")
    func rotatedOrder() {
        let names = ["mail.log", "mail.log.4.zst", "mail.log.1", "mail.log.2.gz", "mail.log.3.bz2", "mail.log.5.xz",
                     "mail.log-20261120.zst", "mail.log-20261121.xz"].map(InputName.init)
        let ordered = RotatedSet.order(names).names.map(\.path)
        #expect(ordered == ["mail.log-20261120.zst", "mail.log-20261121.xz", "mail.log.5.xz", "mail.log.4.zst",
                            "mail.log.3.bz2", "mail.log.2.gz", "mail.log.1", "mail.log"])
    }

    @Test("plain text that starts like no format is not sniffed as one")
    func sniffing() {
        #expect(Compression.sniff(Array("Nov 22 06:25:01 mx".utf8)) == nil)
        #expect(Compression.sniff(Array("BZh".utf8)) == nil)
        #expect(Compression.sniff(Array("BZhx rest".utf8)) == nil)
        #expect(Compression.sniff([0x1F]) == nil)
        #expect(Compression.sniff([0x5E, 0x2A, 0x4D, 0x18]) == .zstd)   // a skippable frame
    }

    @Test("a compressed rotated file wholly outside the window is skipped after a look at its first line and mtime",
          arguments: formats)
    func windowSkip(format: Compression) throws {
        let folder = try TemporaryFolder()
        let day = { (day: Int) in (0..<20).map { "Nov \(day) 06:25:\(String(format: "%02d", $0)) mx postfix/smtpd[1]: warning: unknown[10.0.0.\($0)]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n" }.joined() }
        let old = try folder.write("mail.log.2" + format.suffix, try CompressionTests.compress(day(20), format))
        try setModificationTime(old, LogTime(year: 2026, month: 11, day: 20, hour: 23, minute: 0, second: 0))
        let current = try folder.write("mail.log.1" + format.suffix, try CompressionTests.compress(day(22), format))
        try setModificationTime(current, LogTime(year: 2026, month: 11, day: 22, hour: 23, minute: 0, second: 0))
        for threads in [1, 2] {
            var options = AnalysisOptions(threads: threads)
            options.window = TimeWindow.day(20261122)
            let results = Analyzer(options: options).analyze([InputName(old), InputName(current)])
            #expect(results.map { $0.skippedSpan != nil } == [true, false], "\(format), \(threads) threads")
            #expect(results[1].summary.lines.events == 20)
            #expect(results[1].compression == format)
        }
    }

    @Test("an incremental run looks for the rotated predecessor under every compression suffix")
    func rotatedSuffixes() {
        for suffix in [".1", ".1.gz", ".1.xz", ".1.bz2", ".1.zst", ".0", ".0.gz", ".0.xz", ".0.bz2", ".0.zst"] {
            #expect(IncrementalRun.rotatedSuffixes.contains(suffix), "\(suffix)")
        }
    }
}
