/// Postfix sessions as a busy MX and submission server logs them. Each line shape here was
/// taken from real logs (../shared/corpus: lightmeter, kdent, louisitvn, the grok-pattern and
/// fail2ban test lines); gen-maillog was read for its model, not copied.
extension LogPlanner {
    /// One client on the network: its address, and its name as Postfix shows it.
    struct Client {
        let ip: UInt32
        let name: Name
        let ipText: Name
        /// `name[ip]`
        var tag: Name { name + [0x5B] + ipText + [0x5D] }
    }

    func client(_ ip: UInt32) -> Client {
        Client(ip: ip, name: world.reverseName(ip), ipText: ipName(ip))
    }

    /// A sending server with a forward-confirmed name, or a one-off address.
    mutating func mailSender() -> Client {
        if random.chance(0.6) {
            let sender = random.pick(world.senders)
            return Client(ip: sender.ip, name: sender.name, ipText: ipName(sender.ip))
        }
        return client(world.anyAddress(&random))
    }

    mutating func attackerClient() -> Client {
        client(world.attacker(&random, oneOffShare: scenario.oneOffAttackerShare))
    }

    /// The gap between two lines of one session: up to `micros`.
    mutating func tick(_ time: inout Micros, upTo micros: Int = 400_000) -> Micros {
        time += Micros(random.between(1, micros))
        return time
    }

    mutating func postfixSession(at start: Micros) {
        let kind = scenario.postfixSessions.draw(&random)
        switch kind {
        case .inbound: inbound(at: start, warning: false)
        case .rejectWarning: inbound(at: start, warning: true)
        case .submission: submission(at: start)
        case .relayDenied, .unknownRecipient, .smtpdBlocklist, .heloRejected, .greylisted, .senderDomainUnknown, .milterGreylist:
            refused(at: start, kind: kind)
        case .postscreenBlocklist: postscreenBlocklist(at: start)
        case .saslFailure: saslFailure(at: start, serverDown: false)
        case .saslServerDown: saslFailure(at: start, serverDown: true)
        case .scanner: scanner(at: start)
        case .postscreenTooMany: postscreenTooMany(at: start)
        case .pregreet: pregreet(at: start)
        case .localPickup: pickup(at: start, web: false)
        case .webPickup: pickup(at: start, web: true)
        case .noise: postfixNoise(at: start)
        }
    }

    // MARK: pieces shared by sessions

    /// `disconnect from name[ip] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4`, counted.
    mutating func disconnect(_ time: Micros, _ service: Program, pid: Int, _ client: Client, _ commands: [(StaticString, Int, Int)]) {
        var text = LineText("disconnect from ")
        text.add(client.tag)
        var accepted = 0, total = 0
        var counted: [(Name, Int, Int)] = []
        for (name, ok, all) in commands {
            text.space(); text.add(name); text.add("="); text.add(number: ok)
            if ok != all { text.add("/"); text.add(number: all) }
            accepted += ok; total += all
            counted.append((Name(name), ok, all))
        }
        // Postfix writes `commands=3/4` when some failed, and `commands=0/0` for a client that
        // sent nothing.
        text.add(" commands="); text.add(number: accepted)
        if accepted != total || total == 0 { text.add("/"); text.add(number: total) }
        emit(time, service, pid: pid, text)
        truth.session(commands: counted)
    }

    mutating func connect(_ time: Micros, _ service: Program, pid: Int, _ client: Client) {
        var text = LineText("connect from ")
        text.add(client.tag)
        emit(time, service, pid: pid, text)
        truth.connections += 1
    }

    /// postscreen looks at a port-25 client first: `CONNECT from [ip]:port to [ours]:25`.
    mutating func postscreenConnect(_ time: Micros, _ client: Client, port: Int) {
        var text = LineText("CONNECT from [")
        text.add(client.ipText); text.add("]:"); text.add(number: port); text.add(" to [")
        text.add(world.ourIPName); text.add("]:25")
        emit(time, .postscreen, pid: postscreenPid, text)
    }

    mutating func postscreenVerdict(_ time: Micros, _ verdict: StaticString, _ client: Client, port: Int) {
        var text = LineText(verdict)
        text.add(" ["); text.add(client.ipText); text.add("]:"); text.add(number: port)
        emit(time, .postscreen, pid: postscreenPid, text)
    }

