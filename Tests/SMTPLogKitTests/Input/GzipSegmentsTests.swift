import Foundation
import Testing
@testable import SMTPLogKit

/// A compressed input read on three cores or more is parsed in segments of its decompressed
/// stream (`StreamSegments`); on two, in one pass beside its decoder. Tiny segments make
/// hundreds of them on a small log: the report must be the one a single pass gives, byte for
/// byte, and the input's error, warnings and byte counts too. (More threads than the machine's
/// cores only share them.)
@Suite("Compressed input parsed in segments on several cores", .serialized)
struct GzipSegmentsTests {
    /// The result and its JSON report, read whole (`analyze(_:)`) and folded as the command
    /// reads it (`analyzeFolded`), with the given threads and segment size.
    static func read(_ path: String, threads: Int, segmentSize: Int = StreamSegments.defaultSegmentSize,
                     startingYear: Int = 2026) throws -> (result: InputResult, json: String, folded: String) {
        var options = AnalysisOptions(startingYear: startingYear, threads: threads)
        options.segmentSize = segmentSize
        let analyzer = Analyzer(options: options)
        let result = analyzer.analyze(InputName(path))
        let folded = analyzer.analyzeFolded([InputName(path)])
        return (result, try Report(inputs: [result]).rendered(.json), try Report(folded: folded).rendered(.json))
    }

    /// What must be equal between a single pass and a segmented one, beyond the report.
    static func expectSameInput(_ one: InputResult, _ two: InputResult, _ label: String) {
        #expect(one.error == two.error, "\(label): error")
        #expect(one.warnings == two.warnings, "\(label): warnings")
        #expect(one.bytesRead == two.bytesRead, "\(label): compressed bytes read")
        #expect(one.resumeOffset == two.resumeOffset, "\(label): resume offset")
        #expect(one.compression == two.compression && two.isCompressed, "\(label): compression")
        #expect(one.summary.lines == two.summary.lines, "\(label): lines")
        #expect(one.summary.details == two.summary.details, "\(label): examples keep their line numbers")
    }

    /// Gzips `bytes` with the system's gzip, through files (a pipe can fill both ways at once).
    static func gzip(_ bytes: [UInt8], in folder: TemporaryFolder, name: String) throws -> String {
        let plain = try folder.write(name, bytes)
        let result = try Shell.run("/usr/bin/gzip", ["-n", "-f", plain])
        try #require(result.status == 0, "gzip failed: \(result.stderr)")
        return plain + ".gz"
    }

