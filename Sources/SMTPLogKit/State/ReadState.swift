// FoundationEssentials, not Foundation: the whole of Foundation (with ICU) costs each run
// about 6 MiB of resident memory for nothing smtplog uses.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// What `--state FILE` remembers between runs: for every log read, how far it was counted.
///
/// A log is recognised by the fingerprint of its first bytes (decompressed for gzip), not by
/// its name: after `mail.log` is renamed to `mail.log.1`, or copied there by `copytruncate`,
/// or compressed to `mail.log.2.gz`, its first bytes are the same, so the next run finds where
/// it stopped in whichever file holds them now. Device and inode are kept to prefer the same
/// file when two fingerprints agree.
public struct ReadState: Codable, Sendable, Equatable {
    /// /2 added `generation`; a /1 state is read as generation 0, so an upgrade loses no place.
    public static let schema = "smtplog.state/2"
    static let readableSchemas: Set<String> = ["smtplog.state/1", schema]

    /// Limits for numbers read back, far above any real log and far below where adding a run's
    /// lines could overflow: a damaged or edited state must give a warning and a full read,
    /// never negative line numbers or a trap.
    public static let maximumOffset = 1 << 60
    public static let maximumFiles = 100_000
    /// A state is a few hundred bytes per log; anything this large is not one.
    public static let maximumSize = 16 << 20

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