    mutating func helo(for client: Client) -> Name {
        if client.name != Name("unknown"), random.chance(0.7) { return client.name }
        if random.chance(0.5) { return random.pick(world.heloWords) }
        return [0x5B] + client.ipText + [0x5D]
    }

    /// `; from=<s> to=<r> proto=ESMTP helo=<h>`
    func envelope(_ text: inout LineText, sender: Name, recipient: Name, helo: Name) {
        text.add("; from=<"); text.add(sender); text.add("> to=<"); text.add(recipient)
        text.add("> proto=ESMTP helo=<"); text.add(helo); text.add(">")
    }

    mutating func tlsEstablished(_ time: Micros, _ service: Program, pid: Int, _ client: Client) {
        var text = LineText("Anonymous TLS connection established from ")
        text.add(client.tag)
        if random.chance(0.7) {
            text.add(": TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256")
        } else {
            text.add(": TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)")
        }
        emit(time, service, pid: pid, text)
    }

    /// `delay=4.51, delays=0.1/0.01/0.6/0.91` for a delivery `elapsed` after arrival.
    mutating func delays(_ text: inout LineText, elapsed: Micros, connect: Int = -1) {
        let total = max(1, Int(elapsed / 10_000))
        let queue = min(total, random.between(1, 20))
        let setup = connect >= 0 ? connect : random.between(0, 30)
        let transmit = random.between(0, 90)
        text.add("delay="); text.add(hundredths: total + setup + transmit)
        text.add(", delays="); text.add(hundredths: total - queue); text.add("/"); text.add(hundredths: queue)
        text.add("/"); text.add(hundredths: setup); text.add("/"); text.add(hundredths: transmit)
    }

    /// `nobody42@example.org`: an address no mailbox has.
    mutating func unknownLocal() -> Name {
        var text = LineText()
        text.add(random.pick(["nobody", "info", "admin", "test", "webmaster", "sales"].map { Array($0.utf8) }))
        text.add(number: random.below(100)); text.add("@"); text.add(random.pick(world.localDomains))
        return text.bytes
    }

    // MARK: inbound mail

