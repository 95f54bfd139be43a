import Foundation
@testable import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// One `smtplog` process that a test can watch, stop, continue or kill while it runs. Its
/// stdout and stderr go to files, so that no pipe can fill and block it, and a run killed
/// halfway leaves exactly what it had written.
final class SMTPLogProcess {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    init(_ arguments: [String], in folder: TemporaryFolder, name: String, stdout: FileHandle? = nil) throws {
        stdoutPath = folder.path("\(name).stdout")
        stderrPath = folder.path("\(name).stderr")
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Shell.smtplog)
        process.arguments = arguments
        process.currentDirectoryURL = Shell.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try stdout ?? FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    @discardableResult
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    var killedBySignal: Bool { process.terminationReason == .uncaughtSignal }
    var stdout: Data { (try? Data(contentsOf: URL(fileURLWithPath: stdoutPath))) ?? Data() }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Bytes the process has taken with read(2) and pread(2) so far (/proc/PID/io), or nil once
    /// it is gone.
    var bytesRead: Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("rchar:") }) else { return nil }
        return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
    }

    /// Whether the process has `path` open now.
    func hasOpen(_ path: String) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { return false }
        return entries.contains { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)")) == path }
    }

    /// Stops the process (SIGSTOP) once it has `path` open and has read at least `bytes`;
    /// false when it ended first.
    func stop(whenReading path: String, after bytes: Int) -> Bool {
        while process.isRunning {
            if let read = bytesRead, read >= bytes, hasOpen(path) {
                kill(pid, SIGSTOP)
                return true
            }
            usleep(300)
        }
        return false
    }

    func json() -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: stdout) as? [String: Any]
    }
}

extension ReadState {
    /// The generation of the state at `path`, 0 when there is none.
    static func generation(at path: String) -> Int {
        ((try? ReadState.load(path: path)) ?? nil)?.generation ?? 0
    }
}
