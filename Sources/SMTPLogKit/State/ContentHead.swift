#if canImport(Glibc)
import Glibc
#endif

/// The first bytes of an input's content (decompressed), which identify a log across
/// renames, copies and compression: every log starts with its own first stamped line.
struct ContentHead {
    static let length = 1024

    var bytes: [UInt8]
    var identity: FileIdentity?
    var isCompressed: Bool
    var size: Int

    /// Nil for anything but a regular file: reading the head of a pipe (`<(zcat …)`) would take
    /// those bytes away from the run itself, and a pipe has no place to resume at anyway.
    static func read(_ name: InputName) -> ContentHead? {
        var info = stat()
        guard !name.isStandardInput, stat(name.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
              let opened = try? OpenedInput.open(name) else { return nil }
        return ContentHead(bytes: opened.readHead(upTo: length), identity: FileIdentity(input: name),
                           isCompressed: opened.isCompressed, size: opened.size ?? 0)
    }

    /// Whether the two heads could be of one file at two moments: the shorter one starts the
    /// longer one (a log only grows, unless it is cut).
    func agrees(with other: ContentHead) -> Bool {
        let common = min(bytes.count, other.bytes.count)
        return bytes[..<common] == other.bytes[..<common]
    }

    func fingerprint(length: Int) -> String? {
        guard length > 0, length <= bytes.count else { return nil }
        return ContentHead.fnv1a(bytes[0..<length])
    }

    /// FNV-1a, 64 bits: enough to tell logs apart by their first kilobyte, and stable across
    /// versions and machines (Swift's `Hasher` is seeded per process).
    static func fnv1a(_ bytes: ArraySlice<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
