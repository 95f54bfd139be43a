import Foundation
import Testing
@testable import SMTPLogKit

/// Windows and rotated sets on generated logs, against gen-maillog's per-day truth.
@Suite("Windows and rotated sets", .serialized)
struct WindowedReportTests {
    static let flavor = GeneratedTruthTests.Flavor(
        name: "five-days", arguments: ["--flavor", "postfix", "--size", "3M", "--seed", "21",
                                      "--start", "2026-12-29T00:00:00", "--days", "5"])

    static func truthDays(_ truth: [String: Any]) throws -> [String: [String: Int]] {
        try #require(truth["by_day"] as? [String: [String: Int]])
    }

    static func dayCodes(_ summary: ReplySummary) -> [String: [String: Int]] {
        var days: [String: [String: Int]] = [:]
        for (day, codes) in summary.byDayStrings { days[day] = codes }
        return days
    }

    @Test("--day counts exactly the truth's figures for that day, and --since/--until two days")
    func dayWindows() throws {
        let folder = try TemporaryFolder()
        let (log, truth) = try GeneratedTruthTests.generate(WindowedReportTests.flavor, in: folder)
        let days = try WindowedReportTests.truthDays(truth)
        #expect(days.keys.sorted() == ["2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"])
        for day in days.keys.sorted() {
            var options = AnalysisOptions(startingYear: 2026, threads: 2)
            options.minimumChunk = 256 << 10
            options.window = try WindowSpec.window(day: day, since: nil, until: nil, now: LogTime(packed: 20270105000000))
            let result = Analyzer(options: options).analyze([InputName(log)])[0]
            #expect(WindowedReportTests.dayCodes(result.summary) == [day: days[day]!], "\(day)")
            #expect(result.summary.events == days[day]!.values.reduce(0, +))
            #expect(result.summary.lines.read == truth["lines"] as? Int, "every line is read, those outside counted as such")
            #expect(result.summary.lines.outsideWindow > 0)
        }
        var options = AnalysisOptions(startingYear: 2026)
        options.window = try WindowSpec.window(day: nil, since: "2026-12-31", until: "2027-01-02", now: LogTime(packed: 20270105000000))
        let two = Analyzer(options: options).analyze(InputName(log))
        #expect(WindowedReportTests.dayCodes(two.summary) == days.filter { $0.key == "2026-12-31" || $0.key == "2027-01-01" })
    }

    /// Splits a generated log by day into a rotated set (the oldest days gzip), each file
    /// dated by its last line, as logrotate leaves them.
    static func rotatedSet(from log: String, in folder: TemporaryFolder) throws -> [String] {
        let text = try String(contentsOfFile: log, encoding: .utf8)
        var byDay: [String: [Substring]] = [:]
        var order: [String] = []
        for line in text.split(separator: "\n") {
            let day = String(line.prefix(6))
            if byDay[day] == nil { order.append(day) }
            byDay[day, default: []].append(line)
        }
        // Five days: mail.log.3.gz mail.log.2.gz mail.log.1 hold one each, mail.log two.
        let groups = [[order[0]], [order[1]], [order[2]], [order[3], order[4]]]
        let names = ["mail.log.3", "mail.log.2", "mail.log.1", "mail.log"]
        var paths: [String] = []
        for (group, name) in zip(groups, names) {
            let lines = group.flatMap { byDay[$0]! }
            let path = try folder.write(name, lines.joined(separator: "\n") + "\n")
            let last = try #require(Analyzer.parseLine(String(lines.last!), years: .startingYear(2026)).parsed.time)
            // Year as the set runs: December days are 2026, January days 2027.
            let year = last.month == 12 ? 2026 : 2027
            try setModificationTime(path, LogTime(year: year, month: last.month, day: last.day, hour: last.hour,
                                                  minute: last.minute, second: last.second))
            if name.hasSuffix(".3") || name.hasSuffix(".2") {
                let gzip = try Shell.run("/bin/gzip", ["-n", path])
                try #require(gzip.status == 0, "\(gzip.stderr)")
                paths.append(path + ".gz")
            } else {
                paths.append(path)
            }
        }
        return paths
    }