    @Test("a generated gzip log gives byte-identical JSON on one core, beside its decoder on two and in segments on three, equal to its truth",
          arguments: [GeneratedTruthTests.flavors[3],
                      GeneratedTruthTests.Flavor(name: "postfix-new-year-gzip",
                                                 arguments: ["--flavor", "postfix", "--size", "2M", "--seed", "15", "--gzip",
                                                             "--start", "2026-12-30T00:00:00", "--days", "4"])])
    func sameAsOnePass(_ flavor: GeneratedTruthTests.Flavor) throws {
        let folder = try TemporaryFolder()
        let (log, truth) = try GeneratedTruthTests.generate(flavor, in: folder)
        let year = GeneratedTruthTests.startYear(truth)
        let one = try GzipSegmentsTests.read(log, threads: 1, startingYear: year)
        #expect(one.result.error == nil && one.result.compression == .gzip)
        #expect(one.folded == one.json)
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(one.json.utf8)) as? [String: Any])
        try GeneratedTruthTests.expectEqualFigures(ours, truth, flavor.name)
        // Two cores: decoded on one, parsed in one pass on the other (`ReadAheadSource`).
        let ahead = try GzipSegmentsTests.read(log, threads: 2, startingYear: year)
        #expect(ahead.result.segments == 0, "\(flavor.name), two cores: one pass")
        #expect(ahead.json == one.json, "\(flavor.name), two cores: JSON")
        #expect(ahead.folded == one.json, "\(flavor.name), two cores: JSON, folded")
        GzipSegmentsTests.expectSameInput(one.result, ahead.result, "\(flavor.name), two cores")
        for segmentSize in [4 << 10, 100_000, StreamSegments.defaultSegmentSize] {
            let two = try GzipSegmentsTests.read(log, threads: StreamSegments.minimumThreads, segmentSize: segmentSize, startingYear: year)
            let label = "\(flavor.name), segments of \(segmentSize) bytes"
            #expect(two.result.segments > (segmentSize < 1 << 20 ? 10 : 0), "\(label): \(two.result.segments) segments")
            #expect(two.json == one.json, "\(label): JSON")
            #expect(two.folded == one.json, "\(label): JSON, folded")
            GzipSegmentsTests.expectSameInput(one.result, two.result, label)
        }
    }

    @Test("a gzip file cut in the middle: the same error line and the same counts of the good part on one core, two and in segments")
    func truncated() throws {
        let folder = try TemporaryFolder()
        let (log, _) = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[3], in: folder)
        let packed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: log)))
        let cut = try folder.write("cut.log.gz", Array(packed.prefix(packed.count / 2)))
        let one = try GzipSegmentsTests.read(cut, threads: 1)
        let error = try #require(one.result.error)
        #expect(error.line != nil && error.message.contains("truncated"), "\(error)")
        #expect(one.result.summary.lines.read > 10_000, "the good part is counted")
        for segmentSize in [4 << 10, 100_000] {
            let two = try GzipSegmentsTests.read(cut, threads: StreamSegments.minimumThreads, segmentSize: segmentSize)
            #expect(two.result.segments > 10, "segments of \(segmentSize) bytes: \(two.result.segments) segments")
            #expect(two.json == one.json, "segments of \(segmentSize) bytes: JSON")
            GzipSegmentsTests.expectSameInput(one.result, two.result, "cut, segments of \(segmentSize) bytes")
        }
        let ahead = try GzipSegmentsTests.read(cut, threads: 2)
        #expect(ahead.result.segments == 0, "two cores: one pass")
        #expect(ahead.json == one.json, "two cores: JSON")
        GzipSegmentsTests.expectSameInput(one.result, ahead.result, "cut, two cores")
    }

    @Test("trailing garbage after the gzip member: the same warning, once, on one core, two and in segments")
    func trailingGarbage() throws {
        let folder = try TemporaryFolder()
        let (log, _) = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[3], in: folder)
        let packed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: log)))
        let path = try folder.write("garbage.log.gz", packed + Array("garbage after the stream\n".utf8))
        let one = try GzipSegmentsTests.read(path, threads: 1)
        #expect(one.result.warnings.count == 1 && one.result.warnings[0].message.contains("trailing garbage"),
                "\(one.result.warnings)")
        let two = try GzipSegmentsTests.read(path, threads: StreamSegments.minimumThreads, segmentSize: 8 << 10)
        #expect(two.result.segments > 10, "\(two.result.segments) segments")
        #expect(two.json == one.json)
        GzipSegmentsTests.expectSameInput(one.result, two.result, "trailing garbage")
        let ahead = try GzipSegmentsTests.read(path, threads: 2)
        #expect(ahead.result.segments == 0 && ahead.json == one.json, "two cores")
        GzipSegmentsTests.expectSameInput(one.result, ahead.result, "trailing garbage, two cores")
    }

    @Test("a line longer than a segment and the reader's limit: the rest is read in one pass, with the same report")
    func longLine() throws {
        let folder = try TemporaryFolder()
        let (log, _) = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[4], in: folder)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let long = "Dec 30 10:00:00 mx postfix/smtpd[1]: " + String(repeating: "x", count: 300_000)
        let text = (lines[..<3_000] + [Substring(long)] + lines[3_000...]).joined(separator: "\n") + "\n"
        let path = try GzipSegmentsTests.gzip(Array(text.utf8), in: folder, name: "long.log")
        let one = try GzipSegmentsTests.read(path, threads: 1)
        #expect(one.result.summary.lines.read == lines.count + 1)
        let two = try GzipSegmentsTests.read(path, threads: StreamSegments.minimumThreads, segmentSize: 4 << 10)
        #expect(two.json == one.json)
        GzipSegmentsTests.expectSameInput(one.result, two.result, "long line")
    }

    @Test("segments only from three threads, for a compressed file read from its start while cores would idle")
    func whenSegmentsPay() {
        #expect(!StreamSegments.pays(threads: 2, coresIdle: true, compressed: true, resuming: false),
                "two cores: one pass beside the decoder")
        #expect(StreamSegments.pays(threads: 3, coresIdle: true, compressed: true, resuming: false))
        #expect(StreamSegments.pays(threads: 8, coresIdle: true, compressed: true, resuming: false))
        #expect(!StreamSegments.pays(threads: 8, coresIdle: false, compressed: true, resuming: false), "every core has a file")
        #expect(!StreamSegments.pays(threads: 8, coresIdle: true, compressed: false, resuming: false), "plain files are chunked")
        #expect(!StreamSegments.pays(threads: 8, coresIdle: true, compressed: true, resuming: true), "resumed in the middle")
    }

    @Test("segments are cut before a stamped line, never inside an Exim reject log entry")
    func cutsAtStampedLines() {
        let text = "2026-01-02 10:00:00 H=x rejected\nEnvelope-from: <a@b>\n  continued header\n2026-01-02 10:00:01 H=y rejected\nEnvelope"
        let bytes = Array(text.utf8)
        let cut = bytes.withUnsafeBufferPointer { StreamSegments.cut($0) }
        #expect(cut == text.utf8.distance(from: text.utf8.startIndex, to: text.range(of: "2026-01-02 10:00:01")!.lowerBound))
        let unstamped = Array("2026-01-02 10:00:00 H=x rejected\nEnvelope-from: <a@b>\n  more\n".utf8)
        #expect(unstamped.withUnsafeBufferPointer { StreamSegments.cut($0) } == nil)
    }
}
