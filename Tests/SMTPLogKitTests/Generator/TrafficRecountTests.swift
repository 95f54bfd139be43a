import Foundation
import MailLogGenerator
import Testing

/// The truth's `messages` and `sessions` against a recount from the written lines, by the
/// rules of ../shared/bench/README.md (what pflogsumm and eximstats count), here written a
/// second time and apart from the model: the generator says what each line is as it plans
/// it, and this reads the lines back.
@Suite("Generated traffic against a recount of its lines")
struct TrafficRecountTests {
    struct Counts: Equatable, CustomStringConvertible {
        var received = 0, bytesReceived = 0, delivered = 0, bytesDelivered = 0, deferred = 0, bounced = 0, rejected = 0
        var byDomain: [String: [String: Int]] = ["delivered": [:], "deferred": [:], "bounced": [:]]
        var connections = 0
        var commands: [String: [Int]] = [:]

        var description: String {
            "received \(received) (\(bytesReceived) bytes), delivered \(delivered) (\(bytesDelivered) bytes), deferred \(deferred), "
                + "bounced \(bounced), rejected \(rejected), connections \(connections), commands \(commands)"
        }

        mutating func delivery(_ kind: String, to address: Substring) {
            let domain = address.split(separator: "@").last.map { $0.lowercased() } ?? ""
            byDomain[kind]![domain, default: 0] += 1
            switch kind {
            case "delivered": delivered += 1
            case "deferred": deferred += 1
            default: bounced += 1
            }
        }
    }

    /// The text between `open` and the next `close` after it.
    static func field(_ line: Substring, after open: String, until close: Character) -> Substring? {
        guard let start = line.range(of: open)?.upperBound else { return nil }
        return line[start...].prefix { $0 != close }
    }

    static func recountPostfix(_ text: String) -> Counts {
        var counts = Counts()
        var sizes: [Substring: Int] = [:]
        var received: Set<Substring> = []
        for line in text.split(separator: "\n") {
            guard let separator = line.range(of: "]: ") else { continue }
            let head = line[..<separator.lowerBound]
            let program = head.split(separator: " ").last!.prefix { $0 != "[" }
            let rest = line[separator.upperBound...]
            let queueID: Substring? = {
                let id = rest.prefix { $0.isHexDigit && $0.isUppercase || $0.isNumber }
                return !id.isEmpty && rest.dropFirst(id.count).hasPrefix(": ") ? id : nil
            }()
            let message = queueID.map { rest.dropFirst($0.count + 2) } ?? rest
            if program.hasSuffix("/smtpd") {
                if rest.hasPrefix("connect from ") { counts.connections += 1 }
                if rest.hasPrefix("disconnect from ") {
                    for part in rest.split(separator: " ").dropFirst(3) {
                        let pair = part.split(separator: "=")
                        guard pair.count == 2, pair[0] != "commands" else { continue }
                        let numbers = pair[1].split(separator: "/").map { Int($0)! }
                        var entry = counts.commands[String(pair[0])] ?? [0, 0]
                        entry[0] += numbers[0]
                        entry[1] += numbers.count == 2 ? numbers[1] : numbers[0]
                        counts.commands[String(pair[0])] = entry
                    }
                }
                if let queueID, message.hasPrefix("client=") { counts.received += 1; received.insert(queueID) }
            }
            if program == "postfix/pickup", let queueID, message.hasPrefix("uid=") { counts.received += 1; received.insert(queueID) }
            if program == "postfix/qmgr", let queueID, message.hasPrefix("from=<"), let size = field(message, after: ", size=", until: ",") {
                if sizes[queueID] == nil {
                    sizes[queueID] = Int(size)!
                    if received.contains(queueID) { counts.bytesReceived += Int(size)! }
                }
            }
            if let queueID, message.hasPrefix("to=<"), let status = field(message, after: ", status=", until: " ") {
                let address = field(message, after: "to=<", until: ">")!
                switch status {
                case "sent":
                    counts.delivery("delivered", to: address)
                    counts.bytesDelivered += sizes[queueID] ?? 0
                case "deferred": counts.delivery("deferred", to: address)
                default: counts.delivery("bounced", to: address)
                }
            }
            // Refusals of a client: reject (never reject_warning) and milter-reject, from
            // smtpd, postscreen and cleanup.
            if message.hasPrefix("reject: ") || message.hasPrefix("milter-reject: ") || rest.hasPrefix("NOQUEUE: reject: ")
                || rest.hasPrefix("NOQUEUE: milter-reject: ") {
                counts.rejected += 1
            }
        }
        return counts
    }

