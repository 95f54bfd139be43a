import Foundation
import Testing
@testable import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// The built binary on inputs it cannot read whole: each is named on stderr in the usual
/// `smtplog: PATH: reason` shape, the other inputs are still reported, and the status is 2.
/// Every run goes through `timeout`, so that an input that blocks fails the test (status 124)
/// instead of hanging CI.
@Suite("smtplog command line: bad inputs", .serialized)
struct BadInputCommandLineTests {
    static let root = Shell.packageRoot
    /// Events in samples/exim.log, the readable input beside every bad one.
    static let eximEvents = 41

    static func smtplog(_ arguments: [String], environment extra: [String: String] = [:],
                        prefix: [String] = []) throws -> (status: Int32, json: [String: Any]?, stderr: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        for (key, value) in extra { environment[key] = value }
        let result = try Shell.run("/usr/bin/timeout", ["60"] + prefix + [Shell.smtplog] + arguments,
                                   environment: environment, directory: root)
        let json = try? JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        return (result.status, json, result.stderr)
    }

    /// Runs a bash script with `$SMTPLOG` set to the binary, from the package root.
    static func bash(_ script: String) throws -> (status: Int32, json: [String: Any]?, stderr: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["SMTPLOG"] = Shell.smtplog
        let result = try Shell.run("/bin/bash", ["-c", script], environment: environment, directory: root)
        let json = try? JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        return (result.status, json, result.stderr)
    }

    static func line(_ index: Int) -> String { BadInputTests.line(index) }

    // MARK: - Not a file

    @Test("a directory, devices and a socket are named, never read, and the log beside them is reported")
    func notFiles() throws {
        let folder = try TemporaryFolder()
        let socketPath = folder.path("mail.sock")
        let fd = try BadInputTests.bindSocket(at: socketPath)
        defer { close(fd) }
        var bad = ["samples", "/dev/null", "/dev/zero", socketPath]
        var expected = ["samples: is a directory", "/dev/null: is a character device, not a log file",
                        "/dev/zero: is a character device, not a log file", "\(socketPath): is a socket, not a log file"]
        if let block = BadInputTests.blockDevice(in: folder) {
            bad.append(block)
            expected.append("\(block): is a block device, not a log file")
        }
        for threads in ["1", "2"] {
            let result = try BadInputCommandLineTests.smtplog(["report", "--format", "json", "--threads", threads,
                                                              "--year", "2026"] + bad + ["samples/exim.log"])
            #expect(result.status == 2)
            #expect(result.stderr == expected.map { "smtplog: \($0)\n" }.joined())
            #expect(result.json?["events"] as? Int == BadInputCommandLineTests.eximEvents)
        }
    }

    // MARK: - Pipes

