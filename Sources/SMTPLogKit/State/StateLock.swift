#if canImport(Glibc)
import Glibc
#endif

/// One run at a time per state: an exclusive `flock` on `STATE.lock`, taken before the state is
/// read and held until the run ends (the descriptor is closed by `release()`, `deinit` or the
/// process's exit, a SIGKILL included: the kernel drops the lock, so no stale lock is left).
///
/// Without it two cron runs that overlap (an hourly job slower than an hour, a manual run
/// during the nightly one) read the same state, report the same lines and each save it. With
/// it the second waits, then reads the state the first saved and reports only what came after.
public final class StateLock {
    public let path: String
    private var fd: Int32

    /// The default of `--lock-timeout`: long enough for a slow run over a day of logs, short
    /// enough that a hung run does not let cron stack up waiting copies for the whole day.
    public static let defaultTimeout: Double = 600

    public enum Failure: Error, CustomStringConvertible, Sendable, Equatable {
        /// Another run held the lock for the whole wait.
        case timedOut(path: String, seconds: Double)
        /// The lock file could not be opened or locked.
        case unusable(path: String, message: String)

        public var description: String {
            switch self {
            case .timedOut(let path, let seconds):
                let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
                return "\(path): another smtplog run with this state has held its lock for \(shown) s (--lock-timeout); "
                    + "nothing was read or reported, and the state was not changed"
            case .unusable(let path, let message):
                return "\(path): cannot lock the state: \(message)"
            }
        }
    }

    /// Locks `path`, creating it (0600) when missing, and waits at most `timeout` seconds for
    /// another holder to finish. A symlink at `path` is refused (`O_NOFOLLOW`), as is anything
    /// but a regular file.
    public static func acquire(_ path: String, timeout: Double = StateLock.defaultTimeout) throws(Failure) -> StateLock {
        let fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0o600)
        guard fd >= 0 else {
            let code = errno
            throw .unusable(path: path, message: code == ELOOP ? "it is a symbolic link" : AtomicFile.reason(code))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw .unusable(path: path, message: "it is not a regular file")
        }
        let deadline = monotonicSeconds() + max(0, timeout)
        var pause = 0.01
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else {
                close(fd)
                throw .unusable(path: path, message: AtomicFile.reason(code))
            }
            let left = deadline - monotonicSeconds()
            guard left > 0 else {
                close(fd)
                throw .timedOut(path: path, seconds: timeout)
            }
            // Short pauses first (the other run may be finishing), longer ones after.
            let nap = min(pause, left)
            usleep(useconds_t(nap * 1_000_000))
            pause = min(pause * 2, 0.25)
        }
        return StateLock(path: path, fd: fd)
    }

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { release() }

    /// Unlocks. The file stays: see `StateLocation.lockPath`.
    public func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
