/// What `smtplog trace` looks for: queue ids, message-ids, senders, recipients. A message is
/// selected when any one of them matches; the messages it hands on to (a content filter's new
/// queue id, a bounce notice) are followed as well.
///
/// Matching works on the line's bytes, so that the lines of messages nobody asked about cost
/// a comparison and no allocation.
public struct TraceQuery: Sendable, Equatable {
    public enum QueryError: Error, Equatable, CustomStringConvertible {
        case empty
        case tooLong(String)
        case invalid(String)
        case limit(Int)

        public var description: String {
            switch self {
            case .empty: "give at least one of --id, --message-id, --from or --to"
            case .tooLong(let option): "\(option) takes at most \(TraceQuery.maximumLength) bytes"
            case .invalid(let option): "\(option) takes printable text without spaces"
            case .limit(let value):
                "--limit must be from \(TraceQuery.limitRange.lowerBound) to \(TraceQuery.limitRange.upperBound), not \(value)"
            }
        }
    }

    /// Queue ids (Postfix `3F2A1B4C5D`, Exim `1tAbCd-000XyZ-9Q`): exact bytes.
    public private(set) var queueIDs: [[UInt8]] = []
    /// Message-ids, without angle brackets: exact bytes (they are opaque).
    public private(set) var messageIDs: [[UInt8]] = []
    /// Envelope senders: an address (any case), or `@domain` for every address of a domain.
    public private(set) var senders: [[UInt8]] = []
    public private(set) var recipients: [[UInt8]] = []
    /// How many messages are traced at most; the ones beyond are counted as not shown.
    public var limit: Int

    /// An address, id or domain longer than this is no address (RFC 5321 caps a path at 256).
    public static let maximumLength = 512
    public static let defaultLimit = 1_000
    /// Each traced message is held until the end: 100,000 keeps the run within a few hundred MB.
    public static let limitRange = 1...100_000

    public init(queueIDs: [String] = [], messageIDs: [String] = [], senders: [String] = [], recipients: [String] = [],
                limit: Int = TraceQuery.defaultLimit) throws(QueryError) {
        guard TraceQuery.limitRange.contains(limit) else { throw .limit(limit) }
        self.limit = limit
        self.queueIDs = try TraceQuery.values(queueIDs, option: "--id", folding: false)
        self.messageIDs = try TraceQuery.values(messageIDs.map(TraceQuery.unbracketed), option: "--message-id", folding: false)
        self.senders = try TraceQuery.values(senders.map(TraceQuery.unbracketed), option: "--from", folding: true, allowEmpty: true)
        self.recipients = try TraceQuery.values(recipients.map(TraceQuery.unbracketed), option: "--to", folding: true)
        guard !(self.queueIDs.isEmpty && self.messageIDs.isEmpty && self.senders.isEmpty && self.recipients.isEmpty) else {
            throw .empty
        }
    }

    /// `<a@b>` and `a@b` name the same address or message-id.
    static func unbracketed(_ text: String) -> String {
        guard text.hasPrefix("<"), text.hasSuffix(">"), text.utf8.count >= 2 else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// Checks each value (bounded, printable, no spaces) and keeps it as bytes, lower-cased for
    /// addresses. An empty sender (`--from '<>'`) names bounces, which have none.
    private static func values(_ texts: [String], option: String, folding: Bool, allowEmpty: Bool = false)
        throws(QueryError) -> [[UInt8]] {
        var result: [[UInt8]] = []
        for text in texts {
            let bytes = Array(text.utf8)
            guard bytes.count <= maximumLength else { throw .tooLong(option) }
            guard !bytes.isEmpty || allowEmpty else { throw .invalid(option) }
            guard bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { throw .invalid(option) }
            result.append(folding ? bytes.map(lowered) : bytes)
        }
        return result
    }

    @inline(__always)
    static func lowered(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    public var hasAddresses: Bool { !senders.isEmpty || !recipients.isEmpty }

    func matchesQueueID(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        queueIDs.contains { TraceQuery.equal(line, range, $0, folding: false) }
    }

    func matchesMessageID(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        messageIDs.contains { TraceQuery.equal(line, range, $0, folding: false) }
    }

    func matchesSender(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        senders.contains { TraceQuery.address(line, range, matches: $0) }
    }

    func matchesRecipient(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        recipients.contains { TraceQuery.address(line, range, matches: $0) }
    }

    /// `@example.net` matches every address of that domain (not of its subdomains); anything
    /// else the whole address, case folded (the local part's case rarely means anything to a
    /// server, and an administrator types it as the user spelled it).
    static func address(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, matches wanted: [UInt8]) -> Bool {
        if wanted.first == 0x40, range.count >= wanted.count {
            let start = range.upperBound - wanted.count
            return equal(line, start..<range.upperBound, wanted, folding: true)
        }
        return equal(line, range, wanted, folding: true)
    }

    @inline(__always)
    static func equal(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ wanted: [UInt8], folding: Bool) -> Bool {
        guard range.count == wanted.count else { return false }
        var index = 0
        for position in range {
            let byte = folding ? lowered(line[position]) : line[position]
            if byte != wanted[index] { return false }
            index += 1
        }
        return true
    }
}