    /// Mail from the Internet for our users: postscreen, smtpd, cleanup, qmgr, then lmtp or
    /// local, perhaps through amavis and a second smtpd on localhost.
    mutating func inbound(at start: Micros, warning: Bool) {
        var t = start
        let client = mailSender()
        let port = random.between(1024, 65535)
        if random.chance(scenario.postscreenShare) {
            postscreenConnect(t, client, port: port)
            postscreenVerdict(tick(&t, upTo: 900_000), random.chance(0.8) ? "PASS OLD" : "PASS NEW", client, port: port)
        }
        let pid = World.pid(&random)
        if client.name == Name("unknown"), random.chance(0.3) {
            var text = LineText("warning: hostname ")
            text.add(client.ipText.map { $0 == 0x2E ? 0x2D : $0 }); text.add(".static.example does not resolve to address ")
            text.add(client.ipText); text.add(": Name or service not known")
            emit(tick(&t), .smtpd, pid: pid, text)
        }
        connect(tick(&t), .smtpd, pid: pid, client)
        let tls = random.chance(0.7)
        if tls { tlsEstablished(tick(&t), .smtpd, pid: pid, client) }
        let helo = helo(for: client)
        let sender = world.outsider(&random)
        let count = random.chance(0.8) ? 1 : random.chance(0.75) ? 2 : 3
        var recipients: [Name] = []
        while recipients.count < count {
            let user = world.localUser(&random)
            if !recipients.contains(user) { recipients.append(user) }
        }
        if warning {
            var text = LineText("NOQUEUE: reject_warning: RCPT from ")
            text.add(client.tag); text.add(": 450 4.7.1 Client host rejected: cannot find your hostname, [")
            text.add(client.ipText); text.add("]")
            envelope(&text, sender: sender, recipient: recipients[0], helo: helo)
            emit(tick(&t), .smtpd, pid: pid, text)   // logged, nothing refused: no reply
        }
        let queueID = nextQueueID()
        var text = LineText()
        text.add(queueID); text.add(": client="); text.add(client.tag)
        emit(tick(&t), .smtpd, pid: pid, text)
        truth.received += 1
        var refusedRecipients = 0
        if random.chance(scenario.extraRecipientRejectShare) {
            let nobody = unknownLocal()
            var text = LineText()
            text.add(queueID); text.add(": reject: RCPT from "); text.add(client.tag); text.add(": 550 5.1.1 <")
            text.add(nobody); text.add(">: Recipient address rejected: User unknown in virtual mailbox table")
            envelope(&text, sender: sender, recipient: nobody, helo: helo)
            emit(tick(&t), .smtpd, pid: pid, text, reply: .inbound(550, client: client.ip))
            truth.rejected += 1
            refusedRecipients = 1
        }
        let rcptCommand: (StaticString, Int, Int) = ("rcpt", count, count + refusedRecipients)
        let cleanupPid = World.pid(&random)
        if random.chance(scenario.contentRejectShare) {
            var text = LineText()
            text.add(queueID)
            if random.chance(0.5) {
                text.add(": milter-reject: END-OF-MESSAGE from "); text.add(client.tag)
                text.add(": 5.7.1 Spam message rejected")
                envelope(&text, sender: sender, recipient: recipients[0], helo: helo)
            } else {
                text.add(": reject: header Subject: "); text.add(random.pick(["Cheap pills", "You have won", "Invoice overdue"].map { Array($0.utf8) }))
                text.add(" from "); text.add(client.tag)
                envelope(&text, sender: sender, recipient: recipients[0], helo: helo)
                text.add(random.chance(0.5) ? ": 5.7.1 Message content rejected" : ": Message content rejected")
            }
            emit(tick(&t), .cleanup, pid: cleanupPid, text, reply: .inbound(550, implied: true, client: client.ip))
            truth.rejected += 1
            var commands: [(StaticString, Int, Int)] = [("ehlo", tls ? 2 : 1, tls ? 2 : 1)]
            if tls { commands.append(("starttls", 1, 1)) }
            commands += [("mail", 1, 1), rcptCommand, ("data", 0, 1), ("quit", 1, 1)]
            disconnect(tick(&t), .smtpd, pid: pid, client, commands)
            return
        }
        let messageID = world.messageID(&random)
        text = LineText()
        text.add(queueID); text.add(": message-id=<"); text.add(messageID); text.add(">")
        emit(tick(&t), .cleanup, pid: cleanupPid, text)
        if random.chance(0.3) {
            text = LineText()
            text.add(queueID); text.add(": DKIM verification successful")
            emit(tick(&t, upTo: 50_000), .opendkim, pid: 640, text)
        }
        let size = World.messageSize(&random)
        queueActive(tick(&t), queueID, sender: sender, size: size, recipients: count)
        truth.bytesReceived += size
        var commands: [(StaticString, Int, Int)] = [("ehlo", tls ? 2 : 1, tls ? 2 : 1)]
        if tls { commands.append(("starttls", 1, 1)) }
        commands += [("mail", 1, 1), rcptCommand, ("data", 1, 1), ("quit", 1, 1)]
        disconnect(tick(&t), .smtpd, pid: pid, client, commands)
        let arrival = t
        if random.chance(scenario.contentFilterShare) {
            contentFilter(at: tick(&t, upTo: 2_000_000), queueID, arrival: arrival, client: client, sender: sender,
                          recipients: recipients, size: size, messageID: messageID)
        } else {
            localDeliveries(at: tick(&t, upTo: 1_500_000), queueID, arrival: arrival, recipients: recipients, size: size,
                            messageID: messageID)
        }
    }

    // MARK: submission and outbound

