/// Exim sessions as its mainlog writes them (shapes from ../shared/corpus: Artik292,
/// perericr-ddgrey, 2ndy-RaspIM and Exim's own test suite). Exim writes no program name and
/// no pid, and its own stamp.
extension LogPlanner {
    mutating func eximSession(at start: Micros) {
        let kind = scenario.eximSessions.draw(&random)
        switch kind {
        case .inbound: eximInbound(at: start)
        case .submission: eximSubmission(at: start)
        case .relayDenied, .unknownRecipient, .blocklisted, .invalidHelo, .greylisted, .ratelimited:
            eximRefused(at: start, kind: kind)
        case .authFailure: eximAuthFailure(at: start)
        case .clientAuthFailure: eximClientAuthFailure(at: start)
        case .syncError: eximSyncError(at: start)
        case .localCron: eximLocalCron(at: start)
        case .noise: eximNoise(at: start)
        }
    }

    /// `H=name (helo) [ip]:port`, or `H=(helo) [ip]:port` for a client without a name.
    func hostPart(_ client: Client, helo: Name, port: Int?) -> Name {
        var text = LineText("H=")
        if client.name != Name("unknown") {
            text.add(client.name)
            if helo != client.name { text.add(" ("); text.add(helo); text.add(")") }
        } else {
            text.add("("); text.add(helo); text.add(")")
        }
        text.add(" ["); text.add(client.ipText); text.add("]")
        if let port { text.add(":"); text.add(number: port) }
        return text.bytes
    }

    /// `SMTP connection from [ip]:port (TCP/IP connection count = N)`, counted.
    mutating func eximConnection(_ time: Micros, _ client: Client, port: Int, interfacePort: Int) {
        var text = LineText("SMTP connection from [")
        text.add(client.ipText); text.add("]:"); text.add(number: port)
        if eximInterface { text.add(" I=["); text.add(world.ourIPName); text.add("]:"); text.add(number: interfacePort) }
        text.add(" (TCP/IP connection count = "); text.add(number: random.between(1, 6)); text.add(")")
        emit(time, .exim, text)
        truth.connections += 1
    }

    /// `SMTP connection from name (helo) [ip]:port closed by QUIT` or `lost D=2s`.
    mutating func eximClosed(_ time: Micros, _ client: Client, helo: Name, port: Int, lost: Bool) {
        var text = LineText("SMTP connection from ")
        let host = hostPart(client, helo: helo, port: port)
        text.add(Array(host.dropFirst(2)))
        if lost {
            text.add(" lost D=")
            if random.chance(0.3) { text.add(number: random.pick([250, 421, 535, 550, random.between(20, 999)])); text.add("ms") }
            else { text.add(number: random.between(1, 30)); text.add("s") }
        } else {
            text.add(" closed by QUIT")
        }
        emit(time, .exim, text)
    }

    mutating func eximNoHostName(_ time: Micros, _ client: Client) {
        var text = LineText("no host name found for IP address ")
        text.add(client.ipText)
        emit(time, .exim, text)
    }

    func eximLine(_ id: Name, _ rest: StaticString) -> LineText {
        var text = LineText()
        text.add(id); text.space(); text.add(rest)
        return text
    }

    // MARK: inbound

