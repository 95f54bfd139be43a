import Foundation
import Synchronization
import Testing
@testable import SMTPLogKit

/// A decoder run on a thread of its own hands the reader exactly what it would have handed out
/// read in place: the same bytes, the same error with the same offset after them, the same
/// warnings; through rings of any size, and it stops with its reader.
@Suite("Decompression on a thread of its own", .serialized)
struct ReadAheadSourceTests {
    /// What a source handed out, read to its end or its error.
    struct Outcome: Equatable, CustomStringConvertible {
        var bytes: [UInt8] = []
        var error: String?
        var warnings: [String] = []
        var description: String { "\(bytes.count) bytes, error \(error ?? "none"), warnings \(warnings)" }
    }

    static func drain(_ source: ByteSource, readSize: Int, warnings: () -> [String]) -> Outcome {
        var outcome = Outcome()
        var buffer = [UInt8](repeating: 0, count: readSize)
        do {
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                outcome.bytes += buffer[0..<n]
            }
        } catch {
            outcome.error = "\(error)"
        }
        // A source that ended stays ended.
        let after = (try? buffer.withUnsafeMutableBytes { try source.read(into: $0) }) ?? -1
        #expect(after == 0, "a read after the end or the error gave \(after)")
        outcome.warnings = warnings()
        return outcome
    }

    /// `bytes` decoded in place, and through read-ahead rings of several shapes: all the same.
    /// - Parameter tiny: rings of a byte or a few: every byte is a hand-over between threads.
    static func expectSame(_ bytes: [UInt8], _ label: String, tiny: Bool = false) throws {
        let format = try #require(Compression.sniff(bytes))
        let plain = try format.decoder(upstream: MemorySource(bytes, chunk: 10_000))
        let expected = drain(plain, readSize: 1 << 20) { plain.warnings }
        let shapes = tiny ? [(1, 1, 777), (1, 2, 1), (7, 2, 3), (3, 1, 1 << 20)]
            : [(333, 1, 777), (4_096, 4, 1 << 20), (1 << 20, 3, 1 << 20), (1 << 20, 2, 100)]
        for (slotSize, slotCount, readSize) in shapes {
            let decoder = try format.decoder(upstream: MemorySource(bytes, chunk: 10_000))
            let ahead = try #require(ReadAheadSource(source: decoder, decoder: decoder, slotSize: slotSize, slotCount: slotCount))
            let outcome = drain(ahead, readSize: readSize) { ahead.warnings }
            #expect(outcome == expected, "\(label), slots \(slotCount) x \(slotSize), reads of \(readSize): \(outcome) against \(expected)")
            #expect(ahead.consumedBytes == bytes.count || expected.error != nil, "\(label): consumed \(ahead.consumedBytes)")
        }
    }

    @Test("every format, whole, through rings of 333 bytes to 1 MiB", arguments: CompressionTests.formats)
    func whole(format: Compression) throws {
        try ReadAheadSourceTests.expectSame(try CompressionTests.compress(CompressionTests.text, format), "\(format)")
    }

    @Test("rings of one byte to a few: a short text, cut and whole, hands over byte by byte", arguments: CompressionTests.formats)
    func tinyRings(format: Compression) throws {
        let packed = try CompressionTests.compress(String(CompressionTests.text.prefix(3_000)), format)
        try ReadAheadSourceTests.expectSame(packed, "\(format)", tiny: true)
        try ReadAheadSourceTests.expectSame(Array(packed.prefix(packed.count - 5)), "\(format) cut", tiny: true)
    }

    @Test("damage mid-stream: the bytes before it, then the same error with the same offset", arguments: CompressionTests.formats)
    func damaged(format: Compression) throws {
        var packed = try CompressionTests.compress(CompressionTests.text, format)
        try ReadAheadSourceTests.expectSame(Array(packed.prefix(packed.count * 2 / 3)), "\(format) cut")
        let middle = packed.count / 2
        for index in middle..<(middle + 16) { packed[index] ^= 0x55 }
        try ReadAheadSourceTests.expectSame(packed, "\(format) corrupt")
    }

    @Test("trailing garbage: the decoder's warning reaches the reader; a stray byte is its error")
    func trailingGarbage() throws {
        let packed = try CompressionTests.compress(CompressionTests.text, .gzip)
        try ReadAheadSourceTests.expectSame(packed + [0, 0, 0, 0] + Array("garbage\n".utf8), "gzip with garbage")
        try ReadAheadSourceTests.expectSame(packed + [0x78], "gzip with a stray byte")
    }

    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    /// A source that notes when it is let go, to tell that the decoding thread ended.
    final class Watched: ByteSource {
        let upstream: MemorySource
        let released: Flag
        init(_ bytes: [UInt8], released: Flag) {
            upstream = MemorySource(bytes, chunk: 4_096)
            self.released = released
        }
        deinit { released.set() }
        var consumedBytes: Int { upstream.consumedBytes }
        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try upstream.read(into: buffer) }
    }

    @Test("a reader that stops early, before or after reading, with the ring full or not: the thread ends and lets the file go")
    func earlyClose() throws {
        // Through a file: a compressed text larger than a pipe's buffer cannot go through stdin.
        let packed = try GzipSourceTests.gzip(String(repeating: CompressionTests.text, count: 20))
        for (firstRead, pause) in [(0, false), (0, true), (10, false), (10, true), (300_000, true)] {
            let released = Flag()
            var handedOut = 0
            do {
                let decoder = try Compression.gzip.decoder(upstream: Watched(packed, released: released))
                let ahead = try #require(ReadAheadSource(source: decoder, decoder: decoder, slotSize: 64 << 10, slotCount: 2))
                var buffer = [UInt8](repeating: 0, count: firstRead)
                while handedOut < firstRead {
                    let n = try buffer.withUnsafeMutableBytes { try ahead.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[handedOut...])) }
                    handedOut += n
                }
                #expect(buffer == Array(CompressionTests.text.utf8.prefix(firstRead)))
                // Let the decoding thread fill the ring and wait for a free slot.
                if pause { usleep(50_000) }
                #expect(!released.isSet, "the decoder was let go while it was read")
            }
            #expect(released.isSet, "after \(handedOut) bytes: the decoding thread still holds the input")
        }
    }

    @Test("closed, a source hands out nothing more and closing again is harmless")
    func closeTwice() throws {
        let packed = try CompressionTests.compress(CompressionTests.text, .xz)
        let decoder = try Compression.xz.decoder(upstream: MemorySource(packed))
        let ahead = try #require(ReadAheadSource(source: decoder, decoder: decoder, slotSize: 1_000, slotCount: 2))
        var buffer = [UInt8](repeating: 0, count: 100)
        #expect(try buffer.withUnsafeMutableBytes { try ahead.read(into: $0) } == 100)
        ahead.close()
        ahead.close()
        #expect(try buffer.withUnsafeMutableBytes { try ahead.read(into: $0) } == 0)
    }

    @Test("a generated log gives byte-identical JSON read in place (one core) and decoded beside its parsing (two), gzip and xz",
          arguments: [Compression.gzip, .xz])
    func sameReport(format: Compression) throws {
        let folder = try TemporaryFolder()
        let (log, truth) = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[0], in: folder)
        let compressed = try Shell.run(try CompressionTests.tool(format), ["-c", log])
        try #require(compressed.status == 0, "\(format): \(compressed.stderr)")
        let packed = try folder.write("mail.log.1" + format.suffix, Array(compressed.stdout))
        var reports: [String] = []
        for threads in [1, 2] {
            var options = AnalysisOptions(startingYear: GeneratedTruthTests.startYear(truth), threads: threads)
            options.now = 1_800_000_000
            let results = Analyzer(options: options).analyze([InputName(packed)])
            #expect(results[0].error == nil && results[0].compression == format)
            reports.append(try Report(inputs: results).rendered(.json))
        }
        #expect(reports[0] == reports[1], "\(format): the JSON differs between one core and two")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(reports[1].utf8)) as? [String: Any])
        try GeneratedTruthTests.expectEqualFigures(report, truth, "\(format) on two cores")
    }
}