    mutating func submission(at start: Micros) {
        var t = start
        let user = world.localUser(&random)
        let client = client(world.homeAddress(of: user, &random))
        let service: Program = random.chance(0.85) ? .submission : .smtps
        let pid = World.pid(&random)
        connect(t, service, pid: pid, client)
        tlsEstablished(tick(&t), service, pid: pid, client)
        let queueID = nextQueueID()
        var text = LineText()
        text.add(queueID); text.add(": client="); text.add(client.tag)
        text.add(random.chance(0.6) ? ", sasl_method=PLAIN, sasl_username=" : ", sasl_method=LOGIN, sasl_username=")
        text.add(user)
        emit(tick(&t), service, pid: pid, text)
        truth.received += 1
        let count = [1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 5][random.below(11)]
        var recipients: [Name] = []
        for _ in 0..<count {
            let remote = world.remote(&random)
            var address = LineText()
            address.add(random.pick(world.remoteNames)); address.add(number: random.below(100)); address.add("@"); address.add(remote.domain)
            recipients.append(address.bytes)
        }
        text = LineText()
        text.add(queueID); text.add(": message-id=<"); text.add(world.messageID(&random)); text.add(">")
        emit(tick(&t), .cleanup, pid: World.pid(&random), text)
        let size = World.messageSize(&random)
        queueActive(tick(&t), queueID, sender: user, size: size, recipients: count)
        truth.bytesReceived += size
        var commands: [(StaticString, Int, Int)] = service == .smtps ? [("ehlo", 1, 1)] : [("ehlo", 2, 2), ("starttls", 1, 1)]
        commands += [("auth", 1, 1), ("mail", 1, 1), ("rcpt", count, count), ("data", 1, 1), ("quit", 1, 1)]
        disconnect(tick(&t), service, pid: pid, client, commands)
        outbound(at: tick(&t, upTo: 1_000_000), queueID, arrival: t, sender: user, recipients: recipients, size: size)
    }

    // MARK: refusals

    /// A client refused at RCPT by smtpd: relay probes, unknown recipients, blocklists,
    /// HELO checks, greylisting, a sender domain that does not resolve, a milter.
    mutating func refused(at start: Micros, kind: PostfixSession) {
        var t = start
        let client = kind == .relayDenied ? attackerClient() : client(world.anyAddress(&random))
        if random.chance(scenario.postscreenShare) {
            let port = random.between(1024, 65535)
            postscreenConnect(t, client, port: port)
            postscreenVerdict(tick(&t, upTo: 900_000), random.chance(0.5) ? "PASS OLD" : "PASS NEW", client, port: port)
        }
        let pid = World.pid(&random)
        connect(tick(&t), .smtpd, pid: pid, client)
        let helo: Name = kind == .heloRejected ? random.pick(world.heloWords) : helo(for: client)
        let sender = world.outsider(&random)
        let attempts = kind == .relayDenied ? random.between(1, 3) : kind == .unknownRecipient ? random.between(1, 2) : 1
        for _ in 0..<attempts {
            var recipient = LineText()
            switch kind {
            case .relayDenied:
                recipient.add(random.pick(world.remoteNames)); recipient.add(number: random.below(1000)); recipient.add("@")
                recipient.add(random.pick(["victim.example", "other.example", "gmail.com", "yahoo.com"].map { Array($0.utf8) }))
            case .unknownRecipient:
                recipient.add(unknownLocal())
            default:
                recipient.add(world.localUser(&random))
            }
            var text = LineText(kind == .milterGreylist ? "NOQUEUE: milter-reject: RCPT from " : "NOQUEUE: reject: RCPT from ")
            text.add(client.tag); text.add(": ")
            let code: Int
            switch kind {
            case .relayDenied:
                code = 554
                text.add("554 5.7.1 <"); text.add(recipient.bytes); text.add(">: Relay access denied")
            case .unknownRecipient:
                code = 550
                text.add("550 5.1.1 <"); text.add(recipient.bytes); text.add(">: Recipient address rejected: User unknown in virtual mailbox table")
            case .smtpdBlocklist:
                code = 554
                text.add("554 5.7.1 Service unavailable; Client host ["); text.add(client.ipText)
                text.add("] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/"); text.add(client.ipText)
            case .heloRejected where random.chance(0.6):
                code = 504
                text.add("504 5.5.2 <"); text.add(helo); text.add(">: Helo command rejected: need fully-qualified hostname")
            case .heloRejected:
                code = 450
                text.add("450 4.7.1 Client host rejected: cannot find your hostname, ["); text.add(client.ipText); text.add("]")
            case .greylisted:
                code = 450
                text.add("450 4.2.0 <"); text.add(recipient.bytes)
                text.add(">: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/")
                text.add(domainPart(recipient.bytes)); text.add(".html")
            case .senderDomainUnknown:
                code = 450
                text.add("450 4.1.8 <"); text.add(sender); text.add(">: Sender address rejected: Domain not found")
            default:
                code = 451
                text.add("451 4.7.1 Greylisting in action, please come back later")
            }
            envelope(&text, sender: sender, recipient: recipient.bytes, helo: helo)
            emit(tick(&t), .smtpd, pid: pid, text, reply: .inbound(code, client: client.ip, relay: kind == .relayDenied))
            truth.rejected += 1
        }
        let greeting: StaticString = random.chance(0.7) ? "ehlo" : "helo"
        if random.chance(0.3) {
            var text = LineText("lost connection after RCPT from ")
            text.add(client.tag)
            emit(tick(&t), .smtpd, pid: pid, text)
            disconnect(tick(&t, upTo: 5_000), .smtpd, pid: pid, client, [(greeting, 1, 1), ("mail", 1, 1), ("rcpt", 0, attempts)])
        } else {
            disconnect(tick(&t), .smtpd, pid: pid, client, [(greeting, 1, 1), ("mail", 1, 1), ("rcpt", 0, attempts), ("quit", 1, 1)])
        }
    }

