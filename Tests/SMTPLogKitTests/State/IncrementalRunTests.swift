import Foundation
import Testing
@testable import SMTPLogKit

/// `--state`: runs over a log that grows and is rotated between them add up to one full run.
@Suite("Incremental runs", .serialized)
struct IncrementalRunTests {
    /// One `--state` run over `paths`, as the command runs it.
    static func run(_ paths: [String], state: String, threads: Int = 1) throws -> (summary: ReplySummary, results: [InputResult]) {
        let previous = try ReadState.load(path: state)
        let incremental = IncrementalRun(state: previous, names: RotatedSet.order(paths.map(InputName.init)).names)
        var options = AnalysisOptions(startingYear: 2026, threads: threads)
        options.starts = incremental.starts
        options.holdsPartialLines = true
        options.minimumChunk = 64 << 10
        let results = Analyzer(options: options).analyze(incremental.names)
        try incremental.nextState(after: results).save(path: state)
        return (Report(inputs: results).summary, results)
    }

    static func lines(_ folder: TemporaryFolder) throws -> (all: [String], truth: [String: Any]) {
        let flavor = GeneratedTruthTests.Flavor(name: "grow", arguments: ["--flavor", "postfix", "--size", "2M", "--seed", "31"])
        let (log, truth) = try GeneratedTruthTests.generate(flavor, in: folder)
        return (try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init), truth)
    }

    func append(_ path: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    func expectSum(_ runs: [ReplySummary], equal truth: [String: Any], lines: Int) throws {
        let sum = runs.dropFirst().reduce(runs[0], +)
        #expect(sum.lines.read == lines, "every line counted once")
        #expect(sum.events == truth["events"] as? Int)
        let codes = Dictionary(uniqueKeysWithValues: sum.codes.map { ("\($0.key)", $0.value.total) })
        #expect(codes == truth["codes"] as? [String: Int])
        var days: [String: [String: Int]] = [:]
        for (day, codes) in sum.byDayStrings { days[day] = codes }
        #expect(days == truth["by_day"] as? [String: [String: Int]])
        let auth = try #require(truth["auth_failures"] as? [String: Any])
        #expect(sum.authFailures.inbound == auth["inbound"] as? Int)
        #expect(sum.authFailures.clients.counts == auth["inbound_by_client"] as? [String: Int])
    }

    @Test("a log that grows, half-written lines included, and is renamed to .1: no line lost or counted twice",
          arguments: [1, 2])
    func growAndRename(threads: Int) throws {
        let folder = try TemporaryFolder()
        let (all, truth) = try IncrementalRunTests.lines(folder)
        let n = all.count
        let live = folder.path("mail.log"), state = folder.path("state.json")
        var runs: [ReplySummary] = []
        // Run 1: the log ends in half a line its writer is still finishing.
        let cut = all[n / 5].count / 2
        try folder.write("mail.log", all[..<(n / 5)].joined(separator: "\n") + "\n" + all[n / 5].prefix(cut))
        let first = try IncrementalRunTests.run([live], state: state, threads: threads)
        #expect(first.summary.lines.read == n / 5, "the half line waits for the next run")
        runs.append(first.summary)
        // Run 2: the line is finished and more follow.
        try append(live, all[n / 5].dropFirst(cut) + "\n" + all[(n / 5 + 1)..<(2 * n / 5)].joined(separator: "\n") + "\n")
        let second = try IncrementalRunTests.run([live], state: state, threads: threads)
        #expect(second.results[0].start?.offset ?? 0 > 0)
        runs.append(second.summary)
        // Rotation by rename: the writer adds a little to the old file before it reopens.
        try append(live, all[(2 * n / 5)..<(n / 2)].joined(separator: "\n") + "\n")
        #expect(rename(live, live + ".1") == 0)
        try folder.write("mail.log", all[(n / 2)..<(3 * n / 5)].joined(separator: "\n") + "\n")
        // Only the live log is named: the run finds its predecessor itself.
        let third = try IncrementalRunTests.run([live], state: state, threads: threads)
        #expect(third.results.map { $0.name.path } == [live + ".1", live])
        runs.append(third.summary)
        // Nothing new: nothing counted.
        let idle = try IncrementalRunTests.run([live, live + ".1"], state: state, threads: threads)
        #expect(idle.summary.lines.read == 0)
        runs.append(idle.summary)
        // The rest, with the whole set named (and .1 compressed since, as logrotate does a day later).
        try append(live, all[(3 * n / 5)...].joined(separator: "\n") + "\n")
        #expect(try Shell.run("/bin/gzip", ["-n", live + ".1"]).status == 0)
        let last = try IncrementalRunTests.run([live, live + ".1.gz"], state: state, threads: threads)
        runs.append(last.summary)
        try expectSum(runs, equal: truth, lines: n)
    }

    @Test("copytruncate: the copy is read from where the log was left, the truncated log from its start")
    func copyTruncate() throws {
        let folder = try TemporaryFolder()
        let (all, truth) = try IncrementalRunTests.lines(folder)
        let n = all.count
        let live = folder.path("mail.log"), state = folder.path("state.json")
        var runs: [ReplySummary] = []
        try folder.write("mail.log", all[..<(n / 3)].joined(separator: "\n") + "\n")
        runs.append(try IncrementalRunTests.run([live], state: state).summary)
        try append(live, all[(n / 3)..<(n / 2)].joined(separator: "\n") + "\n")
        // logrotate's copytruncate: copy, then truncate in place; the inode of mail.log stays.
        try FileManager.default.copyItem(atPath: live, toPath: live + ".1")
        #expect(truncate(live, 0) == 0)
        try append(live, all[(n / 2)...].joined(separator: "\n") + "\n")
        let after = try IncrementalRunTests.run([live + ".1", live], state: state)
        #expect(after.results.first { $0.name.path == live + ".1" }?.start?.offset ?? 0 > 0)
        #expect(after.results.first { $0.name.path == live }?.start == nil)
        runs.append(after.summary)
        try expectSum(runs, equal: truth, lines: n)
    }

    @Test("line numbers in examples stay the file's own across incremental runs")
    func lineNumbersContinue() throws {
        let folder = try TemporaryFolder()
        let reject = "Nov 22 06:25:01 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.1]: 554 5.7.1 <a@b.example>: Relay access denied; from=<c@d.example> to=<a@b.example> proto=ESMTP helo=<x>\n"
        let path = try folder.write("mail.log", String(repeating: "Nov 22 06:25:00 mx postfix/qmgr[2]: ABC: removed\n", count: 10))
        let state = folder.path("state")
        _ = try IncrementalRunTests.run([path], state: state)
        try append(path, reject)
        let second = try IncrementalRunTests.run([path], state: state)
        #expect(second.summary.detail(ReplyKey(code: 554, direction: .inbound))?.examples.first?.line == 11)
    }

    @Test("a damaged state, one from another version or another machine: a warning and a full read")
    func unusableStates() throws {
        let folder = try TemporaryFolder()
        let state = folder.path("state")
        #expect(try ReadState.load(path: state) == nil, "no state yet: the first run")
        try folder.write("state", "{\"schema\": \"smtplog.state/1\", \"files\": [")
        #expect(throws: ReadState.Unusable.self) { try ReadState.load(path: state) }
        try folder.write("state", "{\"schema\": \"smtplog.state/9\", \"host\": \"x\", \"files\": []}")
        let version = #expect(throws: ReadState.Unusable.self) { try ReadState.load(path: state) }
        #expect(version?.description.contains("another version") == true)
        try ReadState(host: "elsewhere.example", files: []).save(path: state)
        let machine = #expect(throws: ReadState.Unusable.self) { try ReadState.load(path: state, host: "here.example") }
        #expect(machine?.description.contains("another machine") == true)
        try ReadState(host: "here.example", files: []).save(path: state)
        #expect(try ReadState.load(path: state, host: "here.example")?.files == [])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty, "the temporary file was renamed over the state")
    }
}
