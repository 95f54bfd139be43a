// FoundationEssentials, not Foundation: the whole of Foundation (with ICU) costs each run
// about 6 MiB of resident memory for nothing smtplog uses.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How the aggregates travel in a host's JSON (`merge` of `smtplog.report/3`), so that
/// `smtplog merge` can add them as if it had read the host's logs itself.
///
/// Deterministic: every keyed list is written as `[key, value]` pairs sorted by key (a
/// dictionary's order changes from process to process), and the JSON encoder sorts object
/// keys. Bounded: a list is read back only when it keeps no more rows than its capacity, and no
/// capacity above the one a run uses, so a file cannot make a merge hold more than a run
/// would. The numbers themselves are checked before decoding (`PayloadNumbers`); what could
/// index an array (a reply code, a topic, a level) is checked here, where its range is known.
///
/// What is still in flight at the end of a host's log (messages waiting for their size,
/// sessions not closed) is settled on the way out: a queue id or a process id of one host
/// means nothing on another, so those never join across hosts. Deliveries that waited for a
/// size are counted as unsized, as at the end of a run; the figures stay the host's own.
enum PayloadLimits {
    /// The most keys any list or table keeps in a run: the summary's default capacity.
    static let listCapacity = CappedCountsDefaults.capacity
    static let inFlightCapacity = MessageJoin.defaultCapacity
}

/// A payload that does not hold what it claims, with where in it.
struct PayloadDecodingError: Error, CustomStringConvertible {
    var description: String

    static func check(_ condition: Bool, _ decoder: Decoder, _ what: @autoclosure () -> String) throws {
        guard !condition else { return }
        let path = decoder.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                debugDescription: "\(what()) at merge\(path)"))
    }
}

/// Object keys for hand-written coding.
struct PayloadKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where K == PayloadKey {
    func value<T: Decodable>(_ key: String, as type: T.Type = T.self) throws -> T {
        try decode(T.self, forKey: PayloadKey(key))
    }
}

extension KeyedEncodingContainer where K == PayloadKey {
    mutating func put<T: Encodable>(_ value: T, _ key: String) throws {
        try encode(value, forKey: PayloadKey(key))
    }
}

/// One `[key, value]` row of a keyed list.
struct PayloadRow<Key: Codable, Value: Codable>: Codable {
    var key: Key
    var value: Value

    init(_ key: Key, _ value: Value) {
        self.key = key
        self.value = value
    }

    init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        try PayloadDecodingError.check(container.count == 2, decoder, "a row is not a [key, value] pair")
        key = try container.decode(Key.self)
        value = try container.decode(Value.self)
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(key)
        try container.encode(value)
    }
}

// MARK: keys

extension BytesKey: Codable {
    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// 32 hexadecimal digits: the two words exactly (a JSON reader may hold numbers as doubles).
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let parsed = text.count == 32 ? (UInt64(text.prefix(16), radix: 16), UInt64(text.suffix(16), radix: 16)) : (nil, nil)
        guard let high = parsed.0, let low = parsed.1 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a key: \(text.prefix(40))"))
        }
        self.init(high: high, low: low)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        func hex(_ word: UInt64) -> String {
            let digits = String(word, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        try container.encode(hex(high) + hex(low))
    }
}

/// The name itself, as a `String` key was written; the hash is made again on reading.
extension HashedName: Codable {
    public init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }
}

extension TopicKey: Codable {
    init(from decoder: Decoder) throws {
        let row = try PayloadRow<UInt8, HashedName>(from: decoder)
        self.init(topic: row.key, name: row.value)
    }

    func encode(to encoder: Encoder) throws {
        try PayloadRow(topic, key).encode(to: encoder)
    }
}

extension NamePairs.Pair: Codable where Subject: Codable {
    init(from decoder: Decoder) throws {
        let row = try PayloadRow<Subject, HashedName>(from: decoder)
        self.init(subject: row.key, name: row.value)
    }

    func encode(to encoder: Encoder) throws {
        try PayloadRow(subject, name).encode(to: encoder)
    }
}

