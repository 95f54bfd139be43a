/// Postfix's queue and delivery agents: qmgr, the amavis content filter's round trip, lmtp
/// and local for our users, smtp to remote servers with its retries, and bounce notices.
extension LogPlanner {
    /// `QID: from=<s>, size=N, nrcpt=K (queue active)`: qmgr takes a message; it says so
    /// again each time a deferred message comes back.
    mutating func queueActive(_ time: Micros, _ queueID: Name, sender: Name, size: Int, recipients: Int) {
        var text = LineText()
        text.add(queueID); text.add(": from=<"); text.add(sender); text.add(">, size="); text.add(number: size)
        text.add(", nrcpt="); text.add(number: recipients); text.add(" (queue active)")
        emit(time, .qmgr, pid: qmgrPid, text)
    }

    mutating func removed(_ time: Micros, _ queueID: Name) {
        var text = LineText()
        text.add(queueID); text.add(": removed")
        emit(time, .qmgr, pid: qmgrPid, text)
    }

    /// Through amavis on 127.0.0.1:10024 and back through smtpd on 10025 as a new message:
    /// received twice, delivered twice, as pflogsumm counts it.
    mutating func contentFilter(at start: Micros, _ queueID: Name, arrival: Micros, client: Client, sender: Name,
                                recipients: [Name], size: Int, messageID: Name) {
        var t = start
        let local = Client(ip: ipv4(127, 0, 0, 1), name: Name("localhost"), ipText: Name("127.0.0.1"))
        let pid = World.pid(&random)
        connect(t, .smtpd, pid: pid, local)
        let second = nextQueueID()
        var text = LineText()
        text.add(second); text.add(": client="); text.add(local.tag)
        emit(tick(&t, upTo: 20_000), .smtpd, pid: pid, text)
        truth.received += 1
        text = LineText()
        text.add(second); text.add(": message-id=<"); text.add(messageID); text.add(">")
        emit(tick(&t, upTo: 20_000), .cleanup, pid: World.pid(&random), text)
        let filtered = size + random.between(300, 900)
        queueActive(tick(&t, upTo: 20_000), second, sender: sender, size: filtered, recipients: recipients.count)
        truth.bytesReceived += filtered
        disconnect(tick(&t, upTo: 20_000), .smtpd, pid: pid, local,
                   [("ehlo", 1, 1), ("mail", 1, 1), ("rcpt", recipients.count, recipients.count), ("data", 1, 1), ("quit", 1, 1)])
        text = LineText()
        text.add("("); text.add(number: amavisPid); text.add("-"); text.add(number: random.between(1, 20), width: 2)
        text.add(") Passed CLEAN {RelayedInbound}, ["); text.add(client.ipText); text.add("]:")
        text.add(number: random.between(1024, 65535)); text.add(" ["); text.add(client.ipText); text.add("] <")
        text.add(sender); text.add("> -> <"); text.add(recipients[0]); text.add(">, Queue-ID: "); text.add(queueID)
        text.add(", Message-ID: <"); text.add(messageID); text.add(">, mail_id: "); text.add(hex: random.next() >> 16, digits: 12, lowercase: true)
        text.add(", Hits: -"); text.add(number: random.below(3)); text.add("."); text.add(number: random.below(1000), width: 3)
        text.add(", size: "); text.add(number: size); text.add(", queued_as: "); text.add(second); text.add(", ")
        text.add(number: random.pick([250, 451, 535, random.between(120, 3000)])); text.add(" ms")
        emit(tick(&t, upTo: 30_000), .amavis, pid: amavisPid, text)
        let smtpPid = World.pid(&random)
        let relay = Name("127.0.0.1")
        for recipient in recipients {
            text = LineText()
            text.add(queueID); text.add(": to=<"); text.add(recipient); text.add(">, relay=127.0.0.1[127.0.0.1]:10024, ")
            delays(&text, elapsed: t - arrival, connect: 0)
            text.add(", dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as ")
            text.add(second); text.add(")")
            emit(tick(&t, upTo: 5_000), .smtp, pid: smtpPid, text, reply: .outbound(250, server: relay))
            truth.delivery(.sent, recipient: recipient, size: size)
        }
        removed(tick(&t, upTo: 5_000), queueID)
        localDeliveries(at: tick(&t, upTo: 800_000), second, arrival: t, recipients: recipients, size: filtered, messageID: messageID)
    }

