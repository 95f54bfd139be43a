import Foundation
import Testing
@testable import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// Where a state may live, and one run at a time per state.
@Suite("State location and lock", .serialized)
struct StateLocationTests {
    static func refusal(_ path: String, user: uid_t = geteuid()) -> String? {
        do {
            _ = try StateLocation.check(path, user: user)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("a directory others or the group can write is refused unless it has the sticky bit")
    func looseDirectories() throws {
        let folder = try TemporaryFolder()
        let directory = folder.path("states")
        #expect(mkdir(directory, 0o700) == 0)
        #expect(StateLocationTests.refusal("\(directory)/state") == nil)
        for (mode, who) in [(0o777, "others"), (0o770, "its group"), (0o757, "others")] as [(mode_t, String)] {
            #expect(chmod(directory, mode) == 0)
            let refusal = StateLocationTests.refusal("\(directory)/state")
            #expect(refusal?.contains("refused: the directory \(directory) is writable by \(who) (mode 0\(String(mode, radix: 8))) and has no sticky bit") == true,
                    "\(String(mode, radix: 8)): \(refusal ?? "accepted")")
        }
        #expect(chmod(directory, 0o1777) == 0)
        #expect(StateLocationTests.refusal("\(directory)/state") == nil, "a sticky directory like /tmp is fine")
        // A loose directory further up is as bad as the state's own.
        #expect(chmod(directory, 0o777) == 0)
        #expect(mkdir("\(directory)/inner", 0o700) == 0)
        #expect(StateLocationTests.refusal("\(directory)/inner/state")?.contains("the directory \(directory) is writable by others") == true)
    }

    @Test("a state or lock that is a symlink, a FIFO or a directory is refused")
    func notRegularFiles() throws {
        let folder = try TemporaryFolder()
        let victim = try folder.write("victim", "precious\n")
        #expect(symlink(victim, folder.path("link")) == 0)
        #expect(StateLocationTests.refusal(folder.path("link")) == "\(folder.path("link")): refused: it is a symbolic link; name the file itself")
        #expect(mkfifo(folder.path("fifo"), 0o600) == 0)
        #expect(StateLocationTests.refusal(folder.path("fifo")) == "\(folder.path("fifo")): refused: it is not a regular file")
        #expect(mkdir(folder.path("dir"), 0o700) == 0)
        #expect(StateLocationTests.refusal(folder.path("dir")) == "\(folder.path("dir")): refused: it is not a regular file")
        #expect(StateLocationTests.refusal(folder.path("dir") + "/")?.contains("must be a file, not a directory") == true)
        #expect(symlink(victim, folder.path("s.lock")) == 0)
        #expect(StateLocationTests.refusal(folder.path("s")) == "\(folder.path("s.lock")): refused: it is a symbolic link; name the file itself")
        #expect(StateLocationTests.refusal(folder.path("missing/state"))?.contains("cannot use the state's directory") == true)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
    }

    @Test("a state, lock or directory owned by another user, or a state others can write, is refused")
    func foreignOwners() throws {
        let folder = try TemporaryFolder()
        let state = try folder.write("state", "{}")
        // Seen as another user would see it: this user's files are then someone else's.
        let other: uid_t = geteuid() == 4242 ? 4243 : 4242
        #expect(StateLocationTests.refusal(state, user: other)?.contains("is owned by uid \(geteuid()), not by this user (uid \(other)) or root") == true
                || geteuid() == 0, "root's files are always acceptable")
        #expect(chmod(state, 0o666) == 0)
        #expect(StateLocationTests.refusal(state) == "\(state): refused: it is writable by others (mode 0666)")
        #expect(chmod(state, 0o600) == 0)
        guard geteuid() == 0 else { return }
        #expect(chown(state, 65534, 65534) == 0)
        #expect(StateLocationTests.refusal(state) == "\(state): refused: it is owned by uid 65534, not by this user (uid 0) or root")
        #expect(chown(state, 0, 0) == 0)
        let lock = try folder.write("state.lock", "")
        #expect(chown(lock, 65534, 65534) == 0)
        #expect(StateLocationTests.refusal(state)?.hasPrefix("\(lock): refused: it is owned by uid 65534") == true)
        #expect(unlink(lock) == 0)
        #expect(chown(folder.url.path, 65534, 65534) == 0)
        #expect(StateLocationTests.refusal(state)?.contains("the directory \(folder.url.path) is owned by uid 65534") == true)
        #expect(chown(folder.url.path, 0, 0) == 0)
        // A symlink on the way that another user owns could be pointed elsewhere.
        #expect(mkdir(folder.path("real"), 0o700) == 0)
        #expect(symlink(folder.path("real"), folder.path("via")) == 0)
        #expect(StateLocationTests.refusal(folder.path("via/state")) == nil)
        #expect(lchown(folder.path("via"), 65534, 65534) == 0)
        #expect(StateLocationTests.refusal(folder.path("via/state"))?.contains("the symbolic link \(folder.path("via")) on the way to it is owned by uid 65534") == true)
    }

    @Test("the lock: a second holder waits, then times out; it gets the lock once the first lets go")
    func lockWaitsAndTimesOut() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("state.lock")
        let first = try StateLock.acquire(path, timeout: 0)
        var info = stat()
        #expect(lstat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let started = StateLock.monotonicSeconds()
        let failure = #expect(throws: StateLock.Failure.self) { try StateLock.acquire(path, timeout: 0.3) }
        #expect(failure == .timedOut(path: path, seconds: 0.3))
        #expect(StateLock.monotonicSeconds() - started >= 0.3)
        #expect(failure?.description.contains("has held its lock for 0.3 s (--lock-timeout)") == true)
        // Let go from another thread while the second waits.
        let holder = UncheckedBox(first)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { holder.value.release() }
        let second = try StateLock.acquire(path, timeout: 10)
        #expect(StateLock.monotonicSeconds() - started >= 0.5)
        second.release()
        #expect(FileManager.default.fileExists(atPath: path), "the lock file is never removed")
        let victim = try folder.write("victim", "")
        #expect(symlink(victim, folder.path("other.lock")) == 0)
        #expect(throws: StateLock.Failure.unusable(path: folder.path("other.lock"), message: "it is a symbolic link")) {
            try StateLock.acquire(folder.path("other.lock"), timeout: 0)
        }
    }
}

/// Hands a non-Sendable value to another thread in a test that orders the accesses itself.
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