    mutating func eximInbound(at start: Micros) {
        var t = start
        let client = mailSender()
        let port = random.between(1024, 65535)
        eximConnection(t, client, port: port, interfacePort: 25)
        if client.name == Name("unknown") { eximNoHostName(tick(&t), client) }
        let helo = helo(for: client)
        let count = random.chance(0.8) ? 1 : random.chance(0.75) ? 2 : 3
        var recipients: [Name] = []
        while recipients.count < count {
            let user = world.localUser(&random)
            if !recipients.contains(user) { recipients.append(user) }
        }
        let id = nextEximID(at: tick(&t, upTo: 2_000_000))
        let size = World.messageSize(&random)
        var text = LineText()
        text.add(id); text.add(" <= "); text.add(world.outsider(&random)); text.space()
        text.add(hostPart(client, helo: helo, port: port))
        if eximInterface { text.add(" I=["); text.add(world.ourIPName); text.add("]:25") }
        text.add(random.chance(0.7) ? " P=esmtps X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no S=" : " P=esmtp S=")
        text.add(number: size); text.add(" id="); text.add(world.messageID(&random))
        emit(t, .exim, text)
        truth.received += 1
        truth.bytesReceived += size
        eximClosed(tick(&t), client, helo: helo, port: port, lost: random.chance(0.1))
        t += Micros(random.between(1, 500_000))
        eximLocalDeliveries(&t, id, recipients: recipients, size: size)
        emit(tick(&t, upTo: 20_000), .exim, eximLine(id, "Completed"))
    }

    /// Local mailboxes: appendfile (no reply), or Dovecot's LMTP with its 250s, the first
    /// recipient on `=>` and the others of the same batch on `->`.
    mutating func eximLocalDeliveries(_ t: inout Micros, _ id: Name, recipients: [Name], size: Int) {
        if random.chance(0.5) {
            for recipient in recipients {
                var text = LineText()
                text.add(id); text.add(" => "); text.add(localPart(recipient)); text.add(" <"); text.add(recipient)
                text.add("> R=local_user T=mail_spool")
                emit(tick(&t, upTo: 50_000), .exim, text)
                truth.delivery(.sent, recipient: recipient, size: size)
            }
            return
        }
        let lmtp = Name("127.0.0.1")
        for (index, recipient) in recipients.enumerated() {
            var text = LineText()
            text.add(id); text.add(index == 0 ? " => " : " -> "); text.add(recipient)
            text.add(" R=dovecot_virtual T=dovecot_lmtp H=127.0.0.1 [127.0.0.1] C=\"250 2.0.0 <"); text.add(recipient)
            text.add("> "); text.add(hex: random.next() >> 32, digits: 8, lowercase: true); text.add(" Saved\"")
            emit(tick(&t, upTo: 50_000), .exim, text, reply: .outbound(250, server: lmtp))
            truth.delivery(.sent, recipient: recipient, size: size)
        }
    }

    // MARK: submission and outbound

    mutating func eximSubmission(at start: Micros) {
        var t = start
        let user = world.localUser(&random)
        let client = client(world.homeAddress(of: user, &random))
        let port = random.between(1024, 65535)
        eximConnection(t, client, port: port, interfacePort: 587)
        let helo = random.chance(0.5) ? Name("laptop") : [0x5B] + client.ipText + [0x5D]
        let size = World.messageSize(&random)
        let id = nextEximID(at: tick(&t, upTo: 2_000_000))
        var text = LineText()
        text.add(id); text.add(" <= "); text.add(user); text.space(); text.add(hostPart(client, helo: helo, port: port))
        if eximInterface { text.add(" I=["); text.add(world.ourIPName); text.add("]:587") }
        text.add(" P=esmtpsa X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no A=dovecot_plain:"); text.add(user)
        text.add(" S="); text.add(number: size); text.add(" id="); text.add(world.messageID(&random))
        emit(t, .exim, text)
        truth.received += 1
        truth.bytesReceived += size
        eximClosed(tick(&t), client, helo: helo, port: port, lost: false)
        let count = [1, 1, 1, 1, 1, 1, 2, 2, 3, 4][random.below(10)]
        var recipients: [Name] = []
        for _ in 0..<count {
            let remote = world.remote(&random)
            var address = LineText()
            address.add(random.pick(world.remoteNames)); address.add(number: random.below(100)); address.add("@"); address.add(remote.domain)
            recipients.append(address.bytes)
        }
        eximOutbound(at: tick(&t, upTo: 800_000), id, sender: user, recipients: recipients, size: size)
    }

