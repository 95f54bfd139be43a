import Foundation
import Testing
@testable import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// Kernel pseudo-files look like empty regular files, yet reading one can wait forever:
/// `/proc/kmsg` blocks until the kernel logs something (and consumes what it hands out), so a
/// root cron run given it hung. They are refused without a read, like devices.
@Suite("Kernel pseudo-files", .serialized)
struct PseudoFileTests {
    static func openError(_ path: String) -> String? {
        do {
            _ = try OpenedInput.open(InputName(path))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("procfs and sysfs files are refused by what they are, without being read",
          arguments: ["/proc/version", "/proc/self/status", "/sys/kernel/uevent_seqnum"])
    func refusedByFileSystem(path: String) throws {
        try #require(access(path, R_OK) == 0, "\(path) is not on this machine")
        let message = try #require(PseudoFileTests.openError(path))
        let system = path.hasPrefix("/sys") ? "sysfs" : "procfs"
        #expect(message == "is a kernel interface on \(system), not a log file: reading it can wait forever or change it")
    }

    @Test("/proc/kmsg is refused, and the analyzer goes on with the next input on one core or two",
          .enabled(if: geteuid() == 0 && access("/proc/kmsg", R_OK) == 0, "/proc/kmsg is readable only by root"),
          arguments: [1, 2])
    func kmsg(threads: Int) throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("mail.log", BadInputTests.log(lines: 3))
        // Should the refusal ever regress, the analysis would block; it runs on its own thread
        // so that the test fails after a while instead of hanging the suite.
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        Thread.detachNewThread {
            box.results = BadInputTests.analyzer(threads: threads).analyze([InputName("/proc/kmsg"), InputName(log)])
            done.signal()
        }
        try #require(done.wait(timeout: .now() + 20) == .success, "reading /proc/kmsg hung")
        let results = try #require(box.results)
        #expect(results[0].error?.message == "is a kernel interface on procfs, not a log file: reading it can wait forever or change it")
        #expect(results[0].bytesRead == 0)
        #expect(results[1].error == nil)
        #expect(results[1].summary.lines.events == 3)
    }

    @Test("smtplog report /proc/kmsg exits 2 at once, names it, and reports the other log",
          .enabled(if: geteuid() == 0 && access("/proc/kmsg", R_OK) == 0, "/proc/kmsg is readable only by root"))
    func kmsgCommandLine() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Shell.smtplog)
        process.arguments = ["report", "--no-progress", "/proc/kmsg", "samples/exim.log"]
        process.currentDirectoryURL = Shell.packageRoot
        let folder = try TemporaryFolder()
        let out = folder.path("out"), err = folder.path("err")
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("smtplog report /proc/kmsg still ran after 20 s")
            return
        }
        #expect(process.terminationStatus == 2)
        let stderr = try String(contentsOfFile: err, encoding: .utf8)
        #expect(stderr.contains("smtplog: /proc/kmsg: is a kernel interface on procfs, not a log file"), "stderr: \(stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("samples/exim.log"))
    }

    @Test("standard input redirected from a proc file is refused too")
    func standardInputFromProc() throws {
        let result = try Shell.run("/bin/sh", ["-c", "exec \"$0\" report - < /proc/version", Shell.smtplog])
        #expect(result.status == 2)
        #expect(result.stderr.contains("<stdin>: is a kernel interface on procfs"), "stderr: \(result.stderr)")
    }

    @Test("a pipe handed over non-blocking waits for its writer instead of failing with EAGAIN")
    func nonBlockingPipeWaits() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        let writer = ends[1]
        Thread.detachNewThread {
            usleep(200_000)
            let line = Array(BadInputTests.line(1).utf8)
            _ = line.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
            close(writer)
        }
        let source = FileDescriptorSource(fd: ends[0], ownsDescriptor: true)
        var lines = 0
        try LineReader().forEachLine(in: source) { _, _ in lines += 1 }
        #expect(lines == 1)
    }
}

private final class ResultBox: @unchecked Sendable {
    var results: [InputResult]?
}
