import Foundation
import MailLogGenerator
import Testing
@testable import SMTPLogKit

/// Every figure of the JSON report against the exact answer of the project's own generator
/// (MailLogGenerator, an independent model), on logs of a few MB; and against gen-maillog's,
/// where ../shared is beside the checkout, as a second check.
@Suite("Generated logs against their truth", .serialized)
struct GeneratedTruthTests {
    /// A generated log, named by its smtplog-gen arguments (gen-maillog takes the same).
    struct Flavor: Sendable, CustomStringConvertible {
        let name: String
        let arguments: [String]
        var description: String { name }
    }

    static let flavors: [Flavor] = [
        Flavor(name: "postfix-syslog", arguments: ["--flavor", "postfix", "--size", "4M", "--seed", "11"]),
        Flavor(name: "postfix-rfc3339", arguments: ["--flavor", "postfix", "--timestamps", "rfc3339", "--size", "3M", "--seed", "12"]),
        Flavor(name: "exim", arguments: ["--flavor", "exim", "--size", "4M", "--seed", "13"]),
        Flavor(name: "postfix-gzip", arguments: ["--flavor", "postfix", "--size", "3M", "--gzip", "--seed", "14", "--days", "5"]),
        Flavor(name: "postfix-new-year", arguments: ["--flavor", "postfix", "--size", "2M", "--seed", "15",
                                                     "--start", "2026-12-30T00:00:00", "--days", "4"]),
    ]

    /// Generates the flavor's log in `folder`, in this process, and returns its path and truth.
    static func generate(_ flavor: Flavor, in folder: TemporaryFolder) throws -> (log: String, truth: [String: Any]) {
        let options = try GeneratorArguments.options(flavor.arguments)
        let log = folder.path(flavor.name + (options.gzip ? ".log.gz" : ".log"))
        let result = try LogGenerator.write(options, to: log, truth: nil)
        let object = try JSONSerialization.jsonObject(with: Data(result.truthJSON.utf8))
        return (log, try #require(object as? [String: Any]))
    }

    static func report(_ path: String, startingYear: Int) throws -> [String: Any] {
        let result = Analyzer(options: AnalysisOptions(startingYear: startingYear)).analyze(InputName(path))
        #expect(result.error == nil)
        let json = try Report(inputs: [result]).rendered(.json)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    static func startYear(_ truth: [String: Any]) -> Int {
        Int(((truth["generator"] as? [String: Any])?["start"] as? String ?? "2026").prefix(4)) ?? 2026
    }

    /// The keys smtplog reports with the truth's meaning: each must be equal, key for key.
    static func expectEqualFigures(_ ours: [String: Any], _ truth: [String: Any], _ name: String) throws {
        for key in ["lines", "events", "codes", "classes", "implied_codes", "by_day"] {
            #expect(NSDictionary(dictionary: ["v": ours[key] as Any]) == NSDictionary(dictionary: ["v": truth[key] as Any]),
                    "\(name): \(key) differs")
        }
        try TrafficTruth.expectEqual(ours, truth, name)
        for group in ["auth_failures", "relay_refusals"] {
            let expected = try #require(truth[group] as? [String: Any])
            let actual = try #require(ours[group] as? [String: Any])
            for (key, value) in expected {
                #expect(NSDictionary(dictionary: ["v": actual[key] as Any]) == NSDictionary(dictionary: ["v": value]),
                        "\(name): \(group).\(key) differs")
            }
        }
    }

    @Test("every figure equals the truth, and every line is understood", arguments: flavors)
    func figuresEqualTruth(_ flavor: Flavor) throws {
        let folder = try TemporaryFolder()
        let (log, truth) = try GeneratedTruthTests.generate(flavor, in: folder)
        let ours = try GeneratedTruthTests.report(log, startingYear: GeneratedTruthTests.startYear(truth))
        #expect((truth["events"] as? Int ?? 0) > 1_000, "the generated log should hold many events")
        try GeneratedTruthTests.expectEqualFigures(ours, truth, flavor.name)
        let lines = try #require(ours["line_counts"] as? [String: Int])
        #expect(lines["not_understood"] == 0 && lines["unrecognized"] == 0, "\(flavor.name): \(lines)")
        #expect((lines["understood"] ?? 0) > 5 * (lines["events"] ?? 0) / 2, "most lines carry no reply")
    }

    /// gen-maillog, written apart from this project, where ../shared is beside the checkout.
    static let genMaillog: String? = Shell.shared.map { $0.appendingPathComponent("bench/gen-maillog").path }

