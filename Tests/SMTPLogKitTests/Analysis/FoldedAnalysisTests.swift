import Foundation
import Testing
@testable import SMTPLogKit

/// A run folds each input into its total as the input is read, so that memory does not grow
/// with the number of files. Folding must change nothing a report says: the same figures,
/// findings, message joins across files and per-input lines as merging whole results at the end.
@Suite("Inputs folded as they are read")
struct FoldedAnalysisTests {
    /// A generated Postfix log cut at line starts into files of uneven sizes (a message's
    /// arrival and its delivery often land in different files), with an empty file and a
    /// missing one among them.
    static func files(in folder: TemporaryFolder) throws -> [InputName] {
        let flavor = GeneratedTruthTests.Flavor(name: "folded", arguments: ["--flavor", "postfix", "--size", "2M", "--seed", "21"])
        let log = try GeneratedTruthTests.generate(flavor, in: folder).log
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var names: [InputName] = []
        var start = 0
        for (index, share) in [1, 9, 3, 40, 2, 25, 20].enumerated() {
            let end = index == 6 ? lines.count : min(lines.count, start + lines.count * share / 100)
            let path = folder.path("part\(index).log")
            try lines[start..<end].joined(separator: "\n").appending(end == lines.count ? "" : "\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            names.append(InputName(path))
            start = end
            if index == 2 {
                let empty = folder.path("empty.log")
                try "".write(toFile: empty, atomically: true, encoding: .utf8)
                names.append(InputName(empty))
                names.append(InputName(folder.path("missing.log")))
            }
        }
        return names
    }

    @Test("a folded run reports exactly what merging whole results reports, on one core and on two", arguments: [1, 2])
    func sameReport(threads: Int) throws {
        let folder = try TemporaryFolder()
        let names = try FoldedAnalysisTests.files(in: folder)
        var options = AnalysisOptions(startingYear: 2026, threads: threads)
        // Small chunks, so that two cores split the larger files too.
        options.minimumChunk = 64 * 1024
        let analyzer = Analyzer(options: options)
        let whole = analyzer.analyze(names)
        let folded = analyzer.analyzeFolded(names)
        #expect(whole.count == names.count && folded.inputs.count == names.count)
        #expect(folded.inputs.map(\.summary.lines) == whole.map(\.summary.lines))
        #expect(folded.inputs.map(\.error) == whole.map(\.error))
        #expect(folded.inputs[4].error != nil, "the missing file is reported where it was named")
        // The outlines hold no counts of their own: those are in the total.
        #expect(folded.inputs.allSatisfy { $0.summary.codes.isEmpty })
        #expect(!folded.summary.codes.isEmpty && folded.summary.traffic.messages.counts.delivered > 0)
        for format in [ReportFormat.json, .text] {
            let expected = try Report(inputs: whole).rendered(format)
            #expect(try Report(folded: folded).rendered(format) == expected, "\(format) on \(threads) threads")
        }
    }

    @Test("folding the files one by one equals one pass over the log they were cut from")
    func sameAsOneFile() throws {
        let folder = try TemporaryFolder()
        let names = try FoldedAnalysisTests.files(in: folder)
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: 2026))
        let folded = analyzer.analyzeFolded(names)
        let whole = analyzer.analyze(InputName(folder.path("folded.log")))
        #expect(folded.summary.traffic.messages.counts == whole.summary.traffic.messages.counts)
        #expect(folded.summary.traffic.sessions.connections == whole.summary.traffic.sessions.connections)
        #expect(folded.summary.codes == whole.summary.codes)
        #expect(folded.summary.lines.read == whole.summary.lines.read)
    }
}
