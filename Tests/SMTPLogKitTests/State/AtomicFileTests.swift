import Foundation
import Testing
@testable import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// Files root writes from cron (the state, `--output` reports) in directories others may write:
/// nothing planted there is followed, reused or left owned by someone else.
@Suite("Atomic files", .serialized)
struct AtomicFileTests {
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    static func owner(_ path: String) -> uid_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_uid : nil
    }

    /// The pid of a process that has exited: a temporary named with it was left by a dead run.
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    static func names(in folder: TemporaryFolder) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: folder.url.path))
    }

    @Test("a symlink planted at the old temporary name STATE.tmp.PID is not followed: its target is untouched")
    func plantedSymlink() throws {
        let folder = try TemporaryFolder()
        let victim = try folder.write("victim", "precious\n")
        let state = folder.path("state")
        // The name the state used to be written through, for this process.
        #expect(symlink(victim, "\(state).tmp.\(getpid())") == 0)
        try ReadState(host: "here.example").save(path: state)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(try ReadState.load(path: state, host: "here.example")?.files == [])
        var info = stat()
        #expect(lstat(state, &info) == 0 && info.st_mode & S_IFMT == S_IFREG, "the state is a file of its own")
    }

    @Test("a file planted at the old temporary name does not become the state: the state is ours, 0600")
    func plantedFile() throws {
        let folder = try TemporaryFolder()
        let state = folder.path("state")
        let planted = try folder.write("state.tmp.\(getpid())", "")
        #expect(chmod(planted, 0o666) == 0)
        // Root can make the planted file another user's, as an attacker's would be.
        let stranger: uid_t = 65534
        if geteuid() == 0 { #expect(chown(planted, stranger, stranger) == 0) }
        try ReadState(host: "here.example").save(path: state)
        #expect(AtomicFileTests.mode(state) == 0o600)
        #expect(AtomicFileTests.owner(state) == geteuid())
        #expect(try String(contentsOfFile: planted, encoding: .utf8) == "", "the planted file was neither written nor renamed")
    }

    @Test("temporaries of dead runs are removed; live runs', symlinks and others' names are left alone")
    func staleTemporaries() throws {
        let folder = try TemporaryFolder()
        let state = folder.path("state")
        let victim = try folder.write("victim", "precious\n")
        let dead = try AtomicFileTests.deadPID()
        try folder.write(".state.tmp-\(dead)-1a2b3c", "{half a state")
        try folder.write(".state.tmp-\(dead)-ffee", "")
        #expect(symlink(victim, folder.path(".state.tmp-\(dead)-abc")) == 0)
        try folder.write(".state.tmp-1-abc", "pid 1 is alive")
        try folder.write(".other.tmp-\(dead)-abc", "another file's")
        try folder.write(".state.tmp-\(dead)-not-hex", "not our shape")
        // The name versions before 2 used: they piled up after kills.
        try folder.write("state.tmp.\(dead)", "{half a state")
        #expect(symlink(victim, folder.path("state.tmp.\(dead + 1)")) == 0)
        try ReadState(host: "here.example").save(path: state)
        let left = try AtomicFileTests.names(in: folder)
        #expect(!left.contains(".state.tmp-\(dead)-1a2b3c") && !left.contains(".state.tmp-\(dead)-ffee"))
        #expect(!left.contains("state.tmp.\(dead)") && left.contains("state.tmp.\(dead + 1)"), "an old-style temporary, but not a link")
        #expect(left.isSuperset(of: [".state.tmp-\(dead)-abc", ".state.tmp-1-abc", ".other.tmp-\(dead)-abc",
                                     ".state.tmp-\(dead)-not-hex", "state", "victim"]))
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(!left.contains { $0.hasPrefix(".state.tmp-\(getpid())-") }, "our own temporary was renamed")
    }

    @Test("the new file keeps the mode of the one it replaces, or is 0600; nothing changes before commit")
    func modesAndCommit() throws {
        let folder = try TemporaryFolder()
        let report = try folder.write("report.html", "old\n")
        #expect(chmod(report, 0o644) == 0)
        let file = try AtomicFile(replacing: report, permissions: .keepExisting)
        try file.write("new\n")
        try file.finish()
        #expect(try String(contentsOfFile: report, encoding: .utf8) == "old\n", "not renamed before commit")
        #expect(AtomicFileTests.mode(file.temporaryPath) == 0o644)
        try file.commit()
        #expect(try String(contentsOfFile: report, encoding: .utf8) == "new\n")
        #expect(AtomicFileTests.mode(report) == 0o644)
        let fresh = folder.path("fresh.txt")
        let second = try AtomicFile(replacing: fresh, permissions: .keepExisting)
        try second.write("x")
        try second.commit()
        #expect(AtomicFileTests.mode(fresh) == 0o600)
        // A state keeps 0600 even over a file someone made readable.
        #expect(chmod(fresh, 0o644) == 0)
        try ReadState(host: "h").save(path: fresh)
        #expect(AtomicFileTests.mode(fresh) == 0o600)
    }

    @Test("a discarded file leaves the target and no temporary")
    func discard() throws {
        let folder = try TemporaryFolder()
        let target = try folder.write("r.txt", "kept\n")
        do {
            let file = try AtomicFile(replacing: target)
            try file.write("lost\n")
            file.discard()
        }
        do {
            let dropped = try AtomicFile(replacing: target)
            try dropped.write("dropped without commit\n")
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "kept\n")
        #expect(try AtomicFileTests.names(in: folder) == ["r.txt"])
    }

    @Test("a symlink, a directory or a device as the target is refused, never replaced")
    func refusedTargets() throws {
        let folder = try TemporaryFolder()
        let victim = try folder.write("victim", "precious\n")
        let link = folder.path("link")
        #expect(symlink(victim, link) == 0)
        #expect(mkdir(folder.path("dir"), 0o700) == 0)
        for (path, reason) in [(link, "is a symbolic link; name the file itself"), (folder.path("dir"), "is a directory"),
                               ("/dev/null", "is not a regular file"), (folder.url.path + "/dir/", "names a directory, not a file")] {
            let failure = #expect(throws: AtomicFile.Failure.self) { try AtomicFile(replacing: path) }
            #expect(failure?.message == reason, "\(path)")
        }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(try AtomicFileTests.names(in: folder) == ["victim", "link", "dir"])
    }
}