    @Test("gen-maillog's truth, as a second independent check",
          .enabled(if: GeneratedTruthTests.genMaillog != nil, "../shared/bench/gen-maillog is not beside the checkout"),
          arguments: flavors)
    func genMaillogTruth(_ flavor: Flavor) throws {
        let folder = try TemporaryFolder()
        let log = folder.path("\(flavor.name).log"), truthPath = folder.path("\(flavor.name).truth.json")
        let generator = try #require(GeneratedTruthTests.genMaillog)
        let result = try Shell.run("/usr/bin/env", ["python3", generator] + flavor.arguments + ["--out", log, "--truth", truthPath])
        try #require(result.status == 0, "gen-maillog failed: \(result.stderr)")
        let truth = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: truthPath))) as? [String: Any])
        let ours = try GeneratedTruthTests.report(log, startingYear: GeneratedTruthTests.startYear(truth))
        #expect((truth["events"] as? Int ?? 0) > 1_000)
        try GeneratedTruthTests.expectEqualFigures(ours, truth, "gen-maillog " + flavor.name)
    }

    @Test("summaries merge: two halves of a log add up to the whole")
    func halvesMerge() throws {
        let folder = try TemporaryFolder()
        let (log, _) = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[0], in: folder)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let middle = lines.count / 2
        let first = try folder.write("a.log", lines[..<middle].joined(separator: "\n") + "\n")
        let second = try folder.write("b.log", lines[middle...].joined(separator: "\n"))
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: 2026))
        let whole = analyzer.analyze(InputName(log)).summary
        let a = analyzer.analyze(InputName(first)).summary, b = analyzer.analyze(InputName(second)).summary
        let merged = a + b
        #expect(merged.lines == whole.lines)
        #expect(merged.codes == whole.codes)
        #expect(merged.byDay == whole.byDay)
        #expect(merged.byHour == whole.byHour)
        // Two files: their example lines name different files, so compare the figures.
        for (a, b) in [(merged.authFailures, whole.authFailures), (merged.relayRefusals, whole.relayRefusals)] {
            #expect(a.inbound == b.inbound && a.outbound == b.outbound && a.byCode == b.byCode)
            #expect(a.clients.counts == b.clients.counts && a.servers.counts == b.servers.counts)
        }
        #expect(merged.enhanced == whole.enhanced)
        #expect(merged.first == whole.first && merged.last == whole.last)
        #expect(b + a == ReplySummary() + b + a)
    }
}

@Suite("Reading on several cores", .serialized)
struct ParallelReadingTests {
    @Test("a file split into chunks at line starts gives the same summary as one pass", arguments: [2, 3, 7])
    func chunksEqualWhole(threads: Int) throws {
        let folder = try TemporaryFolder()
        let (log, _) = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[4], in: folder)
        let whole = Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze([InputName(log)])[0]
        var options = AnalysisOptions(startingYear: 2026, threads: threads)
        options.minimumChunk = 64 << 10
        let parts = Analyzer(options: options).analyze([InputName(log), InputName(log)])
        #expect(parts.count == 2)
        for part in parts {
            #expect(part.error == nil)
            #expect(part.summary.lines == whole.summary.lines)
            #expect(part.summary.codes == whole.summary.codes)
            #expect(part.summary.byDay == whole.summary.byDay)
            #expect(part.summary.authFailures == whole.summary.authFailures)
            #expect(part.summary.relayRefusals == whole.summary.relayRefusals)
            #expect(part.summary.details == whole.summary.details, "examples keep their line numbers across chunks")
        }
    }

    @Test("chunks never start inside an Exim reject log entry")
    func rejectlogBoundaries() throws {
        let folder = try TemporaryFolder()
        var text = ""
        for index in 0..<3_000 {
            text += "2026-11-22 06:25:01 H=(x) [192.0.2.\(index % 250)] F=<a@b.example> rejected RCPT <c\(index)@d.example>: relay not permitted\n"
            text += "Envelope-from: <a@b.example>\nEnvelope-to: <c\(index)@d.example>\nP Received: from x ([192.0.2.1])\n        by mx with esmtp\n"
        }
        let path = try folder.write("rejectlog", text)
        var options = AnalysisOptions(threads: 4)
        options.minimumChunk = 16 << 10
        let result = Analyzer(options: options).analyze([InputName(path)])[0]
        #expect(result.summary.lines.events == 3_000)
        #expect(result.summary.lines.continuation == 12_000)
        #expect(result.summary.lines.unrecognized == 0)
    }
}