extension DeliveryFailuresRule.Key: Codable {
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        self.init(reason: try container.value("reason"), returned: try container.value("returned"),
                  destination: try container.value("destination"), bySender: try container.value("by_sender"))
        try PayloadDecodingError.check(Int(reason) < DeliveryFailureReasons.all.count, decoder,
                                       "delivery failure reason \(reason) is unknown")
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(reason, "reason")
        try container.put(returned, "returned")
        try container.put(destination, "destination")
        try container.put(bySender, "by_sender")
    }
}

extension SystemMessageKey: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        let level: UInt8 = try container.value("level")
        guard let known = TrafficFact.Level(rawValue: level) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "system message level \(level) is unknown"))
        }
        self.init(level: known, program: try container.value("program"), text: try container.value("text"))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(level.rawValue, "level")
        try container.put(program, "program")
        try container.put(text, "text")
    }
}

// MARK: capped lists

extension KeyedCounts: Codable where Key: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        let capacity: Int = try container.value("capacity")
        try PayloadDecodingError.check((2...PayloadLimits.listCapacity).contains(capacity), decoder,
                                       "capacity \(capacity) is outside 2...\(PayloadLimits.listCapacity)")
        self.init(capacity: capacity)
        let rows: [PayloadRow<Key, Int>] = try container.value("counts")
        try PayloadDecodingError.check(rows.count <= capacity, decoder, "\(rows.count) keys in a list of \(capacity)")
        for row in rows {
            try PayloadDecodingError.check(appendNew(row.key, row.value), decoder, "a key is listed twice")
        }
        otherEvents = try container.value("other_events")
        droppedKeys = try container.value("dropped_keys")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(capacity, "capacity")
        try container.put(counts.sorted { $0.key < $1.key }.map { PayloadRow($0.key, $0.value) }, "counts")
        try container.put(otherEvents, "other_events")
        try container.put(droppedKeys, "dropped_keys")
    }
}

extension CappedTable: Codable where Key: Codable, Value: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        let capacity: Int = try container.value("capacity")
        try PayloadDecodingError.check((2...PayloadLimits.listCapacity).contains(capacity), decoder,
                                       "capacity \(capacity) is outside 2...\(PayloadLimits.listCapacity)")
        self.init(capacity: capacity)
        let rows: [PayloadRow<Key, Value>] = try container.value("rows")
        try PayloadDecodingError.check(rows.count <= capacity, decoder, "\(rows.count) rows in a table of \(capacity)")
        keys.reserveCapacity(rows.count)
        values.reserveCapacity(rows.count)
        for row in rows {
            try PayloadDecodingError.check(position(of: row.key) == nil, decoder, "a key is listed twice")
            appendRow(row.key, row.value)
        }
        otherEvents = try container.value("other_events")
        droppedKeys = try container.value("dropped_keys")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(capacity, "capacity")
        try container.put(keys.indices.sorted { keys[$0] < keys[$1] }.map { PayloadRow(keys[$0], values[$0]) }, "rows")
        try container.put(otherEvents, "other_events")
        try container.put(droppedKeys, "dropped_keys")
    }
}

extension NamedTable: Codable where Value: Codable {
    public init(from decoder: Decoder) throws {
        self.init(capacity: 2)
        table = try CappedTable(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try table.encode(to: encoder)
    }
}

extension SmallCounts: Codable where Value: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        self.init()
        let rows: [PayloadRow<Value, Int>] = try container.value("items")
        try PayloadDecodingError.check(rows.count <= SmallCounts.limit, decoder, "more than \(SmallCounts.limit) values kept")
        try PayloadDecodingError.check(Set(rows.map(\.key)).count == rows.count, decoder, "a value is listed twice")
        for row in rows.sorted(by: { $0.key < $1.key }) { add(row.key, row.value) }
        more = try container.value("more")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(items.sorted { $0.key < $1.key }.map { PayloadRow($0.key, $0.value) }, "items")
        try container.put(more, "more")
    }
}

extension NamePairs: Codable where Subject: Codable {
    public init(from decoder: Decoder) throws {
        self.init(capacity: 2)
        counts = try KeyedCounts(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try counts.encode(to: encoder)
    }
}

// MARK: times

/// A packed day key (`yyyymmdd`) or hour key (`yyyymmddhh`) that names a real date.
enum PayloadTime {
    static func isDay(_ key: Int) -> Bool {
        let month = key / 100 % 100, day = key % 100
        return (1970_00_00...9999_99_99).contains(key) && (1...12).contains(month) && (1...31).contains(day)
    }