    @Test("a rotated set given in any order, December rotated into January, equals one pass over the whole log")
    func rotatedSetEqualsOnePass() throws {
        let folder = try TemporaryFolder()
        let (log, truth) = try GeneratedTruthTests.generate(WindowedReportTests.flavor, in: folder)
        let paths = try WindowedReportTests.rotatedSet(from: log, in: folder)
        let days = try WindowedReportTests.truthDays(truth)
        var generator = SystemRandomNumberGenerator()
        for threads in [1, 2] {
            let shuffled = RotatedSet.order(paths.shuffled(using: &generator).map(InputName.init))
            #expect(shuffled.names.map(\.path) == paths)
            // No --year: every file's year comes from its own modification time.
            let results = Analyzer(options: AnalysisOptions(threads: threads)).analyze(shuffled.names)
            let report = Report(inputs: results)
            #expect(results.allSatisfy { $0.error == nil })
            #expect(WindowedReportTests.dayCodes(report.summary) == days)
            #expect(report.summary.events == truth["events"] as? Int)
            #expect(report.summary.lines.read == truth["lines"] as? Int)
            // Messages received before midnight and delivered after it are joined across files.
            try TrafficTruth.expectEqual(try TrafficTruth.json(results), truth, "rotated set, \(threads) threads")
        }
    }

    @Test("files wholly outside the window are skipped after a glance at their ends; the rest is exact")
    func skipsFilesOutsideWindow() throws {
        let folder = try TemporaryFolder()
        let (log, truth) = try GeneratedTruthTests.generate(WindowedReportTests.flavor, in: folder)
        let paths = try WindowedReportTests.rotatedSet(from: log, in: folder)
        let days = try WindowedReportTests.truthDays(truth)
        var options = AnalysisOptions()
        options.window = TimeWindow.day(20261231)
        let results = Analyzer(options: options).analyze(paths.map(InputName.init))
        #expect(results.map { $0.skippedSpan != nil } == [true, true, false, true],
                "the two gzip files and mail.log lie outside; mail.log.1 holds the day")
        #expect(results[0].bytesRead == 0 && results[3].summary.lines.read == 0)
        #expect(WindowedReportTests.dayCodes(Report(inputs: results).summary) == ["2026-12-31": days["2026-12-31"]!])
        options.window = TimeWindow.day(20261230)
        let gzipDay = Analyzer(options: options).analyze(paths.map(InputName.init))
        #expect(gzipDay.map { $0.skippedSpan != nil } == [true, false, true, true])
        #expect(WindowedReportTests.dayCodes(Report(inputs: gzipDay).summary) == ["2026-12-30": days["2026-12-30"]!])
    }

    @Test("unstamped reject-log lines after a line outside the window are outside too")
    func continuationsFollowTheirEntry() throws {
        let folder = try TemporaryFolder()
        let entry = { (day: Int) in
            "2026-11-\(day) 06:25:01 H=(x) [192.0.2.1] F=<a@b.example> rejected RCPT <c@d.example>: relay not permitted\nEnvelope-from: <a@b.example>\n"
        }
        let path = try folder.write("rejectlog", entry(21) + entry(22) + entry(23))
        var options = AnalysisOptions()
        options.window = TimeWindow.day(20261122)
        let summary = Analyzer(options: options).analyze(InputName(path)).summary
        #expect(summary.events == 1)
        #expect(summary.lines.continuation == 1)
        #expect(summary.lines.outsideWindow == 4)
        #expect(summary.lines.unrecognized == 0)
    }
}

/// Sets a file's modification time to a wall-clock time of this machine's zone.
func setModificationTime(_ path: String, _ time: LogTime) throws {
    var parts = tm()
    parts.tm_year = Int32(time.year - 1900)
    parts.tm_mon = Int32(time.month - 1)
    parts.tm_mday = Int32(time.day)
    parts.tm_hour = Int32(time.hour)
    parts.tm_min = Int32(time.minute)
    parts.tm_sec = Int32(time.second)
    parts.tm_isdst = -1
    let epoch = mktime(&parts)
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: TimeInterval(epoch))],
                                          ofItemAtPath: path)
}
