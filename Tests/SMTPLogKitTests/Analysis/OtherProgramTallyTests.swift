import Foundation
import Testing
@testable import SMTPLogKit

/// Other programs' lines are counted through a 64-slot cache before they reach the summary's
/// list (`OtherProgramTally`): every count must arrive, whatever the names and their order.
@Suite("Other programs' lines")
struct OtherProgramTallyTests {
    @Test("counts by program are exact with more names than slots, interleaved and in runs", arguments: [1, 3, 150])
    func exactCounts(names: Int) {
        var truth: [String: Int] = [:]
        var log = ""
        var generator = SystemRandomNumberGenerator()
        for index in 0..<3_000 {
            // Runs of one name and single lines of many, as a real log mixes dovecot's runs
            // with opendkim's and amavis's single lines.
            let name = index % 7 == 0 ? "dovecot" : "prog\(Int.random(in: 0..<names, using: &generator))-\(String(repeating: "x", count: index % 50))"
            truth[String(name.prefix(40)), default: 0] += 1
            log += "Nov 22 06:\(10 + index / 600):\(10 + index % 50) mx \(name)[\(100 + index)]: something happened\n"
            if index % 10 == 0 {
                log += "Nov 22 06:\(10 + index / 600):\(10 + index % 50) mx postfix/anvil[9]: statistics: max cache size 1 at Nov 22 06:00:00\n"
            }
        }
        let summary = Analyzer(options: AnalysisOptions()).analyze(bytes: Array(log.utf8)).summary
        #expect(summary.lines.otherPrograms == 3_000)
        #expect(summary.otherPrograms.counts == truth)
        #expect(!summary.otherPrograms.isTruncated)
    }
}
