/// Attacks planted at known times, written with the same lines as the background traffic
/// and listed in the truth's `planted` array, so that a finding can be checked against them.
///
/// The next planted attack (a compromised account: a successful login after a run of
/// failures from the same client, then a burst of outbound mail from that account) goes
/// here as one more case of `PlantedAttack`, beside `bruteForce`.
extension LogPlanner {
    /// One planted run, and when it starts.
    struct PlantedRun {
        var time: Micros
        var attack: PlantedAttack
    }

    /// Each attack's runs, spread evenly over the log: `runsPerDay × days` of them (at least
    /// one), earliest first.
    func plantedRuns(start: Micros, usable: Micros) -> [PlantedRun] {
        var runs: [PlantedRun] = []
        for (position, attack) in scenario.planted.enumerated() {
            // Attacks take turns within each share of the span, so that two never start together.
            let offset = Double(position + 1) / Double(scenario.planted.count + 1)
            switch attack {
            case .bruteForce(let spec):
                let count = max(1, Int((spec.runsPerDay * options.days).rounded()))
                // The longest a run can take: every attempt in its own connection, each
                // followed by the longest pause. A run starts early enough to end in the log.
                let longest = Micros(2 * spec.attempts.upperBound * spec.secondsBetween.upperBound + 120) * microsPerSecond
                for index in 0..<count {
                    let fraction = (Double(index) + offset) / Double(count)
                    let time = max(start, min(start + Micros(Double(usable) * fraction), end - longest))
                    runs.append(PlantedRun(time: time, attack: attack))
                }
            }
        }
        return runs.enumerated().sorted { $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset }
            .map(\.element)
    }

    mutating func plant(_ run: PlantedRun) {
        switch run.attack {
        case .bruteForce(let spec): bruteForce(spec, at: run.time)
        }
    }

    /// A password-guessing run: `attempts` failed logins, a few per connection, from one
    /// client or from hosts of one /24 taking turns.
    mutating func bruteForce(_ spec: BruteForce, at start: Micros) {
        let clients: [UInt32]
        let source: String
        switch spec.source {
        case .client(let address):
            clients = [parseIPv4(address) ?? ipv4(185, 220, 101, 47)]
            source = "client " + address
        case .subnet(let prefix, let hosts):
            let base = parseIPv4(prefix + ".0") ?? ipv4(45, 148, 10, 0)
            clients = (1...max(1, min(hosts, 254))).map { base | UInt32($0) }
            source = "subnet " + prefix + ".0/24"
        }
        let attempts = random.between(spec.attempts.lowerBound, spec.attempts.upperBound)
        var t = start
        var done = 0
        var first: Micros?
        var last: Micros = t
        var used: [UInt32] = []
        while done < attempts {
            let ip = clients.count == 1 ? clients[0] : clients[random.below(clients.count)]
            if !used.contains(ip) { used.append(ip) }
            let client = client(ip)
            let inConnection = min(attempts - done, random.between(spec.attemptsPerConnection.lowerBound, spec.attemptsPerConnection.upperBound))
            let times = options.flavor == .postfix
                ? postfixBruteConnection(&t, client, attempts: inConnection, spec: spec)
                : eximBruteConnection(&t, client, attempts: inConnection, spec: spec)
            if first == nil { first = times.first }
            last = times.last
            done += inConnection
        }
        truth.planted.append(Truth.PlantedRecord(kind: "brute_force", source: source, clients: used.sorted(), failures: attempts,
                                                 first: first ?? t, last: last))
    }

    /// One connection of a run on Postfix's submission port; the times of its failures.
    private mutating func postfixBruteConnection(_ t: inout Micros, _ client: Client, attempts: Int, spec: BruteForce) -> (first: Micros, last: Micros) {
        let pid = World.pid(&random)
        connect(t, .submission, pid: pid, client)
        var first: Micros = .max, last: Micros = t
        for index in 0..<attempts {
            if index > 0 { t += Micros(random.between(spec.secondsBetween.lowerBound, spec.secondsBetween.upperBound)) * microsPerSecond }
            let at = emitBruteFailure(tick(&t, upTo: 900_000), client: client, pid: pid)
            first = min(first, at); last = at
        }
        var text = LineText("lost connection after AUTH from ")
        text.add(client.tag)
        emit(tick(&t, upTo: 200_000), .submission, pid: pid, text)
        disconnect(tick(&t, upTo: 5_000), .submission, pid: pid, client, [("ehlo", 1, 1), ("auth", 0, attempts)])
        t += Micros(random.between(spec.secondsBetween.lowerBound, spec.secondsBetween.upperBound)) * microsPerSecond
        return (first, last)
    }

    private mutating func emitBruteFailure(_ time: Micros, client: Client, pid: Int) -> Micros {
        var text = LineText("warning: ")
        text.add(client.tag); text.add(": SASL LOGIN authentication failed: UGFzc3dvcmQ6")
        return emit(time, .submission, pid: pid, text, reply: .inbound(535, implied: true, client: client.ip))
    }

    private mutating func eximBruteConnection(_ t: inout Micros, _ client: Client, attempts: Int, spec: BruteForce) -> (first: Micros, last: Micros) {
        let port = random.between(1024, 65535)
        eximConnection(t, client, port: port, interfacePort: 587)
        let helo = Name("User")
        var first: Micros = .max, last: Micros = t
        for index in 0..<attempts {
            if index > 0 { t += Micros(random.between(spec.secondsBetween.lowerBound, spec.secondsBetween.upperBound)) * microsPerSecond }
            var text = LineText("dovecot_login authenticator failed for ")
            text.add(Array(hostPart(client, helo: helo, port: port).dropFirst(2)))
            text.add(": 535 Incorrect authentication data (set_id="); text.add(random.pick(["admin", "info", "test", "office"].map { Array($0.utf8) }))
            text.add(")")
            let at = emit(tick(&t, upTo: 900_000), .exim, text, reply: .inbound(535, client: client.ip))
            first = min(first, at); last = at
        }
        eximClosed(tick(&t, upTo: 2_000_000), client, helo: helo, port: port, lost: true)
        t += Micros(random.between(spec.secondsBetween.lowerBound, spec.secondsBetween.upperBound)) * microsPerSecond
        return (first, last)
    }
}