    /// remote_smtp to each recipient's server, grouped by domain (`=>` then `->`), with
    /// retries in later queue runs and a bounce message for what failed for good.
    mutating func eximOutbound(at start: Micros, _ id: Name, sender: Name, recipients: [Name], size: Int) {
        var t = start
        var pending: [(recipient: Name, outcome: RemoteOutcome)] = []
        var failed: [Name] = []
        var confirmedFirst: Set<Name> = []
        for given in recipients {
            let outcome = scenario.eximRemote.draw(&random)
            let recipient = outcome == .hostNotFound ? world.mistyped(given) : given
            let domain = domainPart(recipient)
            let first = !confirmedFirst.contains(domain)
            let result = eximAttempt(&t, id, sender: sender, recipient: recipient, size: size, outcome: outcome, first: first)
            if result == .sent { confirmedFirst.insert(domain) }
            if result == .deferred { pending.append((recipient, outcome)) }
            if result == .bounced { failed.append(recipient) }
        }
        var attempt = 0
        while !pending.isEmpty, attempt < scenario.retry.attempts {
            attempt += 1
            var next = t + Micros(random.between(scenario.retry.minutes.lowerBound * 60, scenario.retry.minutes.upperBound * 60)) * microsPerSecond
            guard next + 600 * microsPerSecond < end else { break }
            let runner = World.pid(&random)
            var text = LineText("Start queue run: pid=")
            text.add(number: runner)
            emit(next, .exim, text)
            var still: [(recipient: Name, outcome: RemoteOutcome)] = []
            for (recipient, outcome) in pending {
                if outcome == .connectTimeout, random.chance(scenario.retry.suspendedShare) {
                    var text = LineText()
                    text.add(id); text.add(" == "); text.add(recipient)
                    text.add(" R=dnslookup T=remote_smtp defer (-53): retry time not reached for any host for '")
                    text.add(domainPart(recipient)); text.add("'")
                    emit(tick(&next, upTo: 50_000), .exim, text)
                    truth.delivery(.deferred, recipient: recipient, size: 0)
                    still.append((recipient, outcome))
                    continue
                }
                let now: RemoteOutcome = random.chance(scenario.retry.successShare) ? .sent : outcome
                let result = eximAttempt(&next, id, sender: sender, recipient: recipient, size: size, outcome: now, first: true)
                if result == .deferred { still.append((recipient, outcome)) }
                if result == .bounced { failed.append(recipient) }
            }
            text = LineText("End queue run: pid=")
            text.add(number: runner)
            emit(tick(&next, upTo: 100_000), .exim, text)
            pending = still
            t = next
        }
        if !failed.isEmpty { eximBounceMessage(at: tick(&t, upTo: 50_000), id, sender: sender) }
        if pending.isEmpty { emit(tick(&t, upTo: 20_000), .exim, eximLine(id, "Completed")) }
    }