    /// postscreen drops a client on a DNS blocklist after its first RCPT.
    mutating func postscreenBlocklist(at start: Micros) {
        var t = start
        let client = client(world.anyAddress(&random))
        let port = random.between(1024, 65535)
        postscreenConnect(t, client, port: port)
        var text = LineText("addr ")
        text.add(client.ipText); text.add(" listed by domain zen.spamhaus.org as 127.0.0."); text.add(number: random.pick([2, 3, 4, 10, 11]))
        emit(tick(&t, upTo: 100_000), .dnsblog, pid: World.pid(&random), text)
        text = LineText("DNSBL rank ")
        text.add(number: random.between(2, 8)); text.add(" for ["); text.add(client.ipText); text.add("]:"); text.add(number: port)
        emit(tick(&t, upTo: 6_000_000), .postscreen, pid: postscreenPid, text)
        text = LineText("NOQUEUE: reject: RCPT from [")
        text.add(client.ipText); text.add("]:"); text.add(number: port); text.add(": 550 5.7.1 Service unavailable; client [")
        text.add(client.ipText); text.add("] blocked using zen.spamhaus.org; from=<"); text.add(world.outsider(&random))
        text.add(">, to=<"); text.add(world.localUser(&random)); text.add(">, proto=ESMTP, helo=<"); text.add(helo(for: client)); text.add(">")
        emit(tick(&t, upTo: 2_000_000), .postscreen, pid: postscreenPid, text, reply: .inbound(550, client: client.ip))
        truth.rejected += 1
        postscreenVerdict(tick(&t, upTo: 500_000), "DISCONNECT", client, port: port)
    }

    /// postscreen refuses a client that holds too many connections (421, implied).
    mutating func postscreenTooMany(at start: Micros) {
        var t = start
        let client = attackerClient()
        let port = random.between(1024, 65535)
        postscreenConnect(t, client, port: port)
        var text = LineText("NOQUEUE: reject: CONNECT from [")
        text.add(client.ipText); text.add("]:"); text.add(number: port); text.add(": too many connections")
        emit(tick(&t, upTo: 5_000), .postscreen, pid: postscreenPid, text, reply: .inbound(421, implied: true, client: client.ip))
        truth.rejected += 1
    }

