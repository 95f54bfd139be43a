import Testing
@testable import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// A segment of a decompressed stream (`SegmentBytes`): filled, cut at a line start, then read
/// once, its pages given back behind the reader. What is read must be what was filled, the
/// decoder's error must come after the last byte, and the pages behind the reader must leave
/// memory (checked with `mincore`, which tells which pages of a mapping are resident).
@Suite("Segments of a decompressed stream")
struct SegmentBytesTests {
    static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Reads the whole source through a buffer of `size` bytes.
    static func readAll(_ source: SegmentBytes, size: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: size)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return out }
            out += buffer[..<n]
        }
    }

    @Test("filled in pieces, cut, and read back: the bytes up to the cut, then the end")
    func fillCutRead() throws {
        let lines = (0..<5_000).map { "Nov 22 06:25:01 mx postfix/smtpd[\($0)]: connect from unknown[10.0.0.1]\n" }
        let bytes = Array(lines.joined().utf8)
        let segment = SegmentBytes(capacity: bytes.count + 100)
        segment.append(Array(bytes[..<1_000]))
        var at = 1_000
        while at < bytes.count {
            let room = segment.room(upTo: min(at + 7_777, bytes.count))
            let n = room.count
            bytes[at..<(at + n)].withUnsafeBytes { room.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: n) }
            segment.didFill(n)
            at += n
        }
        #expect(segment.count == bytes.count && Array(segment.bytes) == bytes)
        // The room never passes the capacity.
        #expect(segment.room(upTo: .max).count == 100)
        let cut = bytes.count - lines[4_999].utf8.count
        segment.cut(at: cut)
        #expect(try SegmentBytesTests.readAll(segment, size: 65_536) == Array(bytes[..<cut]))
        #expect(segment.consumedBytes == cut)
        var empty = [UInt8](repeating: 0, count: 16)
        #expect(try empty.withUnsafeMutableBytes { try segment.read(into: $0) } == 0, "the end stays the end")
    }

    @Test("the decoder's error comes after the last byte, as from the stream")
    func failureAfterBytes() throws {
        let segment = SegmentBytes(capacity: 64)
        segment.append(Array("line one\nline two\n".utf8))
        segment.failure = InputError("unexpected end of gzip data")
        var buffer = [UInt8](repeating: 0, count: 8)
        var read: [UInt8] = []
        var thrown: Error?
        do {
            while true {
                let n = try buffer.withUnsafeMutableBytes { try segment.read(into: $0) }
                read += buffer[..<n]
            }
        } catch {
            thrown = error
        }
        #expect(read == Array("line one\nline two\n".utf8))
        #expect(thrown as? InputError == InputError("unexpected end of gzip data"))
    }

    @Test("pages behind the reader are given back; those ahead stay")
    func pagesGivenBack() throws {
        let pages = 64
        let segment = SegmentBytes(capacity: pages * SegmentBytesTests.page)
        segment.append([UInt8](repeating: 0x41, count: pages * SegmentBytesTests.page))
        func resident() -> Int {
            var vector = [UInt8](repeating: 0, count: pages)
            let base = UnsafeMutableRawPointer(mutating: segment.bytes.baseAddress!)
            guard mincore(base, pages * SegmentBytesTests.page, &vector) == 0 else { return -1 }
            return vector.filter { $0 & 1 != 0 }.count
        }
        #expect(resident() == pages, "a filled segment is resident")
        var buffer = [UInt8](repeating: 0, count: 16 * SegmentBytesTests.page + 100)
        _ = try buffer.withUnsafeMutableBytes { try segment.read(into: $0) }
        // 16 whole pages read (and 100 bytes of the 17th): those 16 are gone, the rest stay.
        #expect(resident() == pages - 16)
        #expect(buffer.allSatisfy { $0 == 0x41 })
        while try buffer.withUnsafeMutableBytes({ try segment.read(into: $0) }) > 0 {}
        #expect(resident() == 0)
    }
}
