import Foundation
import Testing
@testable import SMTPLogKit

/// gzip is inflated by ISA-L: what it accepts and refuses must be what `gzip -dc` accepts and
/// refuses, on damage ISA-L checks itself (the trailer's CRC-32 and length, a header CRC) and on
/// what it does not look at (the header's reserved flags), with the data before the damage handed
/// out and the error's offset at its end.
@Suite("gzip through ISA-L", .serialized)
struct IsalGzipCodecTests {
    static let text = CompressionTests.text

    /// Decodes with our codec and with `gzip -dc`, and checks that both succeed or both fail,
    /// with the same output, and that our error comes after the output it names.
    @discardableResult
    static func agreeWithGzip(_ bytes: [UInt8], _ label: String, chunk: Int = .max,
                              readSize: Int = 777) throws -> CompressionTests.Decoded {
        let ours = try CompressionTests.decode(bytes, chunk: chunk, readSize: readSize)
        let theirs = try CompressionTests.toolDecode(bytes, .gzip)
        let toolFailed = theirs.status == 1
        #expect((ours.error != nil) == toolFailed,
                "\(label): gzip said \(theirs.status) \(theirs.stderr); we said \(String(describing: ours.error))")
        if let error = ours.error { #expect(error.byteOffset == ours.count, "\(label): \(error)") }
        if !toolFailed { #expect(ours.text == theirs.output, "\(label)") }
        return ours
    }

    /// The CRC-32 of gzip (RFC 1952, section 8), for a header CRC made by hand.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test("a wrong CRC-32 or length in the trailer: every byte is handed out, then the member is corrupt, as gzip says")
    func trailer() throws {
        let packed = try CompressionTests.compress(IsalGzipCodecTests.text, .gzip)
        for (field, index) in [("CRC-32", packed.count - 8), ("CRC-32", packed.count - 5), ("length", packed.count - 4),
                               ("length", packed.count - 1)] {
            var damaged = packed
            damaged[index] ^= 0x01
            for chunk in [1, 4_096, Int.max] {
                let ours = try IsalGzipCodecTests.agreeWithGzip(damaged, "\(field) at \(index), chunk \(chunk)", chunk: chunk)
                let error = try #require(ours.error, "\(field): no error")
                #expect(error.message.hasPrefix("corrupt gzip data: incorrect data check"), "\(error)")
                #expect(ours.text == IsalGzipCodecTests.text, "the member is inflated whole before its trailer is checked")
            }
        }
    }

    @Test("a damaged second member: the first is read whole, the error comes after what the second inflated")
    func damagedSecondMember() throws {
        let first = try CompressionTests.compress("first\n", .gzip)
        var second = try CompressionTests.compress(IsalGzipCodecTests.text, .gzip)
        second[second.count - 6] ^= 0xFF
        let ours = try IsalGzipCodecTests.agreeWithGzip(first + second, "second member's CRC", chunk: 3)
        #expect(ours.text == "first\n" + IsalGzipCodecTests.text)
        #expect(ours.error?.byteOffset == 6 + IsalGzipCodecTests.text.utf8.count)
    }

    @Test("many small members, fed a byte at a time and read a byte at a time, read as one text")
    func manyMembers() throws {
        let lines = (0..<40).map { "line \($0)\n" }
        var bytes: [UInt8] = []
        for line in lines { bytes += try CompressionTests.compress(line, .gzip) }
        for (chunk, readSize) in [(1, 1), (1, 1 << 20), (7, 3), (Int.max, 1)] {
            let ours = try IsalGzipCodecTests.agreeWithGzip(bytes, "chunk \(chunk), read \(readSize)", chunk: chunk, readSize: readSize)
            #expect(ours.error == nil && ours.text == lines.joined())
        }
    }

    @Test("stored blocks (incompressible bytes) and a member larger than ISA-L's history inflate exactly")
    func storedBlocks() throws {
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<300_000).map { _ in UInt8.random(in: 0x20...0x7E, using: &generator) }
        let text = String(decoding: noise, as: UTF8.self) + "\n" + IsalGzipCodecTests.text
        let packed = try CompressionTests.compress(text, .gzip)
        for (chunk, readSize) in [(1_000, 777), (Int.max, 1 << 20), (Int.max, 1)] {
            let ours = try CompressionTests.decode(packed, chunk: chunk, readSize: readSize)
            #expect(ours.error == nil && ours.text == text, "chunk \(chunk), read \(readSize)")
        }
    }

    @Test("reserved header flags are refused before anything is inflated, as gzip and zlib refuse them")
    func reservedFlags() throws {
        let packed = try CompressionTests.compress(IsalGzipCodecTests.text, .gzip)
        for bit: UInt8 in [0x20, 0x40, 0x80] {
            var flagged = packed
            flagged[3] |= bit
            for chunk in [1, 2, Int.max] {
                let ours = try IsalGzipCodecTests.agreeWithGzip(flagged, "flag \(bit), chunk \(chunk)", chunk: chunk)
                #expect(ours.error?.message == "corrupt gzip data: unknown header flags set")
                #expect(ours.count == 0)
            }
        }
        // The same on a second member: the first is handed out.
        var second = packed
        second[3] |= 0x80
        let ours = try IsalGzipCodecTests.agreeWithGzip(try CompressionTests.compress("first\n", .gzip) + second, "second member", chunk: 5)
        #expect(ours.text == "first\n" && ours.error?.message == "corrupt gzip data: unknown header flags set")
    }

    @Test("a header with a name, a comment, an extra field and a header CRC is read; a wrong header CRC is corrupt")
    func headerFields() throws {
        // gzip -n writes a 10-byte header with no optional fields: its deflate data and trailer
        // are put behind a header made here with every optional field.
        let packed = try CompressionTests.compress(IsalGzipCodecTests.text, .gzip)
        #expect(packed[3] == 0, "gzip from stdin writes no optional header field")
        let body = Array(packed[10...])
        let extra: [UInt8] = [0x41, 0x42, 0x03, 0x00, 0x01, 0x02, 0x03]
        var header: [UInt8] = [0x1F, 0x8B, 0x08, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0x00, 0x03]
        header += [UInt8(extra.count), 0] + extra + Array("mail.log\0".utf8) + Array("rotated\0".utf8)
        let crc = IsalGzipCodecTests.crc32(header)
        let good = header + [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF)] + body
        for chunk in [1, 3, Int.max] {
            let ours = try IsalGzipCodecTests.agreeWithGzip(good, "header fields, chunk \(chunk)", chunk: chunk)
            #expect(ours.error == nil && ours.text == IsalGzipCodecTests.text)
        }
        var bad = good
        bad[header.count] ^= 0x01
        let ours = try IsalGzipCodecTests.agreeWithGzip(bad, "wrong header CRC")
        #expect(ours.error?.message.hasPrefix("corrupt gzip data: ") == true && ours.count == 0)
    }

    @Test("a stream cut inside its header, its data or its trailer is truncated, as gzip says, at any feed size")
    func cutEverywhere() throws {
        let packed = try CompressionTests.compress("Nov 22 06:25:01 mx postfix/qmgr[1]: ABCDEF: removed\n", .gzip)
        for cut in 2..<packed.count {
            for chunk in [1, Int.max] {
                let ours = try IsalGzipCodecTests.agreeWithGzip(Array(packed.prefix(cut)), "cut at \(cut), chunk \(chunk)", chunk: chunk)
                #expect(ours.error?.message == "gzip data ends early: the file is truncated", "cut at \(cut): \(String(describing: ours.error))")
            }
        }
    }
}
