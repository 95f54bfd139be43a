import Foundation
import Testing
@testable import SMTPLogKit

/// Many small files (a log cut into 200 pieces) report what the log they were cut from reports,
/// on one core and on several: the workers read files concurrently and one of them at a time
/// folds the results in the order given, so nothing but the files' names may differ.
@Suite("Many small files")
struct ManyFilesTests {
    /// A generated Postfix log and the same log cut at line starts into `count` files of
    /// uneven sizes: messages arrive in one file and are delivered in a later one.
    static func cut(into count: Int, in folder: TemporaryFolder) throws -> (log: InputName, parts: [InputName]) {
        let flavor = GeneratedTruthTests.Flavor(name: "many", arguments: ["--flavor", "postfix", "--size", "1M", "--seed", "13"])
        let log = try GeneratedTruthTests.generate(flavor, in: folder).log
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 4 * count, "the log is long enough to give every file lines")
        var parts: [InputName] = []
        var start = 0
        for index in 0..<count {
            // Sizes from half to one and a half times the mean, the last file takes the rest.
            let share = lines.count / count * (50 + (index * 37) % 100) / 100
            let end = index == count - 1 ? lines.count : min(lines.count, start + share)
            let path = folder.path(String(format: "part%03d.log", index))
            try lines[start..<end].joined(separator: "\n").appending(end == lines.count ? "" : "\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            parts.append(InputName(path))
            start = end
        }
        return (InputName(log), parts)
    }

    /// The JSON report without what names the files: the list of inputs and where each example
    /// was found (file and line), which differ between one log and its pieces by design.
    static func figures(_ json: String) throws -> NSDictionary {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                var kept: [String: Any] = [:]
                for (key, inner) in object where !["inputs", "file", "line"].contains(key) { kept[key] = strip(inner) }
                return kept
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        return try #require(strip(object) as? [String: Any]) as NSDictionary
    }

    @Test("200 files give the figures, findings and examples of the one log they were cut from", arguments: [1, 2])
    func sameAsOneLog(threads: Int) throws {
        let folder = try TemporaryFolder()
        let (log, parts) = try ManyFilesTests.cut(into: 200, in: folder)
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: 2026, threads: threads))
        let one = analyzer.analyzeFolded([log])
        let many = analyzer.analyzeFolded(parts)
        #expect(many.inputs.map(\.name) == parts, "one outline per file, in the order given")
        #expect(many.inputs.allSatisfy { $0.error == nil && $0.summary.lines.read > 0 })
        #expect(many.inputs.reduce(0) { $0 + $1.summary.lines.read } == one.summary.lines.read)
        #expect(many.summary.traffic.messages.counts.delivered > 0 && !many.summary.codes.isEmpty)
        let expected = try ManyFilesTests.figures(Report(folded: one).rendered(.json))
        #expect(try ManyFilesTests.figures(Report(folded: many).rendered(.json)) == expected, "\(threads) threads")
    }

    @Test("more threads than cores fold 200 files into exactly the report of one thread", arguments: [2, 3, 8])
    func threadsAgree(threads: Int) throws {
        let folder = try TemporaryFolder()
        var (_, parts) = try ManyFilesTests.cut(into: 200, in: folder)
        // A missing file and an empty one among them keep their places.
        parts.insert(InputName(folder.path("missing.log")), at: 17)
        try "".write(toFile: folder.path("empty.log"), atomically: true, encoding: .utf8)
        parts.insert(InputName(folder.path("empty.log")), at: 101)
        var options = AnalysisOptions(startingYear: 2026, threads: 1)
        let single = Analyzer(options: options).analyzeFolded(parts)
        options.threads = threads
        let several = Analyzer(options: options).analyzeFolded(parts)
        #expect(several.inputs.map(\.name) == parts)
        #expect(several.inputs.map(\.summary.lines) == single.inputs.map(\.summary.lines))
        #expect(several.inputs.map(\.error) == single.inputs.map(\.error))
        #expect(several.inputs[17].error != nil && several.inputs[101].summary.lines.read == 0)
        for format in [ReportFormat.json, .text] {
            #expect(try Report(folded: several).rendered(format) == Report(folded: single).rendered(format),
                    "\(format) on \(threads) threads")
        }
    }
}