    /// A bot that talks before the greeting: postscreen notes it and drops it, no reply.
    mutating func pregreet(at start: Micros) {
        var t = start
        let client = client(world.anyAddress(&random))
        let port = random.between(1024, 65535)
        postscreenConnect(t, client, port: port)
        var text = LineText("PREGREET ")
        text.add(number: random.pick([6, 11, 18, 23])); text.add(" after 0."); text.add(number: random.between(10, 99))
        text.add(" from ["); text.add(client.ipText); text.add("]:"); text.add(number: port)
        text.add(random.chance(0.5) ? ": EHLO User\\r\\n" : ": RSET\\r\\n")
        emit(tick(&t, upTo: 1_000_000), .postscreen, pid: postscreenPid, text)
        if random.chance(0.5) {
            text = LineText("HANGUP after 0.")
            text.add(number: random.between(10, 99)); text.add(" from ["); text.add(client.ipText); text.add("]:"); text.add(number: port)
            text.add(" in tests before SMTP handshake")
            emit(tick(&t, upTo: 1_000_000), .postscreen, pid: postscreenPid, text)
        }
        postscreenVerdict(tick(&t, upTo: 300_000), "DISCONNECT", client, port: port)
    }

    // MARK: logins

    /// Failed logins: 535 (implied: Postfix never writes the code it sends), or 454 when
    /// the authentication server is down, a failure on our side.
    mutating func saslFailure(at start: Micros, serverDown: Bool) {
        var t = start
        let client = serverDown ? client(world.anyAddress(&random)) : attackerClient()
        let service: Program = random.chance(0.7) ? .submission : .smtpd
        let pid = World.pid(&random)
        connect(t, service, pid: pid, client)
        let tls = service == .submission && random.chance(0.5)
        if tls { tlsEstablished(tick(&t), service, pid: pid, client) }
        let attempts = random.between(1, 3)
        for _ in 0..<attempts {
            saslFailureLine(tick(&t, upTo: 3_000_000), service, pid: pid, client, serverDown: serverDown)
        }
        var commands: [(StaticString, Int, Int)] = tls ? [("ehlo", 2, 2), ("starttls", 1, 1)] : [("ehlo", 1, 1)]
        commands.append(("auth", 0, attempts))
        if random.chance(0.6) {
            var text = LineText("lost connection after AUTH from ")
            text.add(client.tag)
            emit(tick(&t), service, pid: pid, text)
        } else {
            commands.append(("quit", 1, 1))
        }
        disconnect(tick(&t, upTo: 5_000), service, pid: pid, client, commands)
    }

    /// `warning: name[ip]: SASL LOGIN authentication failed: UGFzc3dvcmQ6`, from Postfix 3.9
    /// with `, sasl_username=…` at the end.
    mutating func saslFailureLine(_ time: Micros, _ service: Program, pid: Int, _ client: Client, serverDown: Bool) {
        var text = LineText("warning: ")
        text.add(client.tag); text.add(": SASL ")
        text.add(random.pick(["LOGIN", "PLAIN", "LOGIN", "login", "CRAM-MD5"].map { Array($0.utf8) }))
        text.add(" authentication failed: ")
        if serverDown {
            text.add("Connection lost to authentication server")
            emit(time, service, pid: pid, text, reply: .inbound(454, implied: true, client: client.ip))
            return
        }
        text.add(random.pick(["UGFzc3dvcmQ6", "authentication failure", "", "(reason unavailable)"].map { Array($0.utf8) }))
        if random.chance(0.3) {
            text.add(", sasl_username=")
            text.add(random.chance(0.5) ? random.pick(["admin", "info", "test", "user", "postmaster"].map { Array($0.utf8) }) : world.localUser(&random))
        }
        emit(time, service, pid: pid, text, reply: .inbound(535, implied: true, client: client.ip))
    }

