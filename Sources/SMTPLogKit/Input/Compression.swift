/// The compressed formats a rotated log comes in: gzip (logrotate's default), and xz, bzip2
/// and zstd (its `compresscmd`). Each is recognised by its magic bytes, never by its name, so a
/// renamed file and a compressed stream on stdin read the same.
public enum Compression: String, CaseIterable, Sendable, Codable {
    case gzip, xz, bzip2, zstd

    /// The most bytes `sniff` looks at.
    public static let magicLength = 6

    /// The format `head` (the first bytes of an input) starts with, or nil for plain text.
    public static func sniff<Bytes: Collection>(_ head: Bytes) -> Compression? where Bytes.Element == UInt8 {
        let bytes = Array(head.prefix(magicLength))
        func starts(_ magic: [UInt8]) -> Bool { bytes.starts(with: magic) }
        if starts([0x1F, 0x8B]) { return .gzip }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        // "BZh" and the block size, 1 to 9 hundred kilobytes.
        if starts([0x42, 0x5A, 0x68]), bytes.count > 3, (0x31...0x39).contains(bytes[3]) { return .bzip2 }
        // A zstd frame, or a skippable frame (0x184D2A50 to 0x184D2A5F, little-endian) before one.
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        if bytes.count >= 4, bytes[0] & 0xF0 == 0x50, bytes[1] == 0x2A, bytes[2] == 0x4D, bytes[3] == 0x18 { return .zstd }
        return nil
    }

    /// The file name suffix its tool writes.
    public var suffix: String {
        switch self {
        case .gzip: ".gz"
        case .xz: ".xz"
        case .bzip2: ".bz2"
        case .zstd: ".zst"
        }
    }

    /// `path` without a compression suffix, for telling rotated files apart by name.
    static func strippingSuffix(_ path: Substring) -> Substring {
        for format in allCases where path.hasSuffix(format.suffix) {
            return path.dropLast(format.suffix.count)
        }
        return path
    }

    /// A source that decodes this format from `upstream`.
    func decoder(upstream: ByteSource) throws -> DecompressingSource {
        let codec: StreamCodec
        switch self {
        case .gzip: codec = IsalGzipCodec()
        case .xz: codec = try XzCodec()
        case .bzip2: codec = try Bzip2Codec()
        case .zstd: codec = try ZstdCodec()
        }
        return DecompressingSource(upstream: upstream, codec: codec)
    }
}
