// FoundationEssentials, not Foundation: the whole of Foundation (with ICU) costs each run
// about 6 MiB of resident memory for nothing smtplog uses.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a report's JSON carries for `smtplog merge` (its `merge` key): the hosts it covers, the
/// merged summary and the rules' accumulators, each keyed by its rule's section. A merge of
/// payloads is a payload, so merged files merge again: `merge(a, merge(b, c))` and
/// `merge(merge(c, a), b)` give the same figures.
public struct MergePayload: Sendable {
    /// Sorted by name; one entry per host.
    public var hosts: [HostFigures]
    public var summary: ReplySummary
    public var rules: RuleAccumulators
    /// The rules' sections, in the order of `rules`.
    public var sections: [String]

    public init(hosts: [HostFigures], summary: ReplySummary, rules: RuleAccumulators, ruleSet: RuleSet) {
        self.hosts = hosts.sorted { $0.host < $1.host }
        self.summary = summary
        self.rules = rules
        sections = ruleSet.rules.map { type(of: $0).section }
    }

    /// Adds `other`; the caller has checked that no host is in both.
    public static func += (lhs: inout MergePayload, rhs: MergePayload) {
        precondition(lhs.sections == rhs.sections, "payloads of different rule sets")
        lhs.hosts = (lhs.hosts + rhs.hosts).sorted { $0.host < $1.host }
        lhs.summary += rhs.summary
        lhs.rules += rhs.rules
    }

    /// Every payload added, in the order of their first host's name: the figures do not depend
    /// on the order, and the examples a report shows (the first lines met) then do not either.
    public static func merged(_ payloads: [MergePayload]) -> MergePayload? {
        let ordered = payloads.sorted { ($0.hosts.first?.host ?? "") < ($1.hosts.first?.host ?? "") }
        guard var merged = ordered.first else { return nil }
        for payload in ordered.dropFirst() { merged += payload }
        return merged
    }
}

extension MergePayload: Encodable {
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(hosts, "hosts")
        try container.put(summary, "summary")
        var rules = container.nestedContainer(keyedBy: PayloadKey.self, forKey: PayloadKey("rules"))
        // A rule whose accumulator is not Codable is left out rather than failing the report;
        // `MergeTests` requires every registered rule's to be Codable.
        for (section, accumulator) in zip(sections, self.rules.items) {
            guard let encodable = accumulator as? any Encodable else { continue }
            try rules.encode(encodable, forKey: PayloadKey(section))
        }
    }
}

extension FindingRule {
    /// Whether a merge carries this rule's accumulator: it must be Codable.
    var isMergeable: Bool { Accumulator.self is any (RuleAccumulator & Codable).Type }

    /// This rule's accumulator, read from a payload.
    func decodeAccumulator(from container: KeyedDecodingContainer<PayloadKey>, decoder: Decoder) throws -> any RuleAccumulator {
        let section = Self.section
        guard let type = Accumulator.self as? any (RuleAccumulator & Decodable).Type else {
            // Never written (see `encode`): the rule finds nothing in a merge.
            return makeAccumulator(capacity: 2) as any RuleAccumulator
        }
        func decode<T: RuleAccumulator & Decodable>(_ type: T.Type) throws -> any RuleAccumulator {
            try container.decode(T.self, forKey: PayloadKey(section))
        }
        let accumulator = try decode(type)
        if let checked = accumulator as? any PayloadChecked, let problem = checked.checkPayload() {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [PayloadKey(section)],
                                                    debugDescription: problem + " at merge.rules.\(section)"))
        }
        return accumulator
    }
}

extension CodingUserInfoKey {
    /// The `RuleSet` a payload's accumulators are read for.
    static let ruleSet = CodingUserInfoKey(rawValue: "smtplog.ruleSet")!
    /// The `ExampleHost` of the payload being read.
    static let exampleHost = CodingUserInfoKey(rawValue: "smtplog.exampleHost")!
}

/// The host whose file names a payload's examples get, learnt from its `hosts` before the rest
/// is read; nil for a payload of several hosts, merged already, whose examples have theirs.
/// Used by the one thread that decodes the payload.
final class ExampleHost: @unchecked Sendable {
    var name: String?
}

extension MergePayload: Decodable {
    public init(from decoder: Decoder) throws {
        guard let ruleSet = decoder.userInfo[.ruleSet] as? RuleSet else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no rule set to read the payload for"))
        }
        let container = try decoder.container(keyedBy: PayloadKey.self)
        hosts = try container.value("hosts")
        try PayloadDecodingError.check(!hosts.isEmpty, decoder, "no host")
        for host in hosts {
            try PayloadDecodingError.check(HostFigures.isValidName(host.host), decoder,
                                           "\(DisplayText.escaped(String(host.host.prefix(80)))) is not a host name")
        }
        try PayloadDecodingError.check(Set(hosts.map(\.host)).count == hosts.count, decoder, "a host is listed twice")
        hosts.sort { $0.host < $1.host }
        (decoder.userInfo[.exampleHost] as? ExampleHost)?.name = hosts.count == 1 ? hosts[0].host : nil
        summary = try container.value("summary")
        let rules = try container.nestedContainer(keyedBy: PayloadKey.self, forKey: PayloadKey("rules"))
        sections = ruleSet.rules.map { type(of: $0).section }
        let unknown = Set(rules.allKeys.map(\.stringValue)).subtracting(sections)
        try PayloadDecodingError.check(unknown.isEmpty, decoder, "rules this smtplog does not have: \(unknown.sorted().joined(separator: ", "))")
        var items: [any RuleAccumulator] = []
        for rule in ruleSet.rules {
            let section = type(of: rule).section
            try PayloadDecodingError.check(rules.contains(PayloadKey(section)) || !rule.isMergeable, decoder,
                                           "no accumulator for the rule \(section)")
            items.append(try rule.decodeAccumulator(from: rules, decoder: decoder))
        }
        self.rules = RuleAccumulators(items)
    }
}

