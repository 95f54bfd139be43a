import Foundation

/// What `--state FILE` remembers between runs: for every log read, how far it was counted.
///
/// A log is recognised by the fingerprint of its first bytes (decompressed for gzip), not by
/// its name: after `mail.log` is renamed to `mail.log.1`, or copied there by `copytruncate`,
/// or compressed to `mail.log.2.gz`, its first bytes are the same, so the next run finds where
/// it stopped in whichever file holds them now. Device and inode are kept to prefer the same
/// file when two fingerprints agree.
public struct ReadState: Codable, Sendable, Equatable {
    public static let schema = "smtplog.state/1"

    public struct Entry: Codable, Sendable, Equatable {
        public var path: String
        public var device: UInt64
        public var inode: UInt64
        /// The file's size on disk when it was read (compressed size for gzip).
        public var size: Int
        public var compressed: Bool
        /// Content bytes counted, through the last complete line: where the next run starts.
        public var offset: Int
        /// Lines counted, so that line numbers in the next run's messages stay the file's own.
        public var lines: Int
        /// FNV-1a of the first `fingerprintLength` content bytes, in hex.
        public var fingerprint: String
        public var fingerprintLength: Int

        public init(path: String, device: UInt64, inode: UInt64, size: Int, compressed: Bool, offset: Int,
                    lines: Int, fingerprint: String, fingerprintLength: Int) {
            self.path = path
            self.device = device
            self.inode = inode
            self.size = size
            self.compressed = compressed
            self.offset = offset
            self.lines = lines
            self.fingerprint = fingerprint
            self.fingerprintLength = fingerprintLength
        }
    }

    public var schema: String
    /// The machine that wrote it: inodes and devices mean nothing on another one.
    public var host: String
    public var files: [Entry]

    public init(host: String = ReadState.hostName, files: [Entry] = []) {
        schema = ReadState.schema
        self.host = host
        self.files = files
    }

    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Why a state file was not used. The run then reads every input in full: a state that
    /// cannot be trusted must never lose lines or crash the run.
    public struct Unusable: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The state in `path`; nil when there is none yet (the first run).
    public static func load(path: String, host: String = ReadState.hostName) throws(Unusable) -> ReadState? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw Unusable(description: "\(path): cannot read the state file; reading every input in full")
            }
            return nil
        }
        let state: ReadState
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            state = try decoder.decode(ReadState.self, from: data)
        } catch {
            // An older or newer layout fails here too: say which it was when the schema is readable.
            if let header = try? JSONDecoder().decode(SchemaOnly.self, from: data), header.schema != schema {
                throw Unusable(description: "\(path): state written by another version (\(DisplayText.escaped(header.schema)), this one reads \(schema)); reading every input in full")
            }
            throw Unusable(description: "\(path): state file is damaged; reading every input in full")
        }
        guard state.schema == schema else {
            throw Unusable(description: "\(path): state written by another version (\(DisplayText.escaped(state.schema)), this one reads \(schema)); reading every input in full")
        }
        guard state.host == host else {
            throw Unusable(description: "\(path): state written on another machine (\(DisplayText.escaped(state.host))); reading every input in full")
        }
        return state
    }

    private struct SchemaOnly: Decodable { var schema: String }

    /// Writes to a temporary file beside `path`, flushes it to disk and renames it over `path`:
    /// a run killed at any moment leaves either the old state or the new one, never half of one.
    public func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try encoder.encode(self) + Data("\n".utf8)
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw InputError.errno("writing \(temporary)") }
        var failure: InputError?
        data.withUnsafeBytes { bytes in
            var written = 0
            while written < bytes.count {
                let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = InputError.errno("writing \(temporary)")
                    return
                }
                written += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = InputError.errno("writing \(temporary)") }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = InputError.errno("renaming \(temporary)") }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }
}
