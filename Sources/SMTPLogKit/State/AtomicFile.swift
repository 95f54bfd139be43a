#if canImport(Glibc)
import Glibc
#endif

/// A file replaced all at once: written to a fresh temporary beside it, flushed to disk and
/// renamed over it, so that a reader, or the next run after a crash, sees the old content or
/// the new, never half of one. Used for the `--state` file and for `--output` reports.
///
/// smtplog runs as root from cron, often in directories others can write, so the temporary is
/// made the way `mkstemp` makes one: a random name, `O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600. A
/// symlink or file planted at a guessable name is then never followed, truncated or reused;
/// the open fails and another name is tried. The temporary's name says whose it is
/// (`.NAME.tmp-PID-RANDOM`) so that one left by a killed run can be recognised and removed.
public final class AtomicFile {
    /// Which mode the new file gets.
    public enum Permissions: Sendable {
        /// Always 0600: the state, which says what was read.
        case privateFile
        /// The mode of the file it replaces (a report others were allowed to read stays
        /// readable), or 0600 when there is none yet.
        case keepExisting
    }

    /// A write that failed: the path it was for, and why.
    public struct Failure: Error, CustomStringConvertible, Sendable, Equatable {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    public let path: String
    public let temporaryPath: String
    private let directory: String
    private var fd: Int32
    private var finished = false
    private var done = false

    /// Creates the temporary. Nothing at `path` changes until `commit()`.
    ///
    /// `path` itself must be absent or a regular file: a symlink there is refused rather than
    /// replaced (the user named the link, perhaps meaning its target), and so is anything else
    /// (`--output /dev/stdout` run as root must not replace a device node).
    public init(replacing path: String, permissions: Permissions = .privateFile) throws(Failure) {
        self.path = path
        let (directory, base) = AtomicFile.split(path)
        guard !base.isEmpty, base != ".", base != ".." else {
            throw Failure(path: path, message: "names a directory, not a file")
        }
        self.directory = directory
        var mode: mode_t = 0o600
        var existing = stat()
        if lstat(path, &existing) == 0 {
            switch existing.st_mode & S_IFMT {
            case S_IFREG: if permissions == .keepExisting { mode = existing.st_mode & 0o777 }
            case S_IFLNK: throw Failure(path: path, message: "is a symbolic link; name the file itself")
            case S_IFDIR: throw Failure(path: path, message: "is a directory")
            default: throw Failure(path: path, message: "is not a regular file")
            }
        } else if errno != ENOENT {
            throw Failure(path: path, message: AtomicFile.reason(errno))
        }
        let prefix = AtomicFile.temporaryPrefix(of: base)
        var attempt = 0
        while true {
            let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            let candidate = AtomicFile.join(directory, "\(prefix)\(getpid())-\(random)")
            let opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0o600)
            if opened >= 0 {
                fd = opened
                temporaryPath = candidate
                break
            }
            let code = errno
            attempt += 1
            guard code == EEXIST || code == EINTR, attempt < 100 else {
                throw Failure(path: path, message: "cannot create a temporary file in \(directory): \(AtomicFile.reason(code))")
            }
        }
        // The mode asked for at creation is cut by the umask; an existing file's mode is kept as it was.
        if fchmod(fd, mode) != 0 {
            let failure = Failure(path: path, message: "cannot set the mode of \(temporaryPath): \(AtomicFile.reason(errno))")
            discard()
            throw failure
        }
    }

    deinit { discard() }

    /// Appends `bytes`; a short write (a full disk) is an error, never a silently short file.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        guard !finished, !done else { throw Failure(path: path, message: "written after it was closed") }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, message: "cannot write: \(AtomicFile.reason(errno))")
            }
            offset += n
        }
    }

    public func write(_ text: String) throws(Failure) {
        var text = text
        var failure: Failure?
        text.withUTF8 { bytes in
            do throws(Failure) { try write(UnsafeRawBufferPointer(bytes)) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Flushes the temporary to disk and closes it. Errors a full or failing disk reports only
    /// here (delayed allocation, NFS) are caught before anything is renamed.
    public func finish() throws(Failure) {
        guard !finished else { return }
        guard !done else { throw Failure(path: path, message: "finished after it was discarded") }
        finished = true
        let synced = fsync(fd) == 0 ? 0 : errno
        let closed = close(fd) == 0 ? 0 : errno
        fd = -1
        if synced != 0 || closed != 0 {
            let code = synced != 0 ? synced : closed
            unlink(temporaryPath)
            done = true
            throw Failure(path: path, message: "cannot write: \(AtomicFile.reason(code))")
        }
    }

    /// Renames the temporary over `path` (finishing it first if needed) and flushes the
    /// directory, so that the rename itself survives a crash.
    /// - Returns: a warning when the directory could not be flushed: the new file is in
    ///   place, but a crash in the next seconds could bring the old one back.
    @discardableResult
    public func commit() throws(Failure) -> String? {
        try finish()
        guard !done else { throw Failure(path: path, message: "committed twice") }
        done = true
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw Failure(path: path, message: "cannot rename \(temporaryPath) over it: \(AtomicFile.reason(code))")
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryFD >= 0 else { return "\(directory): cannot open the directory to flush it: \(AtomicFile.reason(errno))" }
        defer { close(directoryFD) }
        // Some file systems cannot flush a directory and say so with EINVAL: nothing to do there.
        if fsync(directoryFD) != 0, errno != EINVAL, errno != EROFS {
            return "\(directory): cannot flush the directory: \(AtomicFile.reason(errno))"
        }
        return nil
    }

    /// Closes and removes the temporary; `path` keeps what it had.
    public func discard() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if !done {
            done = true
            unlink(temporaryPath)
        }
    }

    /// Removes temporaries of `path` left by runs that were killed before they renamed them:
    /// regular files named like ours, owned by this user, whose process no longer exists.
    ///
    /// Nothing is opened or followed: a name is looked at with `lstat` and removed with
    /// `unlink`, which removes a link itself, never its target. A temporary of a live run (ours
    /// or another's writing the same report) is left alone.
    /// - Parameter legacy: also `NAME.tmp.PID`, the name versions before 2 wrote the state
    ///   through, so that those left by killed runs do not stay forever after an upgrade.
    /// - Returns: the names removed.
    @discardableResult
    public static func removeStaleTemporaries(of path: String, legacy: Bool = false) -> [String] {
        let (directory, base) = split(path)
        let prefix = temporaryPrefix(of: base)
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var stale: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            let pid: Int32?
            if name.hasPrefix(prefix) {
                let rest = name.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
                pid = rest.count == 2 && !rest[1].isEmpty && rest[1].allSatisfy(\.isHexDigit) ? Int32(rest[0]) : nil
            } else if legacy, name.hasPrefix(base + ".tmp.") {
                let rest = name.dropFirst(base.count + 5)
                pid = rest.allSatisfy(\.isNumber) ? Int32(rest) : nil
            } else {
                continue
            }
            guard let pid, pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            let candidate = join(directory, name)
            var info = stat()
            guard lstat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid() else { continue }
            if unlink(candidate) == 0 { stale.append(name) }
        }
        return stale
    }

    /// `.NAME.tmp-`, with NAME cut so that the whole name fits in NAME_MAX (255 bytes).
    static func temporaryPrefix(of base: String) -> String {
        var name = Substring(base)
        while name.utf8.count > 200 { name = name.dropLast() }
        return ".\(name).tmp-"
    }

    /// The directory (`.` when none is given) and the last component of `path`.
    static func split(_ path: String) -> (directory: String, base: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercasedFirst
    }
}
