/// The exact answer for a generated log, counted from the model as each line is planned.
///
/// Its keys and their meaning are gen-maillog's (`../shared/bench/README.md`), so the same
/// comparison serves both generators. The model states what each line is (a reply with its
/// code and direction, a delivery, a refusal); nothing here reads the lines back.
struct Truth: Sendable {
    var lines = 0
    var bytes: Int64 = 0
    var first: Micros?
    var last: Micros?

    var events = 0
    var codes: [Int: Int] = [:]
    var impliedCodes: [Int: Int] = [:]
    var byDay: [Int64: [Int: Int]] = [:]

    var authByClient: [UInt32: Int] = [:]
    var authByServer: [Name: Int] = [:]
    var authByCode: [Int: Int] = [:]
    var relayByClient: [UInt32: Int] = [:]
    var relayByServer: [Name: Int] = [:]
    var relayByCode: [Int: Int] = [:]

    var received = 0
    var bytesReceived = 0
    var delivered = 0
    var bytesDelivered = 0
    var deferred = 0
    var bounced = 0
    var rejected = 0
    var deliveredByDomain: [Name: Int] = [:]
    var deferredByDomain: [Name: Int] = [:]
    var bouncedByDomain: [Name: Int] = [:]
    var connections = 0
    var commands: [Name: (accepted: Int, total: Int)] = [:]

    var planted: [PlantedRecord] = []

    /// One planted attack as it was written.
    struct PlantedRecord: Sendable {
        var kind: String
        var source: String
        var clients: [UInt32]
        var failures: Int
        var first: Micros
        var last: Micros
    }

    mutating func line(at time: Micros, bytes count: Int) {
        lines += 1
        bytes += Int64(count)
        if first.map({ time < $0 }) ?? true { first = time }
        if last.map({ time > $0 }) ?? true { last = time }
    }

    /// A line that carries one reply. `client` is the client's address for an inbound
    /// reply, `server` the remote server's name for an outbound one; `relay` marks a relay
    /// refusal that is not a 551 (`Relay access denied`, `relay not permitted`).
    mutating func reply(at time: Micros, code: Int, implied: Bool, client: UInt32? = nil, server: Name? = nil,
                        relay: Bool = false) {
        events += 1
        codes[code, default: 0] += 1
        if implied { impliedCodes[code, default: 0] += 1 }
        let day = time >= 0 ? time / microsPerDay : (time - microsPerDay + 1) / microsPerDay
        byDay[day, default: [:]][code, default: 0] += 1
        if code == 530 || code == 535 {
            authByCode[code, default: 0] += 1
            if let client { authByClient[client, default: 0] += 1 } else if let server { authByServer[server, default: 0] += 1 }
        }
        if relay || code == 551 {
            relayByCode[code, default: 0] += 1
            if let client { relayByClient[client, default: 0] += 1 } else if let server { relayByServer[server, default: 0] += 1 }
        }
    }

    enum Delivery { case sent, deferred, bounced }

    mutating func delivery(_ status: Delivery, recipient: Name, size: Int) {
        let domain = lowercased(domainPart(recipient))
        switch status {
        case .sent:
            delivered += 1
            bytesDelivered += size
            deliveredByDomain[domain, default: 0] += 1
        case .deferred:
            deferred += 1
            deferredByDomain[domain, default: 0] += 1
        case .bounced:
            bounced += 1
            bouncedByDomain[domain, default: 0] += 1
        }
    }

    /// A Postfix disconnect line's command counts, in the order written.
    mutating func session(commands list: [(Name, Int, Int)]) {
        for (name, accepted, total) in list {
            let old = commands[name] ?? (0, 0)
            commands[name] = (old.accepted + accepted, old.total + total)
        }
    }

    private func lowercased(_ name: Name) -> Name {
        name.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
    }
}
