/// The traffic keys of the JSON report: `messages` and `sessions` with gen-maillog's truth keys
/// and meanings (so that the two compare key for key), and `system_messages`.
struct JSONMessages: Encodable {
    struct Domain: Encodable {
        var domain: String
        var delivered, deferred, bounced, bytes: Int
        /// Seconds, from the deliveries that logged a delay.
        var average_delay: Double?
        var max_delay: Double?
    }
    struct Volume: Encodable {
        var name: String
        var messages: Int
        var bytes: Int
    }
    struct Ranked: Encodable {
        var by_messages: [Volume]
        var by_bytes: [Volume]
        /// Distinct keys counted, and whether the table was cut (then the lists rank the kept).
        var distinct: Int
        var cut: Bool
    }
    struct Tally: Encodable {
        var received, delivered, deferred, bounced, rejected: Int
    }
    struct InFlight: Encodable {
        var capacity: Int
        var dropped: Int
        var unsized_deliveries: Int
    }

    var received, bytes_received, delivered, bytes_delivered, deferred, bounced, rejected: Int
    var forwarded, expired, discarded, held: Int
    var delivered_by_domain: [String: Int]
    var deferred_by_domain: [String: Int]
    var bounced_by_domain: [String: Int]
    /// Deliveries to domains the table dropped, when it was cut.
    var domains_cut: Int?
    var domains: [Domain]
    var senders, sender_domains, recipients, recipient_domains: Ranked
    var by_day: [String: Tally]
    var by_hour: [String: Tally]
    var in_flight: InFlight

    init(_ traffic: MessageTraffic, top: Int) {
        let c = traffic.counts
        received = c.received
        bytes_received = c.bytesReceived
        delivered = c.delivered
        bytes_delivered = c.bytesDelivered
        deferred = c.deferred
        bounced = c.bounced
        rejected = c.rejected
        forwarded = c.forwarded
        expired = c.expired
        discarded = c.discarded
        held = c.held
        let rows = traffic.domains.rows
        delivered_by_domain = rows.filter { $0.value.delivered > 0 }.mapValues(\.delivered)
        deferred_by_domain = rows.filter { $0.value.deferred > 0 }.mapValues(\.deferred)
        bounced_by_domain = rows.filter { $0.value.bounced > 0 }.mapValues(\.bounced)
        domains_cut = traffic.domains.isTruncated ? traffic.domains.otherEvents : nil
        domains = traffic.domains.top(top).map { name, row in
            Domain(domain: name, delivered: row.delivered, deferred: row.deferred, bounced: row.bounced, bytes: row.bytes,
                   average_delay: row.averageDelayMillis.map { Double($0) / 1000 },
                   max_delay: row.delayed > 0 ? Double(row.delayMax) / 1000 : nil)
        }
        /// `derived`: the list is the destination domains' rows with deliveries. Cut, the cap
        /// plus one would overstate it (the cut list's domains may have had no delivery), so it
        /// states the rows it holds with deliveries: at least that many.
        func ranked(_ table: NamedTable<SMTPLogKit.Volume>, derived: Bool = false) -> Ranked {
            let volume = { (row: (key: String, value: SMTPLogKit.Volume)) in
                Volume(name: row.key, messages: row.value.messages, bytes: row.value.bytes)
            }
            return Ranked(by_messages: table.top(top).map(volume), by_bytes: table.top(top, by: \.bytes).map(volume),
                          distinct: derived ? table.countedRows : table.distinct(countedOnly: true), cut: table.isTruncated)
        }
        senders = ranked(traffic.senders)
        sender_domains = ranked(traffic.senderDomains)
        recipients = ranked(traffic.recipients)
        recipient_domains = ranked(traffic.recipientDomains, derived: true)
        let tally = { (t: TrafficTally) in
            Tally(received: t.received, delivered: t.delivered, deferred: t.deferred, bounced: t.bounced, rejected: t.rejected)
        }
        by_day = Dictionary(uniqueKeysWithValues: traffic.byDay.map { ($0.key.description, tally($0.value)) })
        by_hour = Dictionary(uniqueKeysWithValues: traffic.byHour.map { ($0.key.description, tally($0.value)) })
        in_flight = InFlight(capacity: traffic.inFlightCapacity, dropped: traffic.droppedMessages,
                             unsized_deliveries: traffic.unsizedDeliveries)
    }
}


struct JSONSessions: Encodable {
    struct Command: Encodable {
        var accepted: Int
        var total: Int
    }
    struct Host: Encodable {
        var host: String
        var connections: Int
        var average_time: Double?
        var max_time: Int?
    }
    struct Times: Encodable {
        var timed: Int
        /// Seconds.
        var total: Int
        var average: Double?
        var max: Int?
    }

    var connections: Int
    var commands: [String: Command]
    /// Distinct client addresses, and whether the table of them was cut.
    var hosts: Int
    var hosts_cut: Bool
    var top_hosts: [Host]
    var connection_time: Times
    var dropped_sessions: Int

    init(_ sessions: SessionTraffic, top: Int) {
        connections = sessions.connections
        commands = Dictionary(uniqueKeysWithValues: sessions.commands.map {
            ($0.name, Command(accepted: $0.tally.accepted, total: $0.tally.total))
        })
        hosts = sessions.hosts.distinct()
        hosts_cut = sessions.hosts.isTruncated
        top_hosts = sessions.hosts.top(top).map {
            Host(host: $0.key, connections: $0.value.connections, average_time: $0.value.averageSeconds.map(JSONSessions.rounded),
                 max_time: $0.value.timed > 0 ? $0.value.maxSeconds : nil)
        }
        let times = sessions.times
        connection_time = Times(timed: times.timed, total: times.seconds, average: times.averageSeconds.map(JSONSessions.rounded),
                                max: times.timed > 0 ? times.maxSeconds : nil)
        dropped_sessions = sessions.droppedSessions
    }

    /// Three decimals: stable across platforms' float printing.
    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

struct JSONSystemMessages: Encodable {
    struct Kind: Encodable {
        var level: String
        var program: String
        var text: String
        var count: Int
        var example: LineExample?
    }

    var warning, error, fatal, panic: Int
    var kinds: [Kind]
    var kinds_cut: Int?

    init(_ messages: SystemMessages, top: Int) {
        warning = messages.count(.warning)
        error = messages.count(.error)
        fatal = messages.count(.fatal)
        panic = messages.count(.panic)
        kinds = messages.top(top * 2).map {
            Kind(level: $0.kind.level.name, program: $0.kind.program, text: $0.kind.text, count: $0.row.count,
                 example: $0.row.example)
        }
        kinds_cut = messages.kinds.isTruncated ? messages.kinds.otherEvents : nil
    }
}