    @Test("process substitution, plain or gzip, is read as a stream on one core or several")
    func processSubstitution() throws {
        let direct = try BadInputCommandLineTests.smtplog(["report", "--format", "json", "samples/exim.log", "samples/postfix.log"])
        let expected = try #require(direct.json?["events"] as? Int)
        for threads in ["1", "2"] {
            let result = try BadInputCommandLineTests.bash(
                "timeout 60 \"$SMTPLOG\" report --format json --threads \(threads) --year 2026 "
                    + "<(cat samples/exim.log) <(gzip -c samples/postfix.log)")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty)
            #expect(result.json?["events"] as? Int == expected)
        }
    }

    @Test("a named FIFO is refused at once, and the redirect the message suggests reads it")
    func namedFIFO() throws {
        let folder = try TemporaryFolder()
        let fifo = folder.path("mail.fifo")
        try #require(mkfifo(fifo, 0o600) == 0)
        for threads in ["1", "2"] {
            let result = try BadInputCommandLineTests.smtplog(["report", "--format", "json", "--threads", threads,
                                                              "--year", "2026", fifo, "samples/exim.log"])
            #expect(result.status == 2, "124 means it hung")
            #expect(result.stderr == "smtplog: \(fifo): is a named pipe (FIFO), not a log file; to read what is written "
                    + "to it, redirect it to standard input: smtplog report - < \(fifo)\n")
            #expect(result.json?["events"] as? Int == BadInputCommandLineTests.eximEvents)
        }
        let redirected = try BadInputCommandLineTests.bash(
            "timeout 60 \"$SMTPLOG\" report --format json - < '\(fifo)' & "
                + "timeout 60 sh -c \"cat samples/exim.log > '\(fifo)'\"; wait $!")
        #expect(redirected.status == 0)
        #expect(redirected.json?["events"] as? Int == BadInputCommandLineTests.eximEvents)
    }

    // MARK: - Shrinking and replaced files

    /// A C compiler for the read(2) shim, when there is one (Swift toolchains bring clang).
    static let compiler: String? = {
        guard let found = try? Shell.run("/bin/sh", ["-c", "command -v clang || command -v cc || command -v gcc"]),
              found.status == 0 else { return nil }
        let path = String(decoding: found.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : path
    }()

    /// An LD_PRELOAD shim that acts on one file just before the binary's second read(2) of it
    /// (the first is the 64 KiB read that sniffs for gzip): logrotate acting mid-read, exactly
    /// there, with no timing involved.
    static let shimSource = #"""
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <fcntl.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <unistd.h>

        static int reads, done;

        /* SMTPLOG_SHIM_ACTION: "truncate:N" cuts SMTPLOG_SHIM_PATH to N bytes (copytruncate);
           "replace" renames it to PATH.1 and writes a new file at PATH (logrotate's create). */
        static void act(int fd) {
            const char *target = getenv("SMTPLOG_SHIM_PATH"), *action = getenv("SMTPLOG_SHIM_ACTION");
            if (done || !target || !action) return;
            char link[64], name[4096];
            snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
            ssize_t n = readlink(link, name, sizeof name - 1);
            if (n <= 0) return;
            name[n] = 0;
            if (strcmp(name, target) != 0 || ++reads < 2) return;
            done = 1;
            if (strncmp(action, "truncate:", 9) == 0) {
                if (truncate(target, atol(action + 9)) != 0) perror("shim: truncate");
            } else if (strcmp(action, "replace") == 0) {
                char moved[4200];
                snprintf(moved, sizeof moved, "%s.1", target);
                if (rename(target, moved) != 0) perror("shim: rename");
                int out = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0644);
                if (out >= 0) { if (write(out, "new\n", 4) != 4) perror("shim: write"); close(out); }
            }
        }

        ssize_t read(int fd, void *buffer, size_t count) {
            static ssize_t (*real)(int, void *, size_t);
            if (!real) real = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
            act(fd);
            return real(fd, buffer, count);
        }
        """#

    static func buildShim(in folder: TemporaryFolder) throws -> String {
        let compiler = try #require(BadInputCommandLineTests.compiler)
        let source = try folder.write("shim.c", BadInputCommandLineTests.shimSource)
        let library = folder.path("shim.so")
        let built = try Shell.run(compiler, ["-shared", "-fPIC", "-o", library, source, "-ldl"])
        try #require(built.status == 0, "the shim did not build: \(built.stderr)")
        return library
    }

    /// A log over the 64 KiB sniff, at a path with no symbolic link in it (the shim compares
    /// the resolved name).
    static func bigLog(in folder: TemporaryFolder, lines: Int) throws -> (path: String, text: String) {
        let text = (0..<lines).map(line).joined()
        let path = URL(fileURLWithPath: try folder.write("mail.log", text)).resolvingSymlinksInPath().path
        return (path, text)
    }

    @Test("a file cut by copytruncate while read: named with the line, the rest reported, status 2",
          .enabled(if: BadInputCommandLineTests.compiler != nil))
    func shrinks() throws {
        let folder = try TemporaryFolder()
        let shim = try BadInputCommandLineTests.buildShim(in: folder)
        let (path, text) = try BadInputCommandLineTests.bigLog(in: folder, lines: 3_000)
        let result = try BadInputCommandLineTests.smtplog(
            ["report", "--format", "json", "--threads", "1", path, "samples/exim.log"],
            environment: ["LD_PRELOAD": shim, "SMTPLOG_SHIM_PATH": path, "SMTPLOG_SHIM_ACTION": "truncate:100000"])
        let counted = BadInputTests.lines(in: text, upTo: 100_000)
        #expect(result.status == 2)
        #expect(result.stderr == "smtplog: \(path):\(counted + 1): file shrank while it was read (from \(text.utf8.count) "
                + "to 100000 bytes); the lines before this one were counted (at byte 100000)\n")
        #expect(result.json?["events"] as? Int == counted + BadInputCommandLineTests.eximEvents)
    }

    @Test("a large file cut between the chunk plan and the chunks' reads (pread path): named, status 2")
    func chunkShrinks() throws {
        let folder = try TemporaryFolder()
        // Two chunks need a file of twice the 16 MiB minimum chunk.
        let log = folder.path("big.log"), filler = folder.path("filler.log")
        let lineText = BadInputCommandLineTests.line(7)
        try String(repeating: lineText, count: 300_000).write(toFile: log, atomically: false, encoding: .utf8)
        try (0..<2_000).map(BadInputTests.line).joined().write(toFile: filler, atomically: false, encoding: .utf8)
        // The first pipe's writer blocks until smtplog reads it (the filler is larger than a pipe
        // holds), which is after the plan; only then is the file cut. The second pipe ends once
        // the file is cut. With both cores held by the pipes, the chunks are read after the cut.
        let result = try BadInputCommandLineTests.bash("""
            timeout 120 "$SMTPLOG" report --format json --threads 2 \
              <(cat '\(filler)'; truncate -s 20000 '\(log)') \
              <(while [ "$(stat -c %s '\(log)')" -gt 20000 ]; do sleep 0.05; done) \
              '\(log)' samples/exim.log
            """)
        let counted = 20_000 / lineText.utf8.count
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("smtplog: \(log):\(counted + 1): file shrank while it was read (from at least "))
        #expect(result.stderr.hasSuffix(" to 20000 bytes); the lines before this one were counted (at byte 20000)\n"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.json?["events"] as? Int == 2_000 + counted + BadInputCommandLineTests.eximEvents)
    }

    @Test("a file renamed and created anew while read: a warning, every old line counted, status 0",
          .enabled(if: BadInputCommandLineTests.compiler != nil))
    func replaced() throws {
        let folder = try TemporaryFolder()
        let shim = try BadInputCommandLineTests.buildShim(in: folder)
        let (path, _) = try BadInputCommandLineTests.bigLog(in: folder, lines: 3_000)
        let result = try BadInputCommandLineTests.smtplog(
            ["report", "--format", "json", "--threads", "1", path, "samples/exim.log"],
            environment: ["LD_PRELOAD": shim, "SMTPLOG_SHIM_PATH": path, "SMTPLOG_SHIM_ACTION": "replace"])
        #expect(result.status == 0)
        #expect(result.stderr == "smtplog: warning: \(path): file was replaced while it was read (rotated?); the file that "
                + "was open was read to its end, and the new file at this path was not read\n")
        #expect(result.json?["events"] as? Int == 3_000 + BadInputCommandLineTests.eximEvents)
        #expect(FileManager.default.fileExists(atPath: path + ".1"), "the shim did rotate the file")
    }

    // MARK: - Cannot be opened

    /// Root reads a file whatever its mode, so as root the binary runs as `nobody` (setpriv)
    /// for the denial to be real; as any other user it runs directly.
    static let runAsOtherUser: [String]? = {
        guard geteuid() == 0 else { return [] }
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
            ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] : nil
    }()

    @Test("a file without read permission is named, the others are reported, status 2",
          .enabled(if: BadInputCommandLineTests.runAsOtherUser != nil))
    func permissionDenied() throws {
        let folder = try TemporaryFolder()
        try #require(chmod(folder.url.path, 0o755) == 0)
        let locked = try folder.write("locked.log", BadInputTests.log(lines: 5))
        let good = try folder.write("good.log", BadInputTests.log(lines: 10))
        try #require(chmod(locked, 0) == 0 && chmod(good, 0o644) == 0)
        let result = try BadInputCommandLineTests.smtplog(["report", "--format", "json", locked, good],
                                                          environment: ["HOME": folder.url.path],
                                                          prefix: try #require(BadInputCommandLineTests.runAsOtherUser))
        #expect(result.status == 2)
        #expect(result.stderr == "smtplog: \(locked): permission denied\n")
        #expect(result.json?["events"] as? Int == 10)
    }

    // MARK: - Damaged gzip

    @Test("a truncated gzip file: its readable part is reported, the message names the line and byte, status 2")
    func truncatedGzip() throws {
        let folder = try TemporaryFolder()
        let text = BadInputTests.log(lines: 3_000)
        let plain = try folder.write("plain", text)
        let packed = Array(try Shell.run("/bin/gzip", ["-c", "-n", plain]).stdout)
        let cut = try folder.write("mail.log.2.gz", Array(packed.prefix(packed.count / 2)))
        let result = try BadInputCommandLineTests.smtplog(["report", "--format", "json", cut, "samples/exim.log"])
        #expect(result.status == 2)
        let inputs = try #require(result.json?["inputs"] as? [[String: Any]])
        let lines = try #require(inputs.first?["lines"] as? Int)
        #expect(lines > 500)
        let offset = try #require(result.stderr.split(separator: "(at byte ").last.flatMap { Int($0.dropLast(2)) })
        #expect(BadInputTests.lines(in: text, upTo: offset) == lines)
        #expect(result.stderr == "smtplog: \(cut):\(lines + 1): gzip data ends early: the file is truncated (at byte \(offset))\n")
        #expect(result.json?["events"] as? Int == lines + BadInputCommandLineTests.eximEvents)
    }
}