    static func isHour(_ key: Int) -> Bool { isDay(key / 100) && key % 100 < 24 }
}

extension TimeSeries: Codable {
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        self.init()
        for row in try container.value("days", as: [PayloadRow<Int, Int>].self) {
            try PayloadDecodingError.check(PayloadTime.isDay(row.key / 1000) && (200...599).contains(row.key % 1000), decoder,
                                           "\(row.key) is not a day and a reply code")
            settledDays[row.key, default: 0] += row.value
        }
        for row in try container.value("hours", as: [PayloadRow<Int, ClassTally>].self) {
            try PayloadDecodingError.check(PayloadTime.isHour(row.key), decoder, "\(row.key) is not an hour")
            settledHours[row.key] = (settledHours[row.key] ?? ClassTally()) + row.value
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(dayCodes.sorted { $0.key < $1.key }.map { PayloadRow($0.key, $0.value) }, "days")
        try container.put(hours.sorted { $0.key < $1.key }.map { PayloadRow($0.key, $0.value) }, "hours")
    }
}

// MARK: the summary

extension DirectionalCounts: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        self.init(capacity: 2)
        inbound = try container.value("inbound")
        outbound = try container.value("outbound")
        clients = try container.value("clients")
        servers = try container.value("servers")
        for row in try container.value("by_code", as: [PayloadRow<Int, Int>].self) {
            try PayloadDecodingError.check((200...599).contains(row.key), decoder, "\(row.key) is not a reply code")
            byCode[row.key, default: 0] += row.value
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(inbound, "inbound")
        try container.put(outbound, "outbound")
        try container.put(clients, "clients")
        try container.put(servers, "servers")
        try container.put(byCode.sorted { $0.key < $1.key }.map { PayloadRow($0.key, $0.value) }, "by_code")
    }
}

extension ReplySummary: Codable {
    /// A reply code's details, in one direction.
    private struct DetailRow: Codable {
        var code: Int
        var direction: Direction
        var detail: ReplyDetail
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        let capacity: Int = try container.value("key_capacity")
        try PayloadDecodingError.check((2...PayloadLimits.listCapacity).contains(capacity), decoder,
                                       "key capacity \(capacity) is outside 2...\(PayloadLimits.listCapacity)")
        let traffic: TrafficSummary = try container.value("traffic")
        self.init(keyCapacity: capacity, inFlight: traffic.messages.inFlightCapacity)
        self.traffic = traffic
        lines = try container.value("lines")
        for row in try container.value("codes", as: [PayloadRow<Int, CodeTally>].self) {
            try PayloadDecodingError.check((200...599).contains(row.key), decoder, "\(row.key) is not a reply code")
            codeTallies[row.key - 200] = codeTallies[row.key - 200] + row.value
        }
        enhancedCounts = try container.value("enhanced")
        for code in enhancedCounts.counts.keys {
            let enhanced = EnhancedCode(packed: code)
            try PayloadDecodingError.check(EnhancedCode(enhanced.description) == enhanced, decoder,
                                           "\(code) is not an enhanced status code")
        }
        timeSeries = try container.value("time_series")
        for row in try container.value("peers", as: [PayloadRow<Int, KeyedCounts<HashedName>>].self) {
            try PayloadDecodingError.check((2...5).contains(row.key), decoder, "\(row.key) is not a reply class")
            try PayloadDecodingError.check(peersByClass[row.key - 2] == nil, decoder, "class \(row.key) is listed twice")
            peersByClass[row.key - 2] = row.value
        }
        authFailures = try container.value("auth_failures")
        relayRefusals = try container.value("relay_refusals")
        authUsers = try container.value("auth_users")
        authMechanisms = try container.value("auth_mechanisms")
        relayDomains = try container.value("relay_domains")
        for row in try container.value("details", as: [DetailRow].self) {
            try PayloadDecodingError.check((200...599).contains(row.code), decoder, "\(row.code) is not a reply code")
            try PayloadDecodingError.check(row.detail.examples.count <= ReplyDetail.exampleLimit, decoder, "too many examples")
            let index = ReplySummary.detailIndex(row.code, row.direction)
            try PayloadDecodingError.check(replyDetails[index] == nil, decoder, "reply \(row.code) is listed twice")
            replyDetails[index] = row.detail
        }
        notUnderstoodExamples = try container.value("not_understood_examples")
        try PayloadDecodingError.check(notUnderstoodExamples.count <= ReplySummary.notUnderstoodExampleLimit, decoder,
                                       "too many examples")
        otherPrograms = try container.value("other_programs")
        first = try container.decodeIfPresent(LogTime.self, forKey: PayloadKey("first"))
        last = try container.decodeIfPresent(LogTime.self, forKey: PayloadKey("last"))
        newestLine = try container.decodeIfPresent(LogTime.self, forKey: PayloadKey("newest_line"))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(keyCapacity, "key_capacity")
        try container.put(lines, "lines")
        try container.put(codes.sorted { $0.key < $1.key }.map { PayloadRow($0.key, $0.value) }, "codes")
        try container.put(enhancedCounts, "enhanced")
        try container.put(timeSeries, "time_series")
        try container.put(peers.sorted { $0.key < $1.key }.map { PayloadRow($0.key.rawValue, $0.value) }, "peers")
        try container.put(authFailures, "auth_failures")
        try container.put(relayRefusals, "relay_refusals")
        try container.put(authUsers, "auth_users")
        try container.put(authMechanisms, "auth_mechanisms")
        try container.put(relayDomains, "relay_domains")
        try container.put(details.sorted { $0.key < $1.key }
            .map { DetailRow(code: $0.key.code, direction: $0.key.direction, detail: $0.value) }, "details")
        try container.put(notUnderstoodExamples, "not_understood_examples")
        try container.put(otherPrograms, "other_programs")
        try container.put(traffic, "traffic")
        try container.encodeIfPresent(first, forKey: PayloadKey("first"))
        try container.encodeIfPresent(last, forKey: PayloadKey("last"))
        try container.encodeIfPresent(newestLine, forKey: PayloadKey("newest_line"))
    }
}