    /// A scanner: connects and leaves, speaks HTTP, pipelines, or times out. No reply is
    /// written, but two of these lines pin one down (Postfix's smtpd.c): after a non-SMTP
    /// command smtpd sent `221 2.7.0 Error: I can break rules, too. Goodbye.`, and on a timeout
    /// `421 4.4.2 ... Error: timeout exceeded`. The truth counts them as implied replies.
    mutating func scanner(at start: Micros) {
        var t = start
        let client = client(world.anyAddress(&random))
        let pid = World.pid(&random)
        let service: Program = random.chance(0.8) ? .smtpd : .smtps
        connect(t, service, pid: pid, client)
        var text = LineText()
        let commands: [(StaticString, Int, Int)]
        var reply: Reply?
        switch service == .smtps ? 4 : random.below(4) {
        case 0:
            text.add("lost connection after CONNECT from "); text.add(client.tag)
            commands = []
        case 1:
            text.add("warning: non-SMTP command from "); text.add(client.tag); text.add(": GET / HTTP/1.1")
            commands = [("unknown", 0, 1)]
            reply = .inbound(221, implied: true, client: client.ip)
        case 2:
            text.add("improper command pipelining after CONNECT from "); text.add(client.tag); text.add(": EHLO ")
            text.add(random.pick(world.heloWords)); text.add("\\r\\nQUIT\\r\\n")
            commands = [("ehlo", 1, 1), ("quit", 1, 1)]
        case 3:
            text.add("timeout after EHLO from "); text.add(client.tag)
            commands = [("ehlo", 1, 1)]
            reply = .inbound(421, implied: true, client: client.ip)
        default:
            text.add("SSL_accept error from "); text.add(client.tag); text.add(": lost connection")
            commands = []
        }
        emit(tick(&t, upTo: 2_000_000), service, pid: pid, text, reply: reply)
        disconnect(tick(&t, upTo: 5_000), service, pid: pid, client, commands)
    }

    // MARK: local submissions

    /// Mail written on the host: a cron job's to root, delivered by local (no reply in the
    /// log), or a web application's to a remote recipient, delivered by smtp.
    mutating func pickup(at start: Micros, web: Bool) {
        var t = start
        let queueID = nextQueueID()
        let user: Name = web ? Name("www-data") : Name("root")
        var text = LineText()
        text.add(queueID); text.add(web ? ": uid=33 from=<" : ": uid=0 from=<"); text.add(user); text.add(">")
        emit(t, .pickup, pid: pickupPid, text)
        truth.received += 1
        var messageID = LineText()
        messageID.add(number: CivilTime(t).year, width: 4); messageID.add(number: CivilTime(t).month, width: 2)
        messageID.add(number: CivilTime(t).day, width: 2); messageID.add("."); messageID.add(queueID); messageID.add("@"); messageID.add(world.fqdn)
        text = LineText()
        text.add(queueID); text.add(": message-id=<"); text.add(messageID.bytes); text.add(">")
        emit(tick(&t, upTo: 50_000), .cleanup, pid: World.pid(&random), text)
        let sender = user + [0x40] + world.fqdn
        let size = random.between(600, 12_000)
        queueActive(tick(&t, upTo: 50_000), queueID, sender: sender, size: size, recipients: 1)
        truth.bytesReceived += size
        if web {
            let remote = world.remote(&random)
            var recipient = LineText()
            recipient.add(random.pick(world.remoteNames)); recipient.add(number: random.below(100)); recipient.add("@"); recipient.add(remote.domain)
            outbound(at: tick(&t, upTo: 500_000), queueID, arrival: t, sender: sender, recipients: [recipient.bytes], size: size)
            return
        }
        if random.chance(0.05) {
            // An alias nobody kept up: local bounces it (no reply: local speaks no SMTP).
            var text = LineText()
            text.add(queueID); text.add(": to=<nobody@"); text.add(world.fqdn); text.add(">, relay=local, ")
            delays(&text, elapsed: 20_000, connect: 0)
            text.add(", dsn=5.1.1, status=bounced (unknown user: \"nobody\")")
            emit(tick(&t, upTo: 100_000), .local, pid: World.pid(&random), text)
            truth.delivery(.bounced, recipient: Name("nobody@") + world.fqdn, size: 0)
            bounceNotice(at: tick(&t, upTo: 100_000), queueID, sender: sender)
            removed(tick(&t, upTo: 50_000), queueID)
            return
        }
        text = LineText()
        text.add(queueID); text.add(": to=<"); text.add(sender); text.add(">, orig_to=<root>, relay=local, ")
        delays(&text, elapsed: 30_000, connect: 0)
        text.add(random.chance(0.7) ? ", dsn=2.0.0, status=sent (delivered to mailbox)"
                                    : ", dsn=2.0.0, status=sent (delivered to command: procmail -a \"$EXTENSION\")")
        emit(tick(&t, upTo: 100_000), .local, pid: World.pid(&random), text)
        truth.delivery(.sent, recipient: sender, size: size)
        removed(tick(&t, upTo: 50_000), queueID)
    }

    // MARK: noise

