import Foundation
import Testing
@testable import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// `smtplog report --state` as root runs it from cron: a report that did not go out moves no
/// state, one run at a time per state, a file cut while it is read is counted once, and the
/// state's directory is checked as ssh checks its keys.
@Suite("smtplog --state, --output and the lock", .serialized)
struct StateCommandLineTests {
    static func smtplog(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try CommandLineTests.smtplog(arguments)
    }

    static func json(_ text: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    /// A log of `lines` synthetic lines in `folder`, and how many events a full run finds in it.
    static func log(_ folder: TemporaryFolder, lines: Int, name: String = "mail.log") throws -> (path: String, events: Int) {
        let path = try folder.write(name, SyntheticMailLog.lines(0..<lines))
        let full = try smtplog(["report", "--format", "json", "--year", "2026", path])
        return (path, json(full.stdout)?["events"] as? Int ?? -1)
    }

    @Test("a report that cannot be written (/dev/full) is status 2 and moves no state: the next run reports those lines")
    func fullDisk() throws {
        let folder = try TemporaryFolder()
        let (log, events) = try StateCommandLineTests.log(folder, lines: 700)
        let state = folder.path("state")
        let result = try Shell.run("/bin/sh", ["-c", "exec \"$0\" report --format json --year 2026 --state \"$1\" \"$2\" > /dev/full",
                                               Shell.smtplog, state, log])
        #expect(result.status == 2)
        #expect(result.stderr == "smtplog: cannot write the report to stdout: no space left on device; the state was not changed\n")
        #expect(ReadState.generation(at: state) == 0)
        let next = try StateCommandLineTests.smtplog(["report", "--format", "json", "--year", "2026", "--state", state, log])
        #expect(next.status == 0)
        #expect(StateCommandLineTests.json(next.stdout)?["events"] as? Int == events, "the lines of the failed run are reported now")
        #expect(ReadState.generation(at: state) == 1)
    }

    @Test("a reader that closed the pipe: a quiet status 0, and the state does not move")
    func closedPipe() throws {
        let folder = try TemporaryFolder()
        let (log, events) = try StateCommandLineTests.log(folder, lines: 700)
        let state = folder.path("state")
        // The read end is closed before smtplog starts: its first write gets EPIPE.
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let run = try SMTPLogProcess(["report", "--format", "json", "--year", "2026", "--state", state, log], in: folder,
                                     name: "closed", stdout: pipe.fileHandleForWriting)
        try pipe.fileHandleForWriting.close()
        #expect(run.wait() == 0)
        #expect(run.stderr == "")
        #expect(ReadState.generation(at: state) == 0, "nobody read the report: the state stays")
        let next = try StateCommandLineTests.smtplog(["report", "--format", "json", "--year", "2026", "--state", state, log])
        #expect(StateCommandLineTests.json(next.stdout)?["events"] as? Int == events)
    }

    @Test("--output: one analysis in several formats, nothing on stdout, modes kept or 0600, the state moves once")
    func outputs() throws {
        let folder = try TemporaryFolder()
        let (log, events) = try StateCommandLineTests.log(folder, lines: 700)
        let state = folder.path("state")
        let html = try folder.write("r.html", "old")
        #expect(chmod(html, 0o644) == 0)
        let result = try StateCommandLineTests.smtplog(["report", "--year", "2026", "--format", "json", "--state", state,
                                                        "--output", "html:\(html)", "--output", "text:\(folder.path("r.txt"))",
                                                        "--output", folder.path("r.json"), "--output", "markdown:\(folder.path("r.md"))", log])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let read = { (name: String) in (try? String(contentsOfFile: folder.path(name), encoding: .utf8)) ?? "" }
        #expect(StateCommandLineTests.json(read("r.json"))?["events"] as? Int == events, "no prefix: --format")
        #expect(read("r.html").hasPrefix("<!DOCTYPE html>") && read("r.txt").hasPrefix("smtplog report\n") && read("r.md").hasPrefix("# "))
        let figures = "\(events) replies in 700 lines"
        #expect(read("r.html").contains(figures) && read("r.txt").contains(figures))
        #expect(AtomicFileTests.mode(html) == 0o644 && AtomicFileTests.mode(folder.path("r.txt")) == 0o600)
        #expect(ReadState.generation(at: state) == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.contains(".tmp-") }.isEmpty)
        for (arguments, message) in [
            (["--output", "r.txt", "--output", "text:r.txt"], "--output r.txt is given twice"),
            (["--output", state], "would replace the state or its lock"),
            (["--output", log], "is one of the logs to read"),
            (["--lock-timeout=-1"], "--lock-timeout must be between 0 and 86400 seconds"),
            (["--lock-timeout", "90000"], "--lock-timeout must be between 0 and 86400 seconds"),
        ] {
            let refused = try StateCommandLineTests.smtplog(["report", "--state", state] + arguments + [log])
            #expect(refused.status == 64 && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
        #expect(ReadState.generation(at: state) == 1)
    }

    @Test("an --output that cannot be written: status 2, no target replaced, the state does not move")
    func failedOutput() throws {
        let folder = try TemporaryFolder()
        let (log, _) = try StateCommandLineTests.log(folder, lines: 700)
        let state = folder.path("state")
        let text = try folder.write("r.txt", "yesterday's text\n")
        let html = try folder.write("r.html", "yesterday's html\n")
        // Files may not grow past the text report's size: the text report fits, the HTML one
        // does not, as on a disk that fills up between the two.
        let textSize = try StateCommandLineTests.smtplog(["report", "--year", "2026", log]).stdout.utf8.count
        let htmlSize = try StateCommandLineTests.smtplog(["report", "--format", "html", "--year", "2026", log]).stdout.utf8.count
        let blocks = textSize / 512 + 1
        try #require(htmlSize > blocks * 512, "the HTML report (\(htmlSize) bytes) must not fit where the text one does")
        let script = "trap '' XFSZ; ulimit -f \(blocks); exec \"$0\" report --year 2026 --state \"$1\" --output text:\"$2\" --output html:\"$3\" \"$4\""
        let result = try Shell.run("/bin/sh", ["-c", script, Shell.smtplog, state, text, html, log])
        #expect(result.status == 2)
        #expect(result.stderr.contains("smtplog: cannot write the report: \(html): cannot write: file too large; the state was not changed"), "\(result.stderr)")
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "yesterday's text\n", "nothing is renamed unless all were written")
        #expect(try String(contentsOfFile: html, encoding: .utf8) == "yesterday's html\n")
        #expect(!FileManager.default.fileExists(atPath: state))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test("a state in a directory others can write, or a symlink as the state: status 2, nothing read or written")
    func refusedStates() throws {
        let folder = try TemporaryFolder()
        let (log, _) = try StateCommandLineTests.log(folder, lines: 70)
        let loose = folder.path("loose")
        #expect(mkdir(loose, 0o777) == 0 && chmod(loose, 0o777) == 0)
        let inLoose = try StateCommandLineTests.smtplog(["report", "--state", "\(loose)/state", log])
        #expect(inLoose.status == 2 && inLoose.stdout.isEmpty)
        #expect(inLoose.stderr.hasPrefix("smtplog: \(loose)/state: refused: the directory \(loose) is writable by others (mode 0777) and has no sticky bit"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: loose).isEmpty, "not even a lock file")
        let victim = try folder.write("victim", "precious\n")
        let link = folder.path("state")
        #expect(symlink(victim, link) == 0)
        let linked = try StateCommandLineTests.smtplog(["report", "--state", link, log])
        #expect(linked.status == 2 && linked.stdout.isEmpty)
        #expect(linked.stderr == "smtplog: \(link): refused: it is a symbolic link; name the file itself\n")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
    }

    @Test("a huge line count in the state: the documented warning, a full read, line numbers the file's own")
    func hugeLineCount() throws {
        let folder = try TemporaryFolder()
        let (log, events) = try StateCommandLineTests.log(folder, lines: 700)
        let state = folder.path("state")
        _ = try StateCommandLineTests.smtplog(["report", "--year", "2026", "--state", state, log])
        let text = try String(contentsOfFile: state, encoding: .utf8)
        try folder.write("state", ReadStateTests.replacing(text, "lines", with: "9223372036854775807"))
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(700..<714))
        let result = try StateCommandLineTests.smtplog(["report", "--year", "2026", "--format", "json", "--state", state, log])
        #expect(result.status == 0)
        #expect(result.stderr.contains("smtplog: warning: \(state): state file is damaged (entry 1: lines 9223372036854775807 out of range (0 to the offset"))
        #expect(result.stderr.contains("reading every input in full"))
        let document = try #require(StateCommandLineTests.json(result.stdout))
        #expect(document["lines"] as? Int == 714 && (document["events"] as? Int ?? 0) > events)
        let lines = (document["replies"] as? [[String: Any]] ?? []).flatMap { ($0["examples"] as? [[String: Any]]) ?? [] }.compactMap { $0["line"] as? Int }
        #expect(!lines.isEmpty && lines.allSatisfy { (1...714).contains($0) }, "\(lines)")
    }

    @Test("two runs at once with one state: the second waits for the first and reports only what came after")
    func overlappingRuns() throws {
        let folder = try TemporaryFolder()
        let (log, events) = try StateCommandLineTests.log(folder, lines: 3_000)
        let state = folder.path("state")
        // The first run also reads a slow pipe, so that it holds the lock for a while.
        let slow = "exec \"$0\" report --format json --year 2026 --state \"$1\" \"$2\" <(sleep 1.5)"
        let first = Process()
        first.executableURL = URL(fileURLWithPath: "/bin/bash")
        first.arguments = ["-c", slow, Shell.smtplog, state, log]
        // Its report goes to a file, not a pipe read only at the end: a JSON report is larger
        // than a pipe's buffer, and the first run would wait on it holding the lock.
        let firstOut = folder.path("first.json")
        _ = FileManager.default.createFile(atPath: firstOut, contents: nil)
        first.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: firstOut))
        first.standardError = FileHandle.nullDevice
        try first.run()
        // Wait until it holds the lock, then start the second.
        var held = false
        for _ in 0..<400 where !held {
            usleep(5_000)
            let fd = open(state + ".lock", O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                held = flock(fd, LOCK_EX | LOCK_NB) != 0
                close(fd)
            }
        }
        #expect(held, "the first run took the lock")
        let impatient = try StateCommandLineTests.smtplog(["report", "--format", "json", "--year", "2026", "--state", state,
                                                           "--lock-timeout", "0.2", log])
        #expect(impatient.status == 75)
        #expect(impatient.stdout.isEmpty)
        #expect(impatient.stderr == "smtplog: \(state).lock: another smtplog run with this state has held its lock for 0.2 s (--lock-timeout); nothing was read or reported, and the state was not changed\n")
        let second = try StateCommandLineTests.smtplog(["report", "--format", "json", "--year", "2026", "--state", state, log])
        first.waitUntilExit()
        let firstJSON = StateCommandLineTests.json(try String(contentsOfFile: firstOut, encoding: .utf8))
        #expect(first.terminationStatus == 0 && second.status == 0)
        #expect(firstJSON?["events"] as? Int == events)
        #expect(StateCommandLineTests.json(second.stdout)?["events"] as? Int == 0, "the second run read the state the first saved")
        #expect(ReadState.generation(at: state) == 2)
    }

    /// Runs `smtplog report --state` over `log`, stops it in the middle of reading the log,
    /// does what logrotate's copytruncate does, and lets it go on. Nil when the run ended
    /// before it could be stopped (the machine was too fast for the log's size).
    static func cutWhileReading(_ log: String, state: String, folder: TemporaryFolder, name: String, extra: [String] = [])
        throws -> (status: Int32, json: [String: Any]?, stderr: String)? {
        var info = stat()
        _ = stat(log, &info)
        let run = try SMTPLogProcess(["report", "--format", "json", "--year", "2026", "--threads", "1", "--state", state] + extra + [log],
                                     in: folder, name: name)
        // Past the state's look at the file's head (64 KiB), well before its end.
        guard run.stop(whenReading: log, after: 600 << 10),
              let read = run.bytesRead, read < Int(info.st_size) - (256 << 10) else {
            kill(run.pid, SIGCONT)
            run.wait()
            return nil
        }
        try? FileManager.default.removeItem(atPath: log + ".1")
        try FileManager.default.copyItem(atPath: log, toPath: log + ".1")
        #expect(truncate(log, 0) == 0)
        kill(run.pid, SIGCONT)
        let status = run.wait()
        return (status, run.json(), run.stderr)
    }

    @Test("copytruncate while a first run reads: its lines counted once, the rest from the copy, new lines from the start")
    func copyTruncateFirstRun() throws {
        let folder = try TemporaryFolder()
        let total = 40_000, later = 5_000
        let log = try folder.write("mail.log", SyntheticMailLog.lines(0..<total))
        let all = try folder.write("all.log", SyntheticMailLog.lines(0..<(total + later)))
        let truth = try #require(StateCommandLineTests.json(try StateCommandLineTests.smtplog(["report", "--format", "json", "--year", "2026", all]).stdout))
        let state = folder.path("state")
        var attempt = 0
        var cut: (status: Int32, json: [String: Any]?, stderr: String)?
        while cut == nil && attempt < 3 {
            attempt += 1
            try? FileManager.default.removeItem(atPath: state)
            cut = try StateCommandLineTests.cutWhileReading(log, state: state, folder: folder, name: "cut\(attempt)")
        }
        let first = try #require(cut, "the run could not be stopped while it read")
        #expect(first.status == 2)
        #expect(first.stderr.contains("file shrank while it was read"))
        let counted = first.json?["lines"] as? Int ?? 0
        #expect(counted > 0 && counted < total)
        #expect((try ReadState.load(path: state))?.files.first?.lines == counted, "the state holds the lines counted, not 'files: []'")
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(total..<(total + later)))
        // The next run is given the live log only, as before the rotation.
        let next = try StateCommandLineTests.smtplog(["report", "--format", "json", "--year", "2026", "--state", state, log])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("was rotated since the last run; reading the rest of \(log).1 too"))
        let rest = try #require(StateCommandLineTests.json(next.stdout))
        #expect(counted + (rest["lines"] as? Int ?? 0) == total + later, "every line once")
        #expect((first.json?["events"] as? Int ?? 0) + (rest["events"] as? Int ?? 0) == truth["events"] as? Int)
    }

    @Test("copytruncate while a later run reads: the offset and the line count move together, nothing counted twice")
    func copyTruncateLaterRun() throws {
        let folder = try TemporaryFolder()
        let before = 2_000, total = 40_000, later = 5_000
        let log = try folder.write("mail.log", SyntheticMailLog.lines(0..<before))
        let all = try folder.write("all.log", SyntheticMailLog.lines(0..<(total + later)))
        let truth = try #require(StateCommandLineTests.json(try StateCommandLineTests.smtplog(["report", "--format", "json", "--year", "2026", all]).stdout))
        let state = folder.path("state")
        let first = try #require(StateCommandLineTests.json(try StateCommandLineTests.smtplog(["report", "--format", "json", "--year", "2026", "--state", state, log]).stdout))
        #expect(first["lines"] as? Int == before)
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(before..<total))
        let saved = try String(contentsOfFile: state, encoding: .utf8)
        var attempt = 0
        var cut: (status: Int32, json: [String: Any]?, stderr: String)?
        while cut == nil && attempt < 3 {
            attempt += 1
            try folder.write("state", saved)
            cut = try StateCommandLineTests.cutWhileReading(log, state: state, folder: folder, name: "cut\(attempt)")
        }
        let second = try #require(cut, "the run could not be stopped while it read")
        #expect(second.status == 2)
        let counted = second.json?["lines"] as? Int ?? 0
        #expect(counted > 0 && counted < total - before)
        let entry = try #require(try ReadState.load(path: state)?.files.first)
        #expect(entry.lines == before + counted)
        #expect(entry.offset == SyntheticMailLog.lines(0..<(before + counted)).utf8.count, "the offset is where the counted lines end")
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(total..<(total + later)))
        let next = try StateCommandLineTests.smtplog(["report", "--format", "json", "--year", "2026", "--state", state, log, log + ".1"])
        #expect(next.status == 0, "\(next.stderr)")
        let rest = try #require(StateCommandLineTests.json(next.stdout))
        #expect(before + counted + (rest["lines"] as? Int ?? 0) == total + later, "none counted twice")
        let eventSum = [first, second.json ?? [:], rest].map { $0["events"] as? Int ?? 0 }.reduce(0, +)
        #expect(eventSum == truth["events"] as? Int)
        // Line numbers stay the copy's own: every 554 example of the copy is line 7k+2.
        let copy = (rest["inputs"] as? [[String: Any]])?.first { ($0["file"] as? String) == log + ".1" }
        #expect(copy?["lines"] as? Int == total - before - counted)
        let numbers = (rest["replies"] as? [[String: Any]] ?? []).filter { $0["code"] as? Int == 554 }
            .flatMap { ($0["examples"] as? [[String: Any]]) ?? [] }
            .filter { ($0["file"] as? String) == log + ".1" }.compactMap { $0["line"] as? Int }
        #expect(!numbers.isEmpty && numbers.allSatisfy { $0 > before + counted && ($0 - 2) % 7 == 0 }, "\(numbers)")
    }
}