// MARK: traffic

extension TrafficSummary: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        let messages: MessageTraffic = try container.value("messages")
        self.init(capacity: 2, inFlight: messages.inFlightCapacity)
        self.messages = messages
        sessions = try container.value("sessions")
        systemMessages = try container.value("system_messages")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(messages, "messages")
        try container.put(sessions, "sessions")
        try container.put(systemMessages, "system_messages")
    }
}

extension MessageTraffic: Codable {
    /// The messages still in flight are settled, not carried: their deliveries that waited for
    /// a size count as unsized (`unsized`), as they do at the end of a run.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        let inFlight: Int = try container.value("in_flight_capacity")
        try PayloadDecodingError.check((2...PayloadLimits.inFlightCapacity).contains(inFlight), decoder,
                                       "in-flight capacity \(inFlight) is outside 2...\(PayloadLimits.inFlightCapacity)")
        self.init(capacity: 2, inFlight: inFlight)
        counts = try container.value("counts")
        domains = try container.value("domains")
        senders = try container.value("senders")
        senderDomains = try container.value("sender_domains")
        recipients = try container.value("recipients")
        for row in try container.value("hours", as: [PayloadRow<Int, TrafficTally>].self) {
            try PayloadDecodingError.check(PayloadTime.isHour(row.key), decoder, "\(row.key) is not an hour")
            hours[row.key] = (hours[row.key] ?? TrafficTally()) + row.value
        }
        join.dropped = try container.value("dropped_messages")
        join.unsizedGone = try container.value("unsized_deliveries")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(inFlightCapacity, "in_flight_capacity")
        try container.put(counts, "counts")
        try container.put(domains, "domains")
        try container.put(senders, "senders")
        try container.put(senderDomains, "sender_domains")
        try container.put(recipients, "recipients")
        try container.put(filedHours.sorted { $0.key < $1.key }.map { PayloadRow($0.key, $0.value) }, "hours")
        try container.put(droppedMessages, "dropped_messages")
        try container.put(unsizedDeliveries, "unsized_deliveries")
    }
}