/// Reading the `merge` payload of a report's JSON: the schema first, then every number, then
/// the payload itself. Every refusal names the file.
public enum MergeInput {
    /// The schema `smtplog merge` reads, which `--format json` writes.
    public static var schema: String { JSONReport.schema }
    /// The largest file read: a host at every list's capacity writes well under this.
    public static let maxFileBytes = 1 << 30
    /// The largest number a payload may hold, and the most all its counts (or bytes, or
    /// times) may add up to: far beyond a day of any server, and small enough that the sums of
    /// `maxFiles` payloads cannot overflow (2^50 × 2^12 = 2^62).
    public static let maxNumber = 1 << 50
    public static let maxFiles = 4_096
    /// The longest string a payload may hold, in bytes as written (an example's file name and
    /// text, escaped).
    public static let maxString = 32_768

    public struct Failure: Error, CustomStringConvertible {
        public var file: String
        public var message: String
        public var description: String { "\(DisplayText.escaped(file)): \(message)" }
    }

    /// The payload of the JSON `data` read from `file`, for the rules of `ruleSet`.
    public static func payload(of data: Data, file: String, rules ruleSet: RuleSet) throws(Failure) -> MergePayload {
        func fail(_ message: String) -> Failure { Failure(file: file, message: message) }
        guard data.count <= maxFileBytes else { throw fail("larger than \(maxFileBytes >> 20) MiB: not a report smtplog wrote") }
        let scanned = data.withUnsafeBytes { raw in
            PayloadScanner.scan(raw.bindMemory(to: UInt8.self), limit: maxNumber, stringLimit: maxString)
        }
        let found: PayloadScanner.Result
        switch scanned {
        case .success(let result): found = result
        case .failure(let error): throw fail(error.message)
        }
        guard let schema = found.schema else { throw fail("not a report of smtplog: no schema") }
        guard schema == self.schema else {
            throw fail("schema \(DisplayText.escaped(String(schema.prefix(60)))), this smtplog merges \(self.schema) (write the hosts' JSON with this version of smtplog)")
        }
        guard found.hasMerge else { throw fail("no merge payload: make it with smtplog report --host NAME --format json") }
        let decoder = JSONDecoder()
        decoder.userInfo[.ruleSet] = ruleSet
        decoder.userInfo[.exampleHost] = ExampleHost()
        do {
            return try decoder.decode(Document.self, from: data).merge
        } catch let error as DecodingError {
            throw fail(describe(error))
        } catch {
            throw fail("\(error)")
        }
    }

    /// The file's payload; a file that cannot be read is refused like a bad one.
    public static func payload(file: String, rules: RuleSet) throws(Failure) -> MergePayload {
        let data: Data
        let outcome = WholeFile.read(file, limit: maxFileBytes, followLinks: true)
        switch outcome {
        case .missing: throw Failure(file: file, message: "cannot read: no such file")
        case .failed, .symbolicLink, .notRegularFile: throw Failure(file: file, message: "cannot read: \(WholeFile.reason(outcome) ?? "")")
        case .tooLarge: throw Failure(file: file, message: "larger than \(maxFileBytes >> 20) MiB: not a report smtplog wrote")
        case .read(let bytes): data = Data(bytes)
        }
        return try payload(of: data, file: file, rules: rules)
    }

    private struct Document: Decodable {
        var merge: MergePayload
    }

    /// What the numbers of a payload measure: events (the default), bytes, or times (delays
    /// and connection seconds). Each sum is kept below `maxNumber` per file, so that no total
    /// a report makes of a list or a table can overflow, in one file or in `maxFiles` merged.
    enum Measure: CaseIterable {
        case count, bytes, time

        init(key: String) {
            if key.contains("bytes") { self = .bytes } else if key.contains("delay") || key.contains("seconds") { self = .time } else { self = .count }
        }
    }

    /// Keys whose numbers are bounds or clock readings, checked where they are decoded, and
    /// no part of any sum.
    static let unsummed: Set<String> = ["capacity", "key_capacity", "in_flight_capacity", "recent", "window"]

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .dataCorrupted(let context):
            return context.debugDescription
        case .keyNotFound(let key, let context):
            return "\(key.stringValue) is missing at \(path(context).isEmpty ? "the top" : String(path(context).dropFirst()))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(context.debugDescription) at \(String(path(context).dropFirst()))"
        @unknown default:
            return "\(error)"
        }
    }
}