    static func recountExim(_ text: String) -> Counts {
        var counts = Counts()
        var sizes: [Substring: Int] = [:]
        for line in text.split(separator: "\n") {
            let rest = line.dropFirst(20)
            if rest.hasPrefix("SMTP connection from "), rest.contains("(TCP/IP connection count = ") { counts.connections += 1 }
            if rest.contains(" rejected RCPT ") || rest.contains(" rejected MAIL ") || rest.contains(" rejected connection ")
                || rest.contains(": rejected connection from ") {
                counts.rejected += 1
            }
            let words = rest.split(separator: " ", maxSplits: 3)
            guard words.count >= 3 else { continue }
            let id = words[0], flag = words[1]
            switch flag {
            case "<=":
                let size = Int(field(rest, after: " S=", until: " ")!)!
                sizes[id] = size
                counts.received += 1
                counts.bytesReceived += size
            case "=>", "->":
                // `=> alice <alice@example.org> R=…`: the address in brackets is the recipient's.
                let address = words.count == 4 && words[3].hasPrefix("<") ? field(rest, after: " <", until: ">")! : words[2]
                counts.delivery("delivered", to: address)
                counts.bytesDelivered += sizes[id] ?? 0
            case "==": counts.delivery("deferred", to: words[2])
            case "**": counts.delivery("bounced", to: words[2].hasSuffix(":") ? words[2].dropLast() : words[2])
            default: break
            }
        }
        return counts
    }

    static func counts(from truth: [String: Any]) throws -> Counts {
        let messages = try #require(truth["messages"] as? [String: Any])
        let sessions = try #require(truth["sessions"] as? [String: Any])
        var counts = Counts()
        counts.received = messages["received"] as! Int
        counts.bytesReceived = messages["bytes_received"] as! Int
        counts.delivered = messages["delivered"] as! Int
        counts.bytesDelivered = messages["bytes_delivered"] as! Int
        counts.deferred = messages["deferred"] as! Int
        counts.bounced = messages["bounced"] as! Int
        counts.rejected = messages["rejected"] as! Int
        for kind in ["delivered", "deferred", "bounced"] {
            counts.byDomain[kind] = try #require(messages["\(kind)_by_domain"] as? [String: Int])
        }
        counts.connections = sessions["connections"] as! Int
        let commands = try #require(sessions["commands"] as? [String: [String: Int]])
        counts.commands = commands.mapValues { [$0["accepted"]!, $0["total"]!] }
        return counts
    }

    @Test("messages and sessions equal a recount of the lines", arguments: [
        ["--flavor", "postfix", "--size", "2M", "--seed", "21"],
        ["--flavor", "postfix", "--timestamps", "rfc3339", "--size", "2M", "--seed", "22", "--days", "0.5"],
        ["--flavor", "exim", "--size", "2M", "--seed", "23"],
    ])
    func recount(_ arguments: [String]) throws {
        let (bytes, truth, _) = try GeneratorTests.generate(arguments)
        let text = String(decoding: bytes, as: UTF8.self)
        let recounted = arguments.contains("exim") ? TrafficRecountTests.recountExim(text) : TrafficRecountTests.recountPostfix(text)
        let expected = try TrafficRecountTests.counts(from: truth)
        #expect(recounted == expected)
        #expect(expected.received > 500 && expected.delivered > 500 && expected.deferred > 10 && expected.bounced > 10)
        #expect(expected.rejected > 100 && expected.connections > 500)
        #expect(arguments.contains("exim") ? expected.commands.isEmpty : (expected.commands["rcpt"]?[1] ?? 0) > (expected.commands["rcpt"]?[0] ?? 0))
    }
}