    mutating func eximAttempt(_ t: inout Micros, _ id: Name, sender: Name, recipient: Name, size: Int, outcome: RemoteOutcome,
                              first: Bool) -> AttemptResult {
        let domain = domainPart(recipient)
        let remote = world.remotes.first { $0.domain == domain } ?? world.remotes[0]
        let viaRelayHost = outcome == .relayAuthFailed || outcome == .relayAuthRequired
        let server = viaRelayHost ? world.relayHost : remote.mx
        var hosts = LineText(" H=")
        hosts.add(server); hosts.add(" ["); hosts.add(ipName(viaRelayHost ? world.relayHostIP : remote.ip)); hosts.add("]")
        let route: StaticString = viaRelayHost ? " R=smarthost T=remote_smtp_smarthost" : " R=dnslookup T=remote_smtp"
        var text = LineText()
        text.add(id)
        switch outcome {
        case .sent:
            text.add(first ? " => " : " -> "); text.add(recipient); text.add(route); text.add(hosts.bytes)
            text.add(" X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes")
            if random.chance(scenario.eximUnconfirmedShare) {
                emit(tick(&t, upTo: 900_000), .exim, text)
            } else {
                text.add(" C=\""); acceptedReply(&text, remote.style, recipient: recipient); text.add("\"")
                emit(tick(&t, upTo: 900_000), .exim, text, reply: .outbound(250, server: server))
            }
            truth.delivery(.sent, recipient: recipient, size: size)
            return .sent
        case .connectTimeout, .greetingTimeout:
            text.add(" == "); text.add(recipient); text.add(route)
            text.add(outcome == .connectTimeout ? " defer (110): Connection timed out" : " defer (-18): Remote host closed connection in response to initial connection")
            emit(tick(&t, upTo: 30_000_000), .exim, text)
            truth.delivery(.deferred, recipient: recipient, size: 0)
            return .deferred
        case .hostNotFound:
            text.add(" ** "); text.add(recipient); text.add(": Unrouteable address")
            emit(tick(&t, upTo: 300_000), .exim, text)
            truth.delivery(.bounced, recipient: recipient, size: 0)
            return .bounced
        case .relayAuthFailed:
            // Exim as a client: the smarthost refused our credentials, and the message waits.
            var refusal = LineText()
            refusal.add(id); refusal.add(" plain authenticator failed"); refusal.add(hosts.bytes)
            refusal.add(" 535 5.7.8 Error: authentication failed: authentication failure")
            emit(tick(&t, upTo: 900_000), .exim, refusal, reply: .outbound(535, server: server))
            text.add(" == "); text.add(recipient); text.add(route)
            text.add(" defer (-42): authentication required but authentication attempt(s) failed")
            emit(tick(&t, upTo: 5_000), .exim, text)
            truth.delivery(.deferred, recipient: recipient, size: 0)
            return .deferred
        default:
            let refusal = remoteRefusal(outcome, remote.style, recipient: recipient, multiline: false)
            let temporary = refusal.code < 500
            text.add(temporary ? " == " : " ** "); text.add(recipient); text.add(route)
            if temporary { text.add(" defer (-44)") }
            text.add(hosts.bytes); text.add(": SMTP error from remote mail server after ")
            if refusal.command == Name("RCPT TO") {
                text.add("RCPT TO:<"); text.add(recipient); text.add(">")
            } else if refusal.command == Name("MAIL FROM") {
                text.add("MAIL FROM:<"); text.add(sender); text.add("> SIZE="); text.add(number: size)
            } else {
                text.add("end of data")
            }
            text.add(": "); text.add(refusal.text)
            emit(tick(&t, upTo: 900_000), .exim, text, reply: .outbound(refusal.code, server: server))
            truth.delivery(temporary ? .deferred : .bounced, recipient: recipient, size: 0)
            return temporary ? .deferred : .bounced
        }
    }

    /// Exim's bounce message to the sender: a new message (`<= <> R=id U=Debian-exim
    /// P=local`), received and delivered like any other.
    mutating func eximBounceMessage(at start: Micros, _ original: Name, sender: Name) {
        var t = start
        let id = nextEximID(at: t)
        let size = random.between(1_500, 9_000)
        var text = LineText()
        text.add(id); text.add(" <= <> R="); text.add(original); text.add(" U=Debian-exim P=local S="); text.add(number: size)
        emit(t, .exim, text)
        truth.received += 1
        truth.bytesReceived += size
        t += Micros(random.between(1, 100_000))
        eximLocalDeliveries(&t, id, recipients: [sender], size: size)
        emit(tick(&t, upTo: 20_000), .exim, eximLine(id, "Completed"))
    }

    // MARK: refusals and logins

