#if canImport(Glibc)
import Glibc
#endif

/// Where a `--state` file lives, checked before it is locked, read or replaced.
///
/// Root runs smtplog from cron, and the state decides what is reported: whoever can replace it,
/// or the directory entries around it, decides what root reads, skips and writes. So, as ssh
/// refuses a key in a directory others can write, the state is refused when another user could
/// change it: when it, its lock, or a directory on the way to it is owned by someone other than
/// this user or root, or when such a directory is writable by group or others without the
/// sticky bit (`/tmp`'s 1777 is fine: others cannot remove or rename what is not theirs). The
/// state must be a regular file (or not exist yet), never a symlink.
public struct StateLocation: Sendable, Equatable {
    /// The state file, as given.
    public let path: String
    /// The lock beside it (`STATE.lock`), held for a whole run and never removed: removing it
    /// would let a third run lock a new file while the second still waits on the old one.
    public var lockPath: String { path + ".lock" }

    /// Why a state path is not used: the run stops with status 2 rather than read or write it.
    public struct Refusal: Error, CustomStringConvertible, Sendable, Equatable {
        public let description: String
    }

    /// Checks `path`, its lock and every directory from its own up to `/`.
    public static func check(_ path: String, user: uid_t = geteuid()) throws(Refusal) -> StateLocation {
        let (directory, base) = AtomicFile.split(path)
        guard !base.isEmpty, base != ".", base != ".." else {
            throw Refusal(description: "\(path): the state must be a file, not a directory")
        }
        try checkLinks(on: directory, for: path, user: user)
        guard let resolved = realpath(directory, nil) else {
            throw Refusal(description: "\(path): cannot use the state's directory \(directory): \(AtomicFile.reason(errno))")
        }
        var current = String(cString: resolved)
        free(resolved)
        while true {
            var info = stat()
            guard stat(current, &info) == 0 else {
                throw Refusal(description: "\(path): cannot look at \(current): \(AtomicFile.reason(errno))")
            }
            if let problem = StateLocation.looseness(info, user: user, isDirectory: true) {
                throw Refusal(description: "\(path): refused: the directory \(current) \(problem); "
                              + "another user could replace the state. Keep the state in a directory only its owner can write "
                              + "(for example /var/lib/smtplog, mode 0700)")
            }
            if current == "/" { break }
            current = AtomicFile.split(current).directory
        }
        for file in [path, path + ".lock"] {
            var info = stat()
            guard lstat(file, &info) == 0 else {
                if errno == ENOENT { continue }
                throw Refusal(description: "\(file): cannot look at it: \(AtomicFile.reason(errno))")
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFLNK: throw Refusal(description: "\(file): refused: it is a symbolic link; name the file itself")
            default: throw Refusal(description: "\(file): refused: it is not a regular file")
            }
            if let problem = StateLocation.looseness(info, user: user, isDirectory: false) {
                throw Refusal(description: "\(file): refused: it \(problem)")
            }
        }
        return StateLocation(path: path)
    }

    /// A symlink on the way (`/srv/state -> /var/lib/smtplog`) is followed when the state is
    /// opened, so whoever owns it chooses the directory: it must be this user's or root's.
    /// The directories it leads to are checked through `realpath` after this.
    static func checkLinks(on directory: String, for path: String, user: uid_t) throws(Refusal) {
        var prefix = ""
        if !directory.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            guard getcwd(&buffer, buffer.count) != nil else { return }
            prefix = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            var info = stat()
            guard lstat(prefix, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { continue }
            if info.st_uid != user && info.st_uid != 0 {
                throw Refusal(description: "\(path): refused: the symbolic link \(prefix) on the way to it is owned by uid \(info.st_uid), "
                              + "not by this user (uid \(user)) or root; another user could point it elsewhere")
            }
        }
    }

    /// What lets another user change this file or directory, or nil.
    static func looseness(_ info: stat, user: uid_t, isDirectory: Bool) -> String? {
        if info.st_uid != user && info.st_uid != 0 {
            return "is owned by uid \(info.st_uid), not by this user (uid \(user)) or root"
        }
        let writableByOthers = info.st_mode & (S_IWGRP | S_IWOTH) != 0
        if isDirectory, writableByOthers, info.st_mode & S_ISVTX == 0 {
            return "is writable by \(info.st_mode & S_IWOTH != 0 ? "others" : "its group") (mode 0\(String(info.st_mode & 0o7777, radix: 8))) and has no sticky bit"
        }
        if !isDirectory, writableByOthers {
            return "is writable by \(info.st_mode & S_IWOTH != 0 ? "others" : "its group") (mode 0\(String(info.st_mode & 0o7777, radix: 8)))"
        }
        return nil
    }
}
