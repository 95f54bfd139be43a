import Foundation
import Testing
@testable import SMTPLogKit

@Suite("Gzip input")
struct GzipSourceTests {
    static let text = (1...2_000).map { "Nov 22 06:25:\(String(format: "%02d", $0 % 60)) mx1 postfix/qmgr[1]: ABCDEF\($0): removed\n" }.joined()

    static func gzip(_ text: String) throws -> [UInt8] {
        let folder = try TemporaryFolder()
        let path = try folder.write("plain", text)
        let result = try Shell.run("/bin/gzip", ["-c", "-n", path])
        #expect(result.status == 0)
        return Array(result.stdout)
    }

    static func decode(_ bytes: [UInt8], chunk: Int = .max) throws -> (String, InputError?) {
        let source = try Compression.gzip.decoder(upstream: MemorySource(bytes, chunk: chunk))
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 777)
        do {
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                out += buffer[0..<n]
            }
        } catch let error as InputError {
            return (String(decoding: out, as: UTF8.self), error)
        }
        return (String(decoding: out, as: UTF8.self), nil)
    }

    @Test("decodes a whole file, in any read size")
    func decodes() throws {
        let compressed = try GzipSourceTests.gzip(GzipSourceTests.text)
        for chunk in [1, 100, Int.max] {
            let (text, error) = try GzipSourceTests.decode(compressed, chunk: chunk)
            #expect(error == nil)
            #expect(text == GzipSourceTests.text)
        }
    }

    @Test("concatenated members are all read, as `cat a.gz b.gz` makes them")
    func members() throws {
        let a = try GzipSourceTests.gzip("first\n"), b = try GzipSourceTests.gzip("second\n")
        let (text, error) = try GzipSourceTests.decode(a + b)
        #expect(error == nil)
        #expect(text == "first\nsecond\n")
    }

    @Test("a truncated file hands out what it held, then says it is truncated")
    func truncated() throws {
        let compressed = try GzipSourceTests.gzip(GzipSourceTests.text)
        let cut = Array(compressed.prefix(compressed.count / 2))
        let (text, error) = try GzipSourceTests.decode(cut)
        #expect(error?.message.contains("truncated") == true)
        #expect(text.count > 1_000)
        #expect(GzipSourceTests.text.hasPrefix(text))
    }

    @Test("corrupt data is reported as corrupt")
    func corrupt() throws {
        var compressed = try GzipSourceTests.gzip(GzipSourceTests.text)
        for index in 40..<80 { compressed[index] ^= 0xFF }
        let (_, error) = try GzipSourceTests.decode(compressed)
        #expect(error != nil)
    }

    @Test("gzip is sniffed by content: a .gz name on plain text reads as text, and the reverse")
    func sniffsContent() throws {
        let folder = try TemporaryFolder()
        let plain = try folder.write("mail.log.2.gz", "not compressed\n")
        let packed = try folder.write("mail.log", try GzipSourceTests.gzip("compressed\n"))
        let a = try OpenedInput.open(InputName(plain)), b = try OpenedInput.open(InputName(packed))
        #expect(!a.isCompressed)
        #expect(b.isCompressed)
        var lines: [String] = []
        try LineReader().forEachLine(in: b.source) { line, _ in lines.append(String(decoding: line, as: UTF8.self)) }
        #expect(lines == ["compressed"])
    }
}