    /// Lines with numbers in them but no reply: Dovecot logins with `mpid=250`, anvil and
    /// scache statistics, DNS warnings, opendkim and policyd-spf.
    mutating func postfixNoise(at start: Micros) {
        var t = start
        for _ in 0..<random.between(2, 5) {
            let ip = world.anyAddress(&random)
            var text = LineText()
            switch random.below(7) {
            case 0:
                text.add("imap-login: Login: user=<"); text.add(world.localUser(&random)); text.add(">, method=PLAIN, rip=")
                text.add(ip: ip); text.add(", lip="); text.add(world.ourIPName); text.add(", mpid=")
                text.add(number: random.chance(0.2) ? random.pick([250, 421, 535, 551]) : World.pid(&random))
                text.add(", TLS, session=<"); text.add(hex: random.next() >> 16, digits: 12, lowercase: true); text.add(">")
                emit(tick(&t, upTo: 60_000_000), .dovecot, pid: dovecotPid, text)
            case 1:
                text.add("imap("); text.add(world.localUser(&random)); text.add(")<"); text.add(number: World.pid(&random))
                text.add("><"); text.add(hex: random.next() >> 24, digits: 10, lowercase: true); text.add(">: Logged out in=")
                text.add(number: random.between(30, 5000)); text.add(" out="); text.add(number: random.between(400, 900_000))
                text.add(" deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0")
                emit(tick(&t, upTo: 60_000_000), .dovecot, pid: dovecotPid, text)
            case 2:
                let at = tick(&t, upTo: 60_000_000)
                var stamp: [UInt8] = []
                var writer = StampWriter(style: .syslog)
                writer.write(max(at - Micros(random.between(1, 300)) * microsPerSecond, options.start.micros), into: &stamp)
                text.add("statistics: max connection rate "); text.add(number: random.between(1, 30)); text.add("/60s for (smtp:")
                text.add(ip: ip); text.add(") at "); text.add(stamp)
                emit(at, .anvil, pid: anvilPid, text)
                text = LineText("statistics: max connection count ")
                text.add(number: random.between(1, 9)); text.add(" for (smtp:"); text.add(ip: ip); text.add(") at "); text.add(stamp)
                emit(at, .anvil, pid: anvilPid, text)
                text = LineText("statistics: max cache size ")
                text.add(number: random.between(1, 40)); text.add(" at "); text.add(stamp)
                emit(at, .anvil, pid: anvilPid, text)
            case 3:
                text.add("warning: hostname "); text.add(ipName(ip).map { $0 == 0x2E ? 0x2D : $0 })
                text.add(".static.example does not resolve to address "); text.add(ip: ip); text.add(": Name or service not known")
                emit(tick(&t, upTo: 60_000_000), .smtpd, pid: World.pid(&random), text)
            case 4:
                let at = tick(&t, upTo: 60_000_000)
                text.add("statistics: domain lookup hits="); text.add(number: random.below(40)); text.add(" miss=")
                text.add(number: random.between(1, 60)); text.add(" success="); text.add(number: random.below(100)); text.add("%")
                emit(at, .scache, pid: World.pid(&random), text)
                text = LineText("statistics: max simultaneous domains=")
                text.add(number: random.between(1, 5)); text.add(" addresses="); text.add(number: random.between(1, 6))
                text.add(" connection="); text.add(number: random.between(1, 9))
                emit(at, .scache, pid: World.pid(&random), text)
            case 5:
                text.add(nextQueueID()); text.add(": DKIM-Signature field added (s=mail, d="); text.add(random.pick(world.localDomains)); text.add(")")
                emit(tick(&t, upTo: 60_000_000), .opendkim, pid: 640, text)
            default:
                text.add("prepend Received-SPF: "); text.add(random.chance(0.8) ? "Pass" : "None")
                text.add(" (mailfrom) identity=mailfrom; client-ip="); text.add(ip: ip); text.add("; helo=")
                text.add(world.reverseName(ip)); text.add("; envelope-from="); text.add(world.outsider(&random))
                text.add("; receiver=<UNKNOWN>")
                emit(tick(&t, upTo: 60_000_000), .policyd, pid: World.pid(&random), text)
            }
        }
    }
}
