import Foundation
import Testing
@testable import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// Runs killed at random moments, a rotation, and two runs at once over a growing log: the
/// runs whose state commit happened report, together, exactly what one full run reports.
@Suite("smtplog --state under SIGKILL", .serialized)
struct StateKillTests {
    /// SplitMix64: the kill moments are random, and the seed is in every failure message so
    /// that a failing sequence can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// What the committed runs reported, added up.
    struct Tally {
        var lines = 0
        var events = 0
        var codes: [String: Int] = [:]
        var committed = 0
        var killedBeforeCommit = 0
        var killedAfterCommit = 0

        mutating func add(_ document: [String: Any]) {
            lines += document["lines"] as? Int ?? 0
            events += document["events"] as? Int ?? 0
            for (code, count) in document["codes"] as? [String: Int] ?? [:] { codes[code, default: 0] += count }
        }
    }

    static let arguments = ["report", "--format", "json", "--year", "2026", "--threads", "1"]

    @Test("30 runs killed at random moments, a rotation and two overlapping runs: the committed runs add up to one full run")
    func killedRuns() throws {
        let seed = UInt64(time(nil))
        var random = SeededGenerator(state: seed)
        let folder = try TemporaryFolder()
        let log = folder.path("mail.log"), state = folder.path("state")
        // 2 MB to start with, then about 120 kB before each run: the runs take a moment.
        var written = 15_000
        try folder.write("mail.log", SyntheticMailLog.lines(0..<written))
        var tally = Tally()
        // A first run that is not killed: the state knows the log before it is rotated, and the
        // run's length sets the scale of the kill moments.
        let started = StateLock.monotonicSeconds()
        let probe = try SMTPLogProcess(StateKillTests.arguments + ["--state", state, log], in: folder, name: "probe")
        #expect(probe.wait() == 0)
        tally.add(try #require(probe.json()))
        tally.committed += 1
        var typical = StateLock.monotonicSeconds() - started
        for round in 0..<30 {
            if round > 0 {
                let more = Int.random(in: 400...1_200, using: &random)
                try SyntheticMailLog.append(log, SyntheticMailLog.lines(written..<(written + more)))
                written += more
            }
            if round == 15 {
                // Rotation by rename, with the writer adding a little to the old file first.
                #expect(rename(log, log + ".1") == 0)
                try folder.write("mail.log", SyntheticMailLog.lines(written..<(written + 300)))
                written += 300
            }
            let before = ReadState.generation(at: state)
            // A moment anywhere from the start to past the end of the runs that were not killed lately.
            let moment = Double.random(in: 0...1.5, using: &random) * typical
            let start = StateLock.monotonicSeconds()
            let run = try SMTPLogProcess(StateKillTests.arguments + ["--state", state, log], in: folder, name: "run\(round)")
            while run.process.isRunning && StateLock.monotonicSeconds() - start < moment { usleep(500) }
            kill(run.pid, SIGKILL)
            run.wait()
            // A run that finished pulls the scale to its length; a kill makes the next run read
            // more, so the scale grows.
            typical = run.killedBySignal ? typical * 1.2 : (typical + StateLock.monotonicSeconds() - start) / 2
            let after = ReadState.generation(at: state)
            if after == before + 1 {
                let document = try #require(run.json(), "seed \(seed), round \(round): a run whose state moved wrote its whole report")
                tally.add(document)
                tally.committed += 1
                if run.killedBySignal { tally.killedAfterCommit += 1 }
            } else {
                #expect(after == before, "seed \(seed), round \(round): the state moved by \(after - before)")
                #expect(run.killedBySignal, "seed \(seed), round \(round): a run that was not killed saved its state")
                tally.killedBeforeCommit += 1
            }
        }
        // Two runs at once: both finish, one after the other, each reporting its own lines.
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(written..<(written + 2_000)))
        written += 2_000
        let before = ReadState.generation(at: state)
        let first = try SMTPLogProcess(StateKillTests.arguments + ["--state", state, log], in: folder, name: "both1")
        let second = try SMTPLogProcess(StateKillTests.arguments + ["--state", state, log], in: folder, name: "both2")
        #expect(first.wait() == 0 && second.wait() == 0)
        #expect(ReadState.generation(at: state) == before + 2)
        for run in [first, second] { tally.add(try #require(run.json())) }
        let documents = [first, second].compactMap { $0.json() }
        #expect(documents.contains { $0["lines"] as? Int == 0 }, "one of the two found nothing left to read")
        // A last clean run takes what the killed ones left.
        let last = try SMTPLogProcess(StateKillTests.arguments + ["--state", state, log], in: folder, name: "last")
        #expect(last.wait() == 0)
        tally.add(try #require(last.json()))

        let full = try SMTPLogProcess(StateKillTests.arguments + [log + ".1", log], in: folder, name: "full")
        #expect(full.wait() == 0)
        let truth = try #require(full.json())
        #expect(truth["lines"] as? Int == written)
        #expect(tally.lines == written, "seed \(seed): lines counted once each (\(tally))")
        #expect(tally.events == truth["events"] as? Int, "seed \(seed)")
        #expect(tally.codes == truth["codes"] as? [String: Int], "seed \(seed)")
        #expect(tally.killedBeforeCommit > 0 && tally.committed > 0, "seed \(seed): some runs were killed before their commit, some committed (\(tally))")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasPrefix(".state.tmp-") }
        #expect(leftovers.isEmpty, "seed \(seed): temporaries of killed runs were removed: \(leftovers)")
    }
}
