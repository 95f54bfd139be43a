/// The people, servers and addresses of the generated log, drawn once from the seed.
struct World {
    /// How a remote mail provider words its replies.
    enum Style { case google, microsoft, yahoo, gmx, apple, postfix }

    struct Remote {
        let domain: Name
        let mx: Name
        let ip: UInt32
        let style: Style
        /// The relative share of our outbound recipients at this domain.
        let share: Double
    }

    let ourIP = ipv4(192, 0, 2, 10)
    let ourIPName: Name
    /// `mx1.example.org`: the host's own name, as local mail and message ids carry it.
    let fqdn: Name
    let localDomains: [Name] = [Name("example.org"), Name("example.net"), Name("mail.example.com")]
    let userNames: [Name] = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
                             "mallory", "oscar", "peggy", "trent", "victor", "walter"].map { Array($0.utf8) }
    let remotes: [Remote]
    private let remoteChoice: Weighted<Int>
    /// Our relay host for some routes, where our credentials can be refused.
    let relayHost = Name("smtp.relay.example")
    let relayHostIP = ipv4(203, 0, 113, 25)
    /// Addresses that try passwords and relays again and again.
    let attackers: [UInt32]
    /// Servers that send us real mail, with forward-confirmed names.
    let senders: [(name: Name, ip: UInt32)]
    let outsiderDomains: [Name] = ["shop.example", "news.example", "bulk.example", "gmail.com", "yahoo.com", "outlook.com",
                                   "partner.example", "lists.example.net"].map { Array($0.utf8) }
    let outsiderNames: [Name] = ["news", "info", "noreply", "sales", "billing", "support", "newsletter", "jo", "max", "kim"]
        .map { Array($0.utf8) }
    let remoteNames: [Name] = ["jo", "max", "kim", "lee", "sam", "alex", "chris", "pat", "robin", "toni"].map { Array($0.utf8) }
    let heloWords: [Name] = ["User", "ylmf-pc", "localhost", "WIN-CLJ1B0GQ6JP", "DESKTOP-RJD19VU", "ADMIN"].map { Array($0.utf8) }

    init(host: String, random: inout RandomSource, attackerPool: Int) {
        ourIPName = ipName(ourIP)
        fqdn = Array(host.utf8) + Name(".example.org")
        let remotes = [
            Remote(domain: Name("gmail.com"), mx: Name("gmail-smtp-in.l.google.com"), ip: ipv4(142, 250, 27, 26), style: .google, share: 30),
            Remote(domain: Name("googlemail.com"), mx: Name("gmail-smtp-in.l.google.com"), ip: ipv4(142, 250, 27, 27), style: .google, share: 3),
            Remote(domain: Name("outlook.com"), mx: Name("outlook-com.olc.protection.outlook.com"), ip: ipv4(52, 101, 68, 18), style: .microsoft, share: 14),
            Remote(domain: Name("hotmail.com"), mx: Name("hotmail-com.olc.protection.outlook.com"), ip: ipv4(52, 101, 73, 31), style: .microsoft, share: 6),
            Remote(domain: Name("yahoo.com"), mx: Name("mta7.am0.yahoodns.net"), ip: ipv4(67, 195, 204, 72), style: .yahoo, share: 8),
            Remote(domain: Name("gmx.de"), mx: Name("mx00.emig.gmx.net"), ip: ipv4(212, 227, 15, 9), style: .gmx, share: 7),
            Remote(domain: Name("web.de"), mx: Name("mx-ha02.web.de"), ip: ipv4(212, 227, 17, 8), style: .gmx, share: 6),
            Remote(domain: Name("icloud.com"), mx: Name("mx01.mail.icloud.com"), ip: ipv4(17, 57, 154, 33), style: .apple, share: 5),
            Remote(domain: Name("partner.example"), mx: Name("mx.partner.example"), ip: ipv4(198, 51, 100, 25), style: .postfix, share: 12),
            Remote(domain: Name("old.example.net"), mx: Name("mx.old.example.net"), ip: ipv4(198, 51, 100, 7), style: .postfix, share: 4),
            Remote(domain: Name("lists.example.net"), mx: Name("mail.lists.example.net"), ip: ipv4(198, 51, 100, 40), style: .postfix, share: 5),
        ]
        self.remotes = remotes
        remoteChoice = Weighted(remotes.indices.map { ($0, remotes[$0].share) })
        let hostile = [5, 45, 80, 91, 141, 185, 193, 194]
        attackers = (0..<max(1, attackerPool)).map { _ in
            ipv4(random.pick(hostile), random.below(256), random.below(256), random.between(1, 254))
        }
        let senderDomains = ["mailgun.example", "sendgrid.example", "bank.example", "shop.example", "news.example",
                             "university.example", "city.example", "club.example"]
        senders = (0..<200).map { index in
            let domain = senderDomains[index % senderDomains.count]
            let ip = ipv4(random.pick([23, 50, 69, 104, 149, 167, 198, 209]), random.below(256), random.below(256), random.between(1, 254))
            return (Array("mail\(index / senderDomains.count + 1).\(domain)".utf8), ip)
        }
    }

    func remote(_ random: inout RandomSource) -> Remote { remotes[remoteChoice.draw(&random)] }

    /// The address with its domain mistyped, as a user types it: the domain has no mail
    /// server, and the message bounces without a reply.
    func mistyped(_ address: Name) -> Name {
        let domain = domainPart(address)
        var typo = domain
        if let dot = typo.firstIndex(of: 0x2E), dot >= 3 { typo.swapAt(dot - 2, dot - 1) } else { typo += Name("x") }
        if typo == domain { typo.insert(0x78, at: 0) }
        return localPart(address) + [0x40] + typo
    }

    /// A client address anywhere in the public unicast space, for one-off clients.
    func anyAddress(_ random: inout RandomSource) -> UInt32 {
        var first = random.between(1, 223)
        while first == 10 || first == 127 || first == 100 || first == 169 || first == 172 || first == 192 { first = random.between(1, 223) }
        return ipv4(first, random.below(256), random.below(256), random.between(1, 254))
    }

    func attacker(_ random: inout RandomSource, oneOffShare: Double) -> UInt32 {
        random.chance(oneOffShare) ? anyAddress(&random) : random.pick(attackers)
    }

    /// The client's name as Postfix shows it, the same for every session of one address:
    /// `unknown` for about a third, else a dynamic-looking name.
    func reverseName(_ ip: UInt32) -> Name {
        var h = UInt64(ip) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        if h % 20 < 7 { return Name("unknown") }
        var text = LineText()
        text.add(number: Int(ip >> 24)); text.add("-"); text.add(number: Int(ip >> 16 & 0xFF)); text.add("-")
        text.add(number: Int(ip >> 8 & 0xFF)); text.add("-"); text.add(number: Int(ip & 0xFF))
        switch h / 20 % 3 {
        case 0: text.add(".dyn.isp.example")
        case 1: text.add(".cable.example")
        default: text.add(".static.host.example")
        }
        return text.bytes
    }

    /// Where a local user submits mail from: one of three addresses of their own (home, office,
    /// phone carrier), the same through the log, as real users do, so that a clean log has no
    /// account logging in from many networks. Derived from the name, one draw for which.
    func homeAddress(of user: Name, _ random: inout RandomSource) -> UInt32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in user { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        h = h &+ UInt64(random.below(3) + 1) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 31
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 27
        let first = [24, 68, 73, 81, 86, 98][Int(h % 6)]
        return ipv4(first, Int(h >> 8 & 0xFF), Int(h >> 16 & 0xFF), Int((h >> 24) % 254) + 1)
    }

    /// `alice@example.org`
    func localUser(_ random: inout RandomSource) -> Name {
        random.pick(userNames) + [0x40] + random.pick(localDomains)
    }

    func outsider(_ random: inout RandomSource) -> Name {
        var text = LineText()
        text.add(random.pick(outsiderNames))
        if random.chance(0.3) { text.add(number: random.below(1000)) }
        text.add("@")
        text.add(random.pick(outsiderDomains))
        return text.bytes
    }

    /// Postfix's random-looking short queue ids, unique in one log: the counter passed
    /// through a bijection of 44 bits, written as 11 hex digits.
    static func queueID(_ counter: UInt64) -> Name {
        let mask: UInt64 = (1 << 44) - 1
        var x = (counter &* 0x5DEE_CE66_D) & mask
        x ^= x >> 21
        x = (x &* 0x2_7D4E_B2D5) & mask
        x ^= x >> 17
        var text = LineText()
        text.add(hex: x, digits: 11)
        return text.bytes
    }

    private static let base62: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// Exim's message id: base 62 of the arrival second, of a per-log counter (standing for
    /// the pid) and of a fraction of the second: `1t5abc-0001Sv-P4`. Unique in one log.
    static func eximID(_ counter: UInt64, at time: Micros) -> Name {
        var out: Name = []
        func digits(_ value: UInt64, _ count: Int) {
            var v = value, chars = [UInt8](repeating: 0x30, count: count)
            for index in stride(from: count - 1, through: 0, by: -1) {
                chars[index] = base62[Int(v % 62)]
                v /= 62
            }
            out += chars
        }
        digits(UInt64(max(0, time / microsPerSecond)), 6)
        out.append(0x2D)
        digits((counter &* 0x9E37_79B1) & 0xFFFF_FFFF, 6)
        out.append(0x2D)
        digits(UInt64(time % microsPerSecond) / 16_000 % 3844, 2)
        return out
    }

    /// A message size: mostly small, some large, and now and then a number that looks like a
    /// reply code (a decoy for analyzers that match any three digits).
    static func messageSize(_ random: inout RandomSource) -> Int {
        let draw = random.below(100)
        if draw < 2 { return random.pick([250, 421, 450, 535, 550, 551]) }
        if draw < 62 { return random.between(900, 20_000) }
        if draw < 92 { return random.between(20_000, 200_000) }
        return random.between(200_000, 8_000_000)
    }

    /// A process id, now and then one that looks like a reply code.
    static func pid(_ random: inout RandomSource) -> Int {
        random.chance(0.01) ? random.pick([250, 421, 451, 535, 550]) : random.between(1000, 65000)
    }

    /// `<8ba524452ecf.e9155@laptop.local>`'s inside.
    func messageID(_ random: inout RandomSource) -> Name {
        var text = LineText()
        text.add(hex: random.next() >> 16, digits: 12, lowercase: true)
        text.add(".")
        text.add(hex: random.next() >> 44, digits: 5, lowercase: true)
        text.add("@")
        switch random.below(4) {
        case 0: text.add("mail.gmail.com")
        case 1: text.add(fqdn)
        case 2: text.add("laptop.local")
        default: text.add(random.pick(outsiderDomains))
        }
        return text.bytes
    }
}

func domainPart(_ address: Name) -> Name {
    guard let at = address.lastIndex(of: 0x40) else { return address }
    return Array(address[(at + 1)...])
}

func localPart(_ address: Name) -> Name {
    guard let at = address.lastIndex(of: 0x40) else { return address }
    return Array(address[..<at])
}