    /// Final delivery to our users: lmtp to Dovecot for the virtual domains (with Dovecot's
    /// own line), local for the host's own domain (no reply: local speaks no SMTP).
    mutating func localDeliveries(at start: Micros, _ queueID: Name, arrival: Micros, recipients: [Name], size: Int, messageID: Name) {
        var t = start
        let lmtpPid = World.pid(&random)
        for recipient in recipients {
            let domain = domainPart(recipient)
            if domain == Name("mail.example.com") || domain == world.fqdn {
                var text = LineText()
                text.add(queueID); text.add(": to=<"); text.add(recipient); text.add(">, relay=local, ")
                delays(&text, elapsed: t - arrival, connect: 0)
                text.add(random.chance(0.7) ? ", dsn=2.0.0, status=sent (delivered to maildir)"
                                            : ", dsn=2.0.0, status=sent (delivered to command: procmail -a \"$EXTENSION\")")
                emit(tick(&t, upTo: 200_000), .local, pid: World.pid(&random), text)
            } else {
                var text = LineText()
                text.add("lmtp("); text.add(recipient); text.add(")<"); text.add(number: World.pid(&random)); text.add("><")
                text.add(hex: random.next() >> 24, digits: 10, lowercase: true); text.add(">: msgid=<"); text.add(messageID)
                text.add(">: saved mail to INBOX")
                emit(tick(&t, upTo: 100_000), .dovecot, pid: dovecotPid, text)
                text = LineText()
                text.add(queueID); text.add(": to=<"); text.add(recipient)
                text.add(">, relay=mail.example.org[private/dovecot-lmtp], ")
                delays(&text, elapsed: t - arrival, connect: 0)
                text.add(", dsn=2.0.0, status=sent (250 2.0.0 <"); text.add(recipient); text.add("> ")
                text.add(hex: random.next() >> 32, digits: 8, lowercase: true); text.add(" Saved)")
                emit(tick(&t, upTo: 50_000), .lmtp, pid: lmtpPid, text, reply: .outbound(250, server: Name("mail.example.org")))
            }
            truth.delivery(.sent, recipient: recipient, size: size)
        }
        removed(tick(&t, upTo: 50_000), queueID)
    }

    /// One recipient's attempt, as written and counted.
    enum AttemptResult { case sent, deferred, bounced }

    /// smtp delivers to remote servers; deferred recipients are tried again later (qmgr
    /// logs the message's size line again each time); a bounce sends the sender a notice.
    mutating func outbound(at start: Micros, _ queueID: Name, arrival: Micros, sender: Name, recipients: [Name], size: Int) {
        var t = start
        var pending: [(recipient: Name, outcome: RemoteOutcome)] = []
        var bounced = false
        let smtpPid = World.pid(&random)
        for given in recipients {
            let outcome = scenario.postfixRemote.draw(&random)
            let recipient = outcome == .hostNotFound ? world.mistyped(given) : given
            let result = remoteAttempt(&t, queueID, pid: smtpPid, recipient: recipient, size: size, outcome: outcome, arrival: arrival,
                                       suspended: false)
            if result == .deferred { pending.append((recipient, outcome)) }
            if result == .bounced { bounced = true }
        }
        if bounced { bounceNotice(at: tick(&t, upTo: 100_000), queueID, sender: sender) }
        var attempt = 0
        while !pending.isEmpty, attempt < scenario.retry.attempts {
            attempt += 1
            var next = t + Micros(random.between(scenario.retry.minutes.lowerBound * 60, scenario.retry.minutes.upperBound * 60)) * microsPerSecond
            guard next + 600 * microsPerSecond < end else { return }   // still queued when the log ends
            queueActive(next, queueID, sender: sender, size: size, recipients: recipients.count)
            var still: [(recipient: Name, outcome: RemoteOutcome)] = []
            var bouncedNow = false
            let pid = World.pid(&random)
            for (recipient, outcome) in pending {
                let suspended = (outcome == .connectTimeout || outcome == .greetingTimeout) && random.chance(scenario.retry.suspendedShare)
                let now: RemoteOutcome = !suspended && random.chance(scenario.retry.successShare) ? .sent : outcome
                let result = remoteAttempt(&next, queueID, pid: pid, recipient: recipient, size: size, outcome: now, arrival: arrival,
                                           suspended: suspended)
                if result == .deferred { still.append((recipient, outcome)) }
                if result == .bounced { bouncedNow = true }
            }
            if bouncedNow { bounceNotice(at: tick(&next, upTo: 100_000), queueID, sender: sender) }
            pending = still
            t = next
        }
        if pending.isEmpty { removed(tick(&t, upTo: 100_000), queueID) }
    }