    /// Exim's ACL refusals: it writes no code; the client was sent 550 (451 for
    /// `temporarily rejected`).
    mutating func eximRefused(at start: Micros, kind: EximSession) {
        var t = start
        let client = kind == .relayDenied ? attackerClient() : client(world.anyAddress(&random))
        let port = random.between(1024, 65535)
        eximConnection(t, client, port: port, interfacePort: 25)
        let helo: Name = kind == .invalidHelo ? random.pick(world.heloWords) : helo(for: client)
        let host = hostPart(client, helo: helo, port: port)
        let sender = world.outsider(&random)
        if kind == .ratelimited {
            var text = LineText()
            text.add(host); text.add(" temporarily rejected connection in \"connect\" ACL: \"Host is ratelimited (")
            text.add(number: random.between(2, 9)); text.add(".0/1h max:1.2)\"")
            emit(tick(&t, upTo: 50_000), .exim, text, reply: .inbound(451, implied: true, client: client.ip))
            truth.rejected += 1
            return
        }
        let attempts = kind == .relayDenied ? random.between(1, 3) : kind == .unknownRecipient ? random.between(1, 4) : 1
        for _ in 0..<attempts {
            var text = LineText()
            text.add(host)
            if kind != .invalidHelo { text.add(" F=<"); text.add(sender); text.add(">") }
            var recipient = LineText()
            switch kind {
            case .relayDenied:
                recipient.add(random.pick(world.remoteNames)); recipient.add(number: random.below(1000)); recipient.add("@")
                recipient.add(random.pick(["victim.example", "other.example", "gmail.com"].map { Array($0.utf8) }))
            case .unknownRecipient: recipient.add(unknownLocal())
            default: recipient.add(world.localUser(&random))
            }
            var code = 550
            switch kind {
            case .relayDenied:
                text.add(" rejected RCPT <"); text.add(recipient.bytes); text.add(">: relay not permitted")
            case .unknownRecipient:
                text.add(" rejected RCPT <"); text.add(recipient.bytes); text.add(">: Unknown user")
            case .blocklisted:
                text.add(" rejected RCPT <"); text.add(recipient.bytes); text.add(">: Rejected because "); text.add(client.ipText)
                text.add(" is in a black list at zen.spamhaus.org")
            case .invalidHelo:
                text.add(" rejected MAIL <"); text.add(sender); text.add(">: Access denied - Invalid HELO name (See RFC2821 4.1.1.1)")
            default:
                code = 451
                text.add(" temporarily rejected RCPT <"); text.add(recipient.bytes); text.add(">: greylisted.")
            }
            emit(tick(&t), .exim, text, reply: .inbound(code, implied: true, client: client.ip, relay: kind == .relayDenied))
            truth.rejected += 1
        }
        eximClosed(tick(&t), client, helo: helo, port: port, lost: random.chance(0.4))
    }

    /// `dovecot_login authenticator failed for (helo) [ip]:port: 535 Incorrect authentication
    /// data (set_id=user)`, or Exim 4.99's `… for H=(helo) [ip]:port U=user: 535 …`.
    mutating func eximAuthFailure(at start: Micros) {
        var t = start
        let client = attackerClient()
        let port = random.between(1024, 65535)
        eximConnection(t, client, port: port, interfacePort: random.chance(0.7) ? 587 : 25)
        if client.name == Name("unknown") { eximNoHostName(tick(&t), client) }
        let helo = random.pick(world.heloWords)
        for _ in 0..<random.between(1, 3) {
            eximAuthFailureLine(tick(&t, upTo: 4_000_000), client, helo: helo, port: port)
        }
        eximClosed(tick(&t, upTo: 3_000_000), client, helo: helo, port: port, lost: random.chance(0.7))
    }

    mutating func eximAuthFailureLine(_ time: Micros, _ client: Client, helo: Name, port: Int) {
        let user: Name = random.chance(0.5) ? random.pick(["admin", "info", "test", "sales", "office"].map { Array($0.utf8) })
                                            : world.localUser(&random)
        var text = LineText()
        text.add(random.pick(["dovecot_login", "dovecot_plain", "login", "plain"].map { Array($0.utf8) }))
        text.add(" authenticator failed for ")
        if random.chance(0.15) {
            text.add(hostPart(client, helo: helo, port: port)); text.add(" U="); text.add(user)
            text.add(": 535 Incorrect authentication data")
        } else {
            text.add(Array(hostPart(client, helo: helo, port: port).dropFirst(2)))
            text.add(": 535 Incorrect authentication data")
            if random.chance(0.8) { text.add(" (set_id="); text.add(user); text.add(")") }
        }
        emit(time, .exim, text, reply: .inbound(535, client: client.ip))
    }

