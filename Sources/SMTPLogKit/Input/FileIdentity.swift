#if canImport(Glibc)
import Glibc
#endif

/// Which file a path or descriptor reads: device and inode. A path names a file only at the
/// moment it is looked up (logrotate can point it at a new file while the old one is read), so
/// this is what tells two paths for one file apart from one path for two files, and what
/// `--state` uses to prefer the same file when two logs start alike.
public struct FileIdentity: Hashable, Sendable, Codable {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    init(_ info: stat) {
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The file `path` names now; nil when it names none.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// Nil for standard input, which has no path to look up again.
    public init?(input name: InputName) {
        guard !name.isStandardInput else { return nil }
        self.init(path: name.path)
    }
}
