import Testing
@testable import SMTPLogKit

@Suite("Line reader")
struct LineReaderTests {
    static let sample: [UInt8] = Array("first line\r\nsecond\n\nfourth with a NUL \u{0} inside\nlast, no newline".utf8)

    @Test("lines split on raw newlines: CRLF, blank, NUL and a missing final newline")
    func splitsLines() throws {
        let lines = try readLines(LineReaderTests.sample)
        #expect(lines.map { String(decoding: $0!, as: UTF8.self) } == [
            "first line", "second", "", "fourth with a NUL \u{0} inside", "last, no newline",
        ])
    }

    @Test("every buffer size gives the same lines, so lines straddling buffers are whole",
          arguments: [1, 2, 3, 7, 16, 64])
    func tinyBuffers(size: Int) throws {
        let expected = try readLines(LineReaderTests.sample)
        #expect(try readLines(LineReaderTests.sample, bufferSize: size, maxLineLength: 100) == expected)
        #expect(try readLines(LineReaderTests.sample, bufferSize: size, maxLineLength: 100, chunk: 5) == expected)
    }

    @Test("a line longer than the limit is reported as oversized and the next lines still read")
    func oversizedLines() throws {
        let long = [UInt8](repeating: 0x41, count: 5_000)
        let bytes = Array("short\n".utf8) + long + Array("\nafter\n".utf8) + long
        for size in [16, 1024, 1 << 20] {
            let lines = try readLines(bytes, bufferSize: size, maxLineLength: 1_000)
            #expect(lines.count == 4)
            #expect(lines[0] == Array("short".utf8))
            #expect(lines[1] == nil)
            #expect(lines[2] == Array("after".utf8))
            #expect(lines[3] == nil)
        }
    }

    @Test("a line exactly at the limit is kept")
    func lineAtLimit() throws {
        let line = [UInt8](repeating: 0x42, count: 300)
        let lines = try readLines(line + [0x0A], bufferSize: 7, maxLineLength: 300)
        #expect(lines == [line])
    }

    @Test("empty input gives no line")
    func emptyInput() throws {
        #expect(try readLines([]).isEmpty)
    }
}