    /// Our smarthost refuses our credentials on a message that has no other route.
    mutating func eximClientAuthFailure(at start: Micros) {
        var t = start
        let id = nextEximID(at: t)
        let user = world.localUser(&random)
        let size = random.between(800, 40_000)
        var text = LineText()
        text.add(id); text.add(" <= "); text.add(user); text.add(" U=www-data P=local S="); text.add(number: size)
        emit(t, .exim, text)
        truth.received += 1
        truth.bytesReceived += size
        var recipient = LineText()
        recipient.add(random.pick(world.remoteNames)); recipient.add(number: random.below(100)); recipient.add("@partner.example")
        eximOutbound(at: tick(&t, upTo: 500_000), id, sender: user, recipients: [recipient.bytes], size: size)
    }

    /// A client that talks before the banner: Exim refuses it (554, implied).
    mutating func eximSyncError(at start: Micros) {
        var t = start
        let client = client(world.anyAddress(&random))
        let port = random.between(1024, 65535)
        eximConnection(t, client, port: port, interfacePort: 25)
        var text = LineText("SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=[")
        text.add(client.ipText); text.add("]:"); text.add(number: port); text.add(" input=\"")
        text.add(random.chance(0.5) ? "GET / HTTP/1.1" : "EHLO User"); text.add("\"")
        emit(tick(&t, upTo: 100_000), .exim, text, reply: .inbound(554, implied: true, client: client.ip))
        truth.rejected += 1
    }

    /// A cron job's mail to root, delivered locally.
    mutating func eximLocalCron(at start: Micros) {
        var t = start
        let id = nextEximID(at: t)
        let size = random.between(500, 6_000)
        let root = Name("root@") + world.fqdn
        var text = LineText()
        text.add(id); text.add(" <= "); text.add(root); text.add(" U=root P=local S="); text.add(number: size)
        emit(t, .exim, text)
        truth.received += 1
        truth.bytesReceived += size
        text = LineText()
        text.add(id); text.add(" => "); text.add(random.pick(world.userNames)); text.add(" <"); text.add(root)
        text.add("> R=system_aliases T=mail_spool")
        emit(tick(&t, upTo: 100_000), .exim, text)
        truth.delivery(.sent, recipient: root, size: size)
        emit(tick(&t, upTo: 20_000), .exim, eximLine(id, "Completed"))
    }

    /// Queue runs (with `pid=250` now and then), lost connections with `D=535ms`, TLS
    /// errors, lookups that found no name: no reply in any of them.
    mutating func eximNoise(at start: Micros) {
        var t = start
        for _ in 0..<random.between(2, 4) {
            let client = client(world.anyAddress(&random))
            let port = random.between(1024, 65535)
            switch random.below(4) {
            case 0:
                eximConnection(tick(&t, upTo: 30_000_000), client, port: port, interfacePort: 25)
                eximClosed(tick(&t, upTo: 20_000_000), client, helo: helo(for: client), port: port, lost: true)
            case 1:
                let pid = random.chance(0.3) ? random.pick([250, 421, 535, 551]) : World.pid(&random)
                var text = LineText("Start queue run: pid=")
                text.add(number: pid)
                emit(tick(&t, upTo: 30_000_000), .exim, text)
                text = LineText("End queue run: pid=")
                text.add(number: pid)
                emit(tick(&t, upTo: 2_000_000), .exim, text)
            case 2:
                var text = LineText("TLS error on connection from ")
                text.add(Array(hostPart(client, helo: helo(for: client), port: port).dropFirst(2)))
                text.add(" (SSL_accept): error:0A000126:SSL routines::unexpected eof while reading")
                emit(tick(&t, upTo: 30_000_000), .exim, text)
            default:
                eximNoHostName(tick(&t, upTo: 30_000_000), client)
            }
        }
    }
}
