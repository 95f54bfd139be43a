/// A JSON value whose objects keep their keys in the order given, so that the truth file is
/// the same bytes for the same log.
enum JSONValue: Sendable {
    case int(Int64)
    case unsigned(UInt64)
    case number(Double)
    case string(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func count(_ value: Int) -> JSONValue { .int(Int64(value)) }

    /// A table of counts, busiest first, then by key: as gen-maillog orders them.
    static func counts(_ table: [(String, Int)]) -> JSONValue {
        .object(table.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map { ($0.0, .count($0.1)) })
    }

    /// Written with one space of indent per level, as Python's `json.dump(indent=1)` writes.
    func rendered() -> String {
        var out = ""
        write(&out, indent: 0)
        return out + "\n"
    }

    private func write(_ out: inout String, indent: Int) {
        switch self {
        case .int(let value): out += String(value)
        case .unsigned(let value): out += String(value)
        case .number(let value):
            out += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) + ".0" : String(value)
        case .string(let value): JSONValue.quote(value, into: &out)
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                out += index == 0 ? "\n" : ",\n"
                out += String(repeating: " ", count: indent + 1)
                item.write(&out, indent: indent + 1)
            }
            out += "\n" + String(repeating: " ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                out += index == 0 ? "\n" : ",\n"
                out += String(repeating: " ", count: indent + 1)
                JSONValue.quote(key, into: &out)
                out += ": "
                value.write(&out, indent: indent + 1)
            }
            out += "\n" + String(repeating: " ", count: indent) + "}"
        }
    }

    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension Truth {
    /// The truth as gen-maillog writes it, plus `by_code` in `auth_failures` (as smtplog
    /// reports it) and `planted`.
    func json(options: GeneratorOptions) -> JSONValue {
        func codeTable(_ table: [Int: Int]) -> JSONValue { .counts(table.map { (String($0.key), $0.value) }) }
        func ipTable(_ table: [UInt32: Int]) -> JSONValue { .counts(table.map { (ipName($0.key).text, $0.value) }) }
        func nameTable(_ table: [Name: Int]) -> JSONValue { .counts(table.map { ($0.key.text, $0.value) }) }
        var classes: [String: Int] = [:]
        for (code, count) in codes { classes["\(code / 100)xx", default: 0] += count }
        let days = byDay.keys.sorted().map { (dayString($0), codeTable(byDay[$0]!)) }
        let commandTable = commands.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { name -> (String, JSONValue) in
            let value = commands[name]!
            return (name.text, .object([("accepted", .count(value.accepted)), ("total", .count(value.total))]))
        }
        let plantedList = planted.map { record -> JSONValue in
            .object([
                ("kind", .string(record.kind)),
                ("source", .string(record.source)),
                ("clients", .array(record.clients.map { .string(ipName($0).text) })),
                ("failures", .count(record.failures)),
                ("first", .string(isoString(record.first))),
                ("last", .string(isoString(record.last))),
            ])
        }
        let generator: JSONValue = .object([
            ("name", .string("smtplog-gen")),
            ("flavor", .string(options.flavor.rawValue)),
            ("timestamps", .string(options.stampStyle.rawValue)),
            ("seed", .unsigned(options.seed)),
            ("size", .string(options.size.text)),
            ("start", .string(options.start.text)),
            ("days", .number(options.days)),
            ("host", .string(options.host)),
            ("gzip", .bool(options.gzip)),
            ("scenario", .string(options.scenario.name)),
            ("arguments", .array(options.arguments.map { .string($0) })),
        ])
        let auth: JSONValue = .object([
            ("inbound", .count(authByClient.values.reduce(0, +))),
            ("outbound", .count(authByServer.values.reduce(0, +))),
            ("by_code", codeTable(authByCode)),
            ("inbound_by_client", ipTable(authByClient)),
            ("outbound_by_server", nameTable(authByServer)),
        ])
        let relay: JSONValue = .object([
            ("inbound", .count(relayByClient.values.reduce(0, +))),
            ("outbound", .count(relayByServer.values.reduce(0, +))),
            ("by_code", codeTable(relayByCode)),
            ("inbound_by_client", ipTable(relayByClient)),
            ("outbound_by_server", nameTable(relayByServer)),
        ])
        let messages: JSONValue = .object([
            ("received", .count(received)),
            ("bytes_received", .count(bytesReceived)),
            ("delivered", .count(delivered)),
            ("bytes_delivered", .count(bytesDelivered)),
            ("deferred", .count(deferred)),
            ("bounced", .count(bounced)),
            ("rejected", .count(rejected)),
            ("delivered_by_domain", nameTable(deliveredByDomain)),
            ("deferred_by_domain", nameTable(deferredByDomain)),
            ("bounced_by_domain", nameTable(bouncedByDomain)),
        ])
        let sessions: JSONValue = .object([("connections", .count(connections)), ("commands", .object(commandTable))])
        var members: [(String, JSONValue)] = [("generator", generator), ("lines", .count(lines)), ("bytes", .int(bytes))]
        members.append(("first", first.map { .string(isoString($0)) } ?? .null))
        members.append(("last", last.map { .string(isoString($0)) } ?? .null))
        members += [("events", .count(events)), ("codes", codeTable(codes)), ("classes", .counts(classes.map { ($0.key, $0.value) }))]
        members += [("implied_codes", codeTable(impliedCodes)), ("by_day", .object(days))]
        members += [("auth_failures", auth), ("relay_refusals", relay), ("messages", messages), ("sessions", sessions)]
        members.append(("planted", .array(plantedList)))
        return .object(members)
    }
}