extension SessionTraffic: Codable {
    /// Sessions still open and disconnections met without their connection are not carried:
    /// a process id of one host says nothing about another's.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        self.init(capacity: 2)
        connections = try container.value("connections")
        let known: [CommandTally] = try container.value("commands")
        try PayloadDecodingError.check(known.count == SessionTraffic.commandNames.count, decoder,
                                       "\(known.count) command tallies, not \(SessionTraffic.commandNames.count)")
        knownCommands = known
        otherCommands = try container.value("other_commands")
        try PayloadDecodingError.check(otherCommands.capacity <= 64, decoder, "too many other commands")
        hosts = try container.value("hosts")
        times = try container.value("times")
        droppedSessions = try container.value("dropped_sessions")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(connections, "connections")
        try container.put(commandTallies, "commands")
        try container.put(otherCommands, "other_commands")
        try container.put(hosts, "hosts")
        try container.put(times, "times")
        try container.put(droppedSessions, "dropped_sessions")
    }
}

extension SystemMessages: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        self.init()
        kinds = try container.value("kinds")
        try PayloadDecodingError.check(kinds.capacity <= SystemMessages.capacity, decoder, "too many system message kinds")
        let levels: [Int] = try container.value("by_level")
        try PayloadDecodingError.check(levels.count == TrafficFact.Level.allCases.count, decoder,
                                       "\(levels.count) levels, not \(TrafficFact.Level.allCases.count)")
        byLevel = levels
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(kinds, "kinds")
        try container.put(byLevel, "by_level")
    }
}

// MARK: the rules' accumulators

extension SubjectActivity: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        self.init()
        count = try container.value("count")
        heldBack = try container.value("held_back")
        firstPacked = try container.decodeIfPresent(LogTime.self, forKey: PayloadKey("first"))?.packed ?? 0
        lastPacked = try container.decodeIfPresent(LogTime.self, forKey: PayloadKey("last"))?.packed ?? 0
        codes = try container.value("codes")
        for code in codes.values {
            try PayloadDecodingError.check((200...599).contains(code), decoder, "\(code) is not a reply code")
        }
        example = try container.decodeIfPresent(LineExample.self, forKey: PayloadKey("example"))
        peakInWindow = try container.value("peak_in_window")
        recent = try container.value("recent")
        try PayloadDecodingError.check(recent.count <= 2 * SubjectActivity.windowMemory, decoder, "too many recent times")
        recent.sort()
        window = try container.value("window")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(count, "count")
        try container.put(heldBack, "held_back")
        try container.encodeIfPresent(first, forKey: PayloadKey("first"))
        try container.encodeIfPresent(last, forKey: PayloadKey("last"))
        try container.put(codes, "codes")
        try container.encodeIfPresent(example, forKey: PayloadKey("example"))
        try container.put(peakInWindow, "peak_in_window")
        try container.put(recent, "recent")
        try container.put(window, "window")
    }
}

extension NetworkGuessingRule.Accumulator: Codable {
    /// The prefix lengths the host grouped its networks by are not carried: the networks are.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: PayloadKey.self)
        self.init(config: NetworkGuessingRule.Config(), networks: try container.value("networks"),
                  hosts: try container.value("hosts"), hostRows: try container.value("host_rows"),
                  users: try container.value("users"))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        try container.put(networks, "networks")
        try container.put(hosts, "hosts")
        try container.put(hostRows, "host_rows")
        try container.put(users, "users")
    }
}

/// An accumulator whose keys index a table of knowledge, checked once decoded.
protocol PayloadChecked {
    func checkPayload() -> String?
}

extension DestinationReplies: PayloadChecked {
    func checkPayload() -> String? {
        servers.keys.first { Int($0.topic) >= ReplyTopics.all.count }.map { "reply topic \($0.topic) is unknown" }
    }
}

extension RefusedToUsRule.Accumulator: PayloadChecked {
    func checkPayload() -> String? { replies.checkPayload() }
}

extension LocalFailuresRule.Accumulator: PayloadChecked {
    func checkPayload() -> String? {
        (clients.keys + programs.keys).first { Int($0.topic) >= SystemConditions.all.count }
            .map { "system condition \($0.topic) is unknown" }
    }
}