    /// Writes one recipient's attempt: the reply the remote server gave, or why none came.
    mutating func remoteAttempt(_ t: inout Micros, _ queueID: Name, pid: Int, recipient: Name, size: Int,
                                outcome: RemoteOutcome, arrival: Micros, suspended: Bool) -> AttemptResult {
        let domain = domainPart(recipient)
        let remote = world.remotes.first { $0.domain == domain } ?? world.remotes[0]
        let mxTag = remote.mx + [0x5B] + ipName(remote.ip) + [0x5D]
        var text = LineText()
        func start(_ text: inout LineText, relay: Name) {
            text.add(queueID); text.add(": to=<"); text.add(recipient); text.add(">, relay="); text.add(relay); text.add(", ")
        }
        let viaRelayHost = outcome == .relayAuthFailed || outcome == .relayAuthRequired
        let relayTag = world.relayHost + [0x5B] + ipName(world.relayHostIP) + [0x5D]
        if suspended {
            start(&text, relay: Name("none"))
            delays(&text, elapsed: t - arrival, connect: 0)
            text.add(", dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to "); text.add(mxTag)
            text.add(":25: Connection timed out)")
            emit(tick(&t, upTo: 50_000), .error, pid: World.pid(&random), text)
            truth.delivery(.deferred, recipient: recipient, size: 0)
            return .deferred
        }
        if outcome == .connectTimeout {
            var warning = LineText("connect to ")
            warning.add(mxTag); warning.add(":25: Connection timed out")
            emit(tick(&t, upTo: 30_000_000), .smtp, pid: pid, warning)
            start(&text, relay: Name("none"))
            delays(&text, elapsed: t - arrival, connect: 3000)
            text.add(", dsn=4.4.1, status=deferred (connect to "); text.add(mxTag); text.add(":25: Connection timed out)")
            emit(tick(&t, upTo: 10_000), .smtp, pid: pid, text)
            truth.delivery(.deferred, recipient: recipient, size: 0)
            return .deferred
        }
        if outcome == .hostNotFound {
            start(&text, relay: Name("none"))
            delays(&text, elapsed: t - arrival, connect: 0)
            text.add(", dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=")
            text.add(domain); text.add(" type=MX: Host not found)")
            emit(tick(&t, upTo: 300_000), .smtp, pid: pid, text)
            truth.delivery(.bounced, recipient: recipient, size: 0)
            return .bounced
        }
        if outcome == .sent, random.chance(0.4) {
            var tls = LineText(random.chance(0.6) ? "Trusted TLS connection established to " : "Untrusted TLS connection established to ")
            tls.add(mxTag); tls.add(":25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)")
            emit(tick(&t, upTo: 900_000), .smtp, pid: pid, tls)
        }
        start(&text, relay: viaRelayHost ? relayTag + Name(":587") : mxTag + Name(":25"))
        delays(&text, elapsed: t - arrival)
        let server = viaRelayHost ? world.relayHost : remote.mx
        let code: Int
        let result: AttemptResult
        switch outcome {
        case .sent:
            text.add(", dsn=2.0.0, status=sent (")
            acceptedReply(&text, remote.style, recipient: recipient)
            text.add(")")
            code = 250; result = .sent
        case .greetingTimeout:
            text.add(", dsn=4.4.2, status=deferred (conversation with "); text.add(mxTag)
            text.add(" timed out while receiving the initial server greeting)")
            emit(tick(&t, upTo: 30_000_000), .smtp, pid: pid, text)
            truth.delivery(.deferred, recipient: recipient, size: 0)
            return .deferred
        case .relayAuthFailed:
            text.add(", dsn=4.7.8, status=deferred (SASL authentication failed; server "); text.add(relayTag)
            text.add(" said: 535 5.7.8 Error: authentication failed: authentication failure)")
            code = 535; result = .deferred
        default:
            let reply = remoteRefusal(outcome, remote.style, recipient: recipient, multiline: true)
            text.add(", dsn="); text.add(reply.dsn)
            text.add(reply.code < 500 ? ", status=deferred (host " : ", status=bounced (host ")
            text.add(viaRelayHost ? relayTag : mxTag); text.add(" said: "); text.add(reply.text)
            text.add(" (in reply to "); text.add(reply.command); text.add(" command))")
            code = reply.code; result = reply.code < 500 ? .deferred : .bounced
        }
        emit(tick(&t, upTo: 900_000), .smtp, pid: pid, text, reply: .outbound(code, server: server))
        truth.delivery(result == .sent ? .sent : result == .deferred ? .deferred : .bounced, recipient: recipient,
                       size: result == .sent ? size : 0)
        return result
    }

    /// `QID: sender non-delivery notification: NEW`: Postfix writes the sender a notice, a new
    /// message (not received from anyone, so not counted as received) delivered to them.
    mutating func bounceNotice(at start: Micros, _ queueID: Name, sender: Name) {
        var t = start
        let notice = nextQueueID()
        var text = LineText()
        text.add(queueID); text.add(": sender non-delivery notification: "); text.add(notice)
        emit(t, .bounce, pid: World.pid(&random), text)
        var id = LineText()
        id.add(notice); id.add("."); id.add(hex: random.next() >> 40, digits: 6); id.add("@"); id.add(world.fqdn)
        let messageID = id.bytes
        text = LineText()
        text.add(notice); text.add(": message-id=<"); text.add(messageID); text.add(">")
        emit(tick(&t, upTo: 20_000), .cleanup, pid: World.pid(&random), text)
        let size = random.between(2_000, 9_000)
        queueActive(tick(&t, upTo: 20_000), notice, sender: [], size: size, recipients: 1)
        localDeliveries(at: tick(&t, upTo: 200_000), notice, arrival: t, recipients: [sender], size: size, messageID: messageID)
    }
}