        /// What is out of range in this entry, or nil. Every line takes at least its newline,
        /// so no more lines than bytes were ever counted.
        func problem() -> String? {
            if path.isEmpty || path.utf8.contains(0) { return "path is empty or holds a NUL byte" }
            if !(0...ReadState.maximumOffset).contains(offset) { return "offset \(offset) out of range" }
            if !(0...offset).contains(lines) { return "lines \(lines) out of range (0 to the offset, \(offset))" }
            if !(0...ReadState.maximumOffset).contains(size) { return "size \(size) out of range" }
            if !(1...ContentHead.length).contains(fingerprintLength) {
                return "fingerprint_length \(fingerprintLength) out of range (1 to \(ContentHead.length))"
            }
            if fingerprint.utf8.count != 16 || !fingerprint.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
                return "fingerprint is not 16 hex digits"
            }
            return nil
        }
    }

    public var schema: String
    /// The machine that wrote it: inodes and devices mean nothing on another one.
    public var host: String
    /// How many runs have saved this state: one more with every save. A run whose report went
    /// out is the run that moved it, so a test, or an admin, can tell which runs committed.
    public var generation: Int
    public var files: [Entry]
    /// The cumulative value of every counter `--format prometheus` exports, since the state
    /// was made: what the last run's file showed, so that the next one shows counters that
    /// only grow. Added within /2: a state without it starts them from zero, and an older
    /// smtplog reading a state with it ignores it.
    public var totals: [Total]

    /// One counter's total: its series as the exposition format writes it, and its value.
    /// A list rather than an object keyed by series, so that no key strategy rewrites them.
    public struct Total: Codable, Sendable, Equatable {
        public var series: String
        public var value: Int

        public init(series: String, value: Int) {
            self.series = series
            self.value = value
        }
    }

    /// Where `--journal` stopped; absent when no run with this state read the journal. An
    /// optional addition to /2: a state without it reads as before, and older versions that
    /// do not know it ignore it.
    public var journal: JournalPosition?
    /// What each authenticated user usually sends (`AccountBaseline`), for the account volume
    /// rule. An optional addition to /2 like `journal`: a state without it loads as before.
    public var accounts: AccountBaseline?

    public init(host: String = ReadState.hostName, generation: Int = 0, files: [Entry] = [], totals: [String: Int] = [:],
                journal: JournalPosition? = nil, accounts: AccountBaseline? = nil) {
        schema = ReadState.schema
        self.host = host
        self.generation = generation
        self.files = files
        self.totals = totals.sorted { $0.key < $1.key }.map { Total(series: $0.key, value: $0.value) }
        self.journal = journal
        self.accounts = accounts
    }

    /// The totals by series.
    public var counterTotals: [String: Int] {
        Dictionary(totals.map { ($0.series, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    enum CodingKeys: String, CodingKey {
        case schema, host, generation, files, totals, journal, accounts
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schema = try container.decode(String.self, forKey: .schema)
        host = try container.decode(String.self, forKey: .host)
        generation = try container.decodeIfPresent(Int.self, forKey: .generation) ?? 0
        files = try container.decode([Entry].self, forKey: .files)
        totals = try container.decodeIfPresent([Total].self, forKey: .totals) ?? []
        journal = try container.decodeIfPresent(JournalPosition.self, forKey: .journal)
        accounts = try container.decodeIfPresent(AccountBaseline.self, forKey: .accounts)
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
        let data: Data
        let outcome = WholeFile.read(path, limit: maximumSize, followLinks: false)
        switch outcome {
        case .missing: return nil
        case .failed, .symbolicLink, .notRegularFile:
            throw Unusable(description: "\(path): cannot read the state file (\(WholeFile.reason(outcome) ?? "")); reading every input in full")
        case .tooLarge(let size):
            let reason = size.map { "\($0) bytes, more than a state can hold" } ?? "more than \(maximumSize) bytes"
            throw Unusable(description: "\(path): cannot read the state file (\(reason)); reading every input in full")
        case .read(let bytes): data = Data(bytes)
        }
        let state: ReadState
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            state = try decoder.decode(ReadState.self, from: data)
        } catch {
            // An older or newer layout fails here too: say which it was when the schema is readable.
            if let header = try? JSONDecoder().decode(SchemaOnly.self, from: data), !readableSchemas.contains(header.schema) {
                throw Unusable(description: "\(path): state written by another version (\(DisplayText.escaped(header.schema)), this one reads \(schema)); reading every input in full")
            }
            throw Unusable(description: "\(path): state file is damaged; reading every input in full")
        }
        guard readableSchemas.contains(state.schema) else {
            throw Unusable(description: "\(path): state written by another version (\(DisplayText.escaped(state.schema)), this one reads \(schema)); reading every input in full")
        }
        guard state.host == host else {
            throw Unusable(description: "\(path): state written on another machine (\(DisplayText.escaped(state.host))); reading every input in full")
        }
        if let problem = state.problem() {
            throw Unusable(description: "\(path): state file is damaged (\(problem)); reading every input in full")
        }
        return state
    }

    /// What is out of range, or nil.
    func problem() -> String? {
        if !(0..<Int.max).contains(generation) { return "generation \(generation) out of range" }
        if files.count > ReadState.maximumFiles { return "\(files.count) files, more than \(ReadState.maximumFiles)" }
        for (index, entry) in files.enumerated() {
            if let problem = entry.problem() { return "entry \(index + 1): \(problem)" }
        }
        return totalsProblem() ?? journal?.problem() ?? accounts?.problem()
    }

    /// A total must be a series this version writes, once, with a value from 0 to
    /// `PrometheusMetrics.maximumTotal`: a damaged or edited state never plants a series or a
    /// wrapped number in the exported file.
    func totalsProblem() -> String? {
        let known = PrometheusMetrics.knownCounterSeries
        if totals.count > known.count { return "\(totals.count) totals, more than the \(known.count) counter series" }
        var seen = Set<String>()
        for total in totals {
            let shown = DisplayText.escaped(String(total.series.prefix(120)))
            if !known.contains(total.series) { return "totals: unknown series \(shown)" }
            if !seen.insert(total.series).inserted { return "totals: \(shown) given twice" }
            if !(0...PrometheusMetrics.maximumTotal).contains(total.value) {
                return "totals: \(shown) is \(total.value), out of range (0 to \(PrometheusMetrics.maximumTotal))"
            }
        }
        return nil
    }

    private struct SchemaOnly: Decodable { var schema: String }

    /// Replaces the state at `path` through `AtomicFile`: a run killed at any moment leaves the
    /// old state or the new one, never half of one. This is a run's commit point: it comes
    /// after every report was written, so a report that did not go out moves nothing.
    /// Temporaries left by killed runs are removed first.
    /// - Returns: a warning when the directory could not be flushed after the rename.
    @discardableResult
    public func save(path: String) throws(AtomicFile.Failure) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let text: String
        do {
            text = String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
        } catch {
            throw AtomicFile.Failure(path: path, message: "cannot encode the state: \(error)")
        }
        AtomicFile.removeStaleTemporaries(of: path, legacy: true)
        let file = try AtomicFile(replacing: path, permissions: .privateFile)
        try file.write(text)
        return try file.commit()
    }
}
