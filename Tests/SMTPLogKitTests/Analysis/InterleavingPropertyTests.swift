import Foundation
import Testing
@testable import SMTPLogKit

/// SplitMix64: a tiny generator whose sequence is fixed by its seed on every platform and
/// toolchain, so that a failing seed reproduces anywhere. The helpers below draw from it
/// directly instead of `Int.random(in:using:)`, whose algorithm the standard library may change.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (the modulo bias is far below what a test can see).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func inRange(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Logs built from known line shapes, shuffled among noise that must never count as a reply:
/// every figure of the JSON report must equal what was generated, whether the log is read in
/// one pass or in chunks merged as cores merge them, and whatever the reader's buffer size.
@Suite("Interleaved known lines and noise")
struct InterleavingPropertyTests {
    /// A line shape from the annotated fixtures (Fixtures/lines), with placeholders where the
    /// peer, the addresses and the stamps go, and the one reply it must give.
    struct Shape {
        let template: String
        let code: Int
        let direction: Direction
        let implied: Bool
        let relay: Bool
        var isAuthFailure: Bool { code == 530 || code == 535 }

        init(_ template: String, _ code: Int, _ direction: Direction, implied: Bool = false, relay: Bool = false) {
            self.template = template
            self.code = code
            self.direction = direction
            self.implied = implied
            self.relay = relay
        }
    }

    static let shapes: [Shape] = [
        // Postfix smtpd: NOQUEUE and queue-id rejects (postfix-smtpd-reject.log)
        Shape("{syslog} mx postfix/smtpd[{pid}]: NOQUEUE: reject: RCPT from {host}[{ip}]: 554 5.7.1 Service unavailable; Client host [{ip}] blocked using zen.spamhaus.org; from=<{sender}> to=<{rcpt}> proto=ESMTP helo=<{host}>", 554, .inbound),
        Shape("{syslog} mx postfix/smtpd[{pid}]: NOQUEUE: reject: RCPT from unknown[{ip}]: 450 4.7.1 <{host}>: Helo command rejected: Host not found; from=<> to=<{rcpt}> proto=ESMTP helo=<{host}>", 450, .inbound),
        Shape("{syslog} mx postfix/smtpd[{pid}]: NOQUEUE: reject: RCPT from {host}[{ip}]: 554 5.7.1 <{rcpt}>: Relay access denied; from=<{sender}> to=<{rcpt}> proto=SMTP helo=<{host}>", 554, .inbound, relay: true),
        Shape("{syslog} mx postfix/submission/smtpd[{pid}]: NOQUEUE: reject: RCPT from unknown[{ip}]: 454 4.7.1 <{rcpt}>: Relay access denied; from=<{sender}> to=<{rcpt}> proto=ESMTP helo=<[{ip}]>", 454, .inbound, relay: true),
        Shape("{syslog} mx postfix/smtpd[{pid}]: {qid}: reject: RCPT from {host}[{ip}]: 550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in local recipient table; from=<{sender}> to=<{rcpt}> proto=ESMTP helo=<{host}>", 550, .inbound),
        Shape("{syslog} mx postfix/smtpd[{pid}]: NOQUEUE: reject: EHLO from {host}[{ip}]: 504 5.5.2 <User>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<User>", 504, .inbound),
        Shape("{syslog} mx postfix/smtpd[{pid}]: NOQUEUE: reject: CONNECT from unknown[{ip}]: 450 4.7.25 Client host rejected: cannot find your hostname, [{ip}]; proto=SMTP", 450, .inbound),
        // postscreen (postfix-postscreen.log, beyond-brief.log)
        Shape("{syslog} mx postfix/postscreen[{pid}]: NOQUEUE: reject: RCPT from [{ip}]:{port}: 550 5.7.1 Service unavailable; client [{ip}] blocked using zen.spamhaus.org; from=<{sender}>, to=<{rcpt}>, proto=ESMTP, helo=<{host}>", 550, .inbound),
        Shape("{syslog} mx postfix/postscreen[{pid}]: NOQUEUE: reject: CONNECT from [{ip}]:{port}: too many connections", 421, .inbound, implied: true),
        // milter and cleanup (postfix-cleanup-milter.log)
        Shape("{syslog} mx postfix/cleanup[{pid}]: {qid}: milter-reject: END-OF-MESSAGE from {host}[{ip}]: 5.7.1 Spam message rejected; from=<{sender}> to=<{rcpt}> proto=ESMTP helo=<{host}>", 550, .inbound, implied: true),
        Shape("{syslog} mx postfix/cleanup[{pid}]: {qid}: milter-reject: END-OF-MESSAGE from {host}[{ip}]: 4.7.1 Try again later; from=<{sender}> to=<{rcpt}> proto=ESMTP helo=<{host}>", 451, .inbound, implied: true),
        // SASL (postfix-sasl.log): 535 implied, 454 for a lost auth server
        Shape("{syslog} mx postfix/smtpd[{pid}]: warning: unknown[{ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6", 535, .inbound, implied: true),
        Shape("{syslog} mx postfix/submission/smtpd[{pid}]: warning: {host}[{ip}]:{port}: SASL PLAIN authentication failed: (reason unavailable), sasl_username={user}", 535, .inbound, implied: true),
        Shape("{syslog} mx postfix/smtpd[{pid}]: warning: unknown[{ip}]: SASL LOGIN authentication failed: Connection lost to authentication server", 454, .inbound, implied: true),
        // smtp and lmtp deliveries (postfix-smtp-delivery.log)
        Shape("{syslog} mx postfix/smtp[{pid}]: {qid}: to=<{rcpt}>, relay={host}[{ip}]:25, delay=0.85, delays=0.07/0/0.07/0.71, dsn=2.0.0, status=sent (250 2.0.0 OK 1404025804 lb8si19749612oeb.35 - gsmtp)", 250, .outbound),
        Shape("{syslog} mx postfix/smtp[{pid}]: {qid}: to=<{rcpt}>, relay={host}[{ip}]:25, delay=1.9, delays=0/0/1.5/0.37, dsn=5.1.1, status=bounced (host {host}[{ip}] said: 550 5.1.1 <{rcpt}> User unknown (in reply to RCPT TO command))", 550, .outbound),
        Shape("{syslog} mx postfix/smtp[{pid}]: {qid}: to=<{rcpt}>, relay={host}[{ip}]:25, delay=122209, delays=122201/0.01/2.2/5.8, dsn=4.0.0, status=deferred (host {host}[{ip}] said: 451 Temporary local problem - please try later (in reply to RCPT TO command))", 451, .outbound),
        Shape("{syslog} mx postfix/smtp[{pid}]: {qid}: to=<{rcpt}>, relay={host}[{ip}]:25, delay=13146, delays=13146/0.15/0.1/0, dsn=4.7.1, status=deferred (host {host}[{ip}] refused to talk to me: 421 4.7.1 Intrusion prevention active for [{ip}][P])", 421, .outbound),
        Shape("{syslog} mx postfix/smtp[{pid}]: {qid}: to=<{rcpt}>, relay={host}[{ip}]:587, delay=2.6, delays=0.04/0/1.9/0.63, dsn=5.7.0, status=bounced (host {host}[{ip}] said: 530 5.7.0 Must issue a STARTTLS command first. f4sm3791303yhn.69 (in reply to MAIL FROM command))", 530, .outbound),
        Shape("{syslog} mx postfix/smtp[{pid}]: {qid}: SASL authentication failed; server {host}[{ip}] said: 535 5.7.8 Error: authentication failed: authentication failure", 535, .outbound),
        Shape("{syslog} mx postfix/lmtp[{pid}]: {qid}: to=<{rcpt}>, relay=127.0.0.1[127.0.0.1]:2003, delay=0.38, delays=0.03/0.02/0.06/0.28, dsn=2.1.5, status=sent (250 2.1.5 {rcpt} Ok)", 250, .outbound),
        // Exim ACL refusals, 550 or 451 implied (exim-rejected.log)
        Shape("{exim} H=({host}) [{ip}] F=<{sender}> rejected RCPT <{rcpt}>: relay not permitted", 550, .inbound, implied: true, relay: true),
        Shape("{exim} H={host} [{ip}]:{port} I=[192.0.2.25]:25 F=<{sender}> rejected RCPT <{rcpt}>: relay not permitted", 550, .inbound, implied: true, relay: true),
        Shape("{exim} H=({host}) [{ip}] F=<{sender}> rejected RCPT <{rcpt}>: Unrouteable address", 550, .inbound, implied: true),
        Shape("{exim} H=localhost ({host}) [{ip}] F=<{sender}> temporarily rejected RCPT <{rcpt}>", 451, .inbound, implied: true),
        Shape("{exim} H=({host}) [{ip}]:{port} rejected MAIL <{sender}>: Access denied - Invalid HELO name (See RFC2821 4.1.1.1)", 550, .inbound, implied: true),
        // Exim authenticators, 4.96 and 4.99 layouts (exim-auth.log)
        Shape("{exim} dovecot_login authenticator failed for ({host}) [{ip}]:{port}: 535 Incorrect authentication data (set_id={user})", 535, .inbound),
        Shape("{exim} plain authenticator failed for H=({host}) [{ip}] U=CALLER: 535 Incorrect authentication data (set_id={user})", 535, .inbound),
        // Exim deliveries: ** bounce, == defer, => delivery, 551 (exim-delivery.log)
        Shape("{exim} {eid} ** {rcpt} R=dnslookup T=remote_smtp: SMTP error from remote mail server after end of data: host {host} [{ip}]: 554 delivery error: dd This user doesn't have an account ({rcpt}) [-9]", 554, .outbound),
        Shape("{exim} {eid} == {rcpt} R=client T=send_to_server defer (-44) H={host} [{ip}]: SMTP error from remote mail server after RCPT TO:<{rcpt}>: 451 Temp error", 451, .outbound),
        Shape("{exim} {eid} => {rcpt} R=client T=send_to_server H={host} [{ip}] C=\"250 OK id={eid}\"", 250, .outbound),
        Shape("{exim} {eid} ** {rcpt} R=client T=send_to_server H={host} [{ip}] : SMTP error from remote mail server after RCPT TO:<{rcpt}>: 551 Perm error 1", 551, .outbound, relay: true),
    ]

    /// Postfix and Exim lines understood to carry no reply (the `none` lines of the fixtures),
    /// and other programs' lines, some with codes in them.
    static let quietShapes: [String] = [
        "{syslog} mx postfix/smtpd[{pid}]: connect from {host}[{ip}]",
        "{syslog} mx postfix/submission/smtpd[{pid}]: disconnect from {host}[{ip}] ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8",
        "{syslog} mx postfix/qmgr[{pid}]: {qid}: from=<{sender}>, size=535, nrcpt=1 (queue active)",
        "{syslog} mx postfix/smtpd[{pid}]: NOQUEUE: reject_warning: RCPT from {host}[{ip}]: 450 4.1.8 <{sender}>: Sender address rejected: Domain not found; from=<{sender}> to=<{rcpt}> proto=ESMTP helo=<{host}>",
        "{syslog} mx postfix/smtpd[{pid}]: > {host}[{ip}]: 550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in local recipient table",
        "{syslog} mx postfix/local[{pid}]: {qid}: to=<{rcpt}>, relay=local, delay=0.21, delays=0.1/0.09/0/0.02, dsn=2.0.0, status=sent (delivered to maildir)",
        "{syslog} mx postfix/qmgr[{pid}]: {qid}: removed",
        "{exim} {eid} <= {sender} H={host} [{ip}] P=esmtp S=4502 id={qid}@{host}",
        "{exim} SMTP connection from ({host}) [{ip}]:{port} lost D=2s",
        "{exim} {eid} Completed",
        "{exim} Start queue run: pid={pid}",
        "{syslog} mx dovecot: imap-login: Login: user=<{user}>, method=PLAIN, rip={ip}, lip=192.0.2.25, mpid={pid}, TLS",
        "{syslog} mx CRON[{pid}]: (root) CMD (test -x /usr/sbin/anacron || run-parts --report /etc/cron.daily)",
        "{syslog} mx amavis[{pid}]: ({pid}-19) Passed CLEAN, [{ip}] <{sender}> -> <{rcpt}>, 250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok",
        "{syslog} mx opendkim[{pid}]: {qid}: [{ip}] [{ip}] not internal",
        "{syslog} mx systemd[1]: Started Session {pid} of user {user}.",
        "{syslog} mx sendmail[{pid}]: u3P2R7FT001382: ruleset=check_rcpt, arg1=<{rcpt}>, relay=[{ip}], reject=550 5.7.1 <{rcpt}>... Relaying denied.",
    ]

    /// Seeds every run uses, and one more from `SMTPLOG_PROPERTY_SEED` (decimal or 0x hex).
    static let seeds: [UInt64] = {
        var seeds: [UInt64] = [1, 2, 3, 42, 2026, 0xDEAD_BEEF, 0x5EED_0F_5EED, 987_654_321]
        if let text = ProcessInfo.processInfo.environment["SMTPLOG_PROPERTY_SEED"] {
            let value = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
            if let value { seeds.append(value) }
        }
        return seeds
    }()

    static let logsPerSeed = 25
    static let bufferSizes = [1, 2, 3, 7, 16, 61, 255, 1_000, 4_096, 1 << 16, LineReader.defaultBufferSize]

    /// What a generated log must give.
    struct Expected {
        var lines = 0
        var blank = 0
        var codes: [String: Int] = [:]
        var implied: [String: Int] = [:]
        var classes: [String: Int] = [:]
        var authInbound = 0, authOutbound = 0, relayInbound = 0, relayOutbound = 0
        var events: Int { codes.values.reduce(0, +) }

        mutating func add(_ shape: Shape) {
            codes["\(shape.code)", default: 0] += 1
            classes["\(shape.code / 100)xx", default: 0] += 1
            if shape.implied { implied["\(shape.code)", default: 0] += 1 }
            if shape.isAuthFailure { shape.direction == .inbound ? (authInbound += 1) : (authOutbound += 1) }
            if shape.relay { shape.direction == .inbound ? (relayInbound += 1) : (relayOutbound += 1) }
        }
    }

    // MARK: generating

    static func fill(_ template: String, _ random: inout SplitMix64) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            out += value(for: rest[rest.index(after: open)..<close], &random)
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    static func value(for placeholder: Substring, _ random: inout SplitMix64) -> String {
        func word(_ count: ClosedRange<Int>) -> String {
            let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
            return String((0..<random.inRange(count)).map { _ in random.pick(letters) })
        }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        switch placeholder {
        case "syslog":
            let month = random.pick(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
            let day = random.inRange(1...28)
            return "\(month) \(day < 10 ? " " : "")\(day) \(two(random.below(24))):\(two(random.below(60))):\(two(random.below(60)))"
        case "exim":
            return "2026-\(two(random.inRange(1...12)))-\(two(random.inRange(1...28))) \(two(random.below(24))):\(two(random.below(60))):\(two(random.below(60)))"
        case "ip":
            if random.chance(10) { return "2001:db8:\(String(random.below(0xFFFF), radix: 16))::\(String(random.below(0xFFFF), radix: 16))" }
            return "\(random.inRange(1...223)).\(random.below(256)).\(random.below(256)).\(random.inRange(1...254))"
        case "host": return random.chance(20) ? "unknown" : "\(word(2...10)).\(random.pick(["example", "test", "invalid"])).\(random.pick(["com", "net", "org"]))"
        case "user": return word(3...12)
        case "sender", "rcpt": return "\(word(1...12))@\(word(2...10)).\(random.pick(["example", "test"]))"
        case "qid": return String((0..<10).map { _ in random.pick(Array("0123456789ABCDEF")) })
        case "eid": return "1\(word(5...5))-\(word(6...6))-\(word(2...2))"
        case "pid": return "\(random.inRange(1...99_999))"
        case "port": return "\(random.inRange(1_024...65_535))"
        default: return "{\(placeholder)}"
        }
    }

    /// One noise line: nothing in it may ever count as a reply.
    static func noise(_ random: inout SplitMix64) -> (bytes: [UInt8], blank: Bool) {
        switch random.below(4) {
        case 0:
            return (Array(fill(random.pick(quietShapes), &random).utf8), false)
        case 1:
            return ([], true)
        case 2:
            // Printable garbage; `~` can start no line prefix.
            let text = "~" + String((0..<random.below(120)).map { _ in Character(Unicode.Scalar(UInt8(random.inRange(0x20...0x7E)))) })
            return (Array(text.utf8), false)
        default:
            // Raw bytes, NUL and 0xFF included, never a newline; a NUL or 0xFF first.
            var bytes: [UInt8] = [random.chance(50) ? 0x00 : 0xFF]
            for _ in 0..<random.below(200) {
                let byte = UInt8(random.below(256))
                bytes.append(byte == 0x0A ? 0x00 : byte)
            }
            return (bytes, false)
        }
    }

    /// A log: its lines (terminators included) and what it must give.
    static func generate(_ random: inout SplitMix64) -> (lines: [[UInt8]], expected: Expected) {
        var expected = Expected()
        var bodies: [[UInt8]] = []
        for _ in 0..<random.below(61) {
            let shape = random.pick(shapes)
            expected.add(shape)
            bodies.append(Array(fill(shape.template, &random).utf8))
        }
        for _ in 0..<random.below(81) {
            let (bytes, blank) = noise(&random)
            if blank { expected.blank += 1 }
            bodies.insert(bytes, at: random.below(bodies.count + 1))
        }
        let terminator: [UInt8] = random.chance(25) ? [0x0D, 0x0A] : [0x0A]
        var lines = bodies.map { $0 + terminator }
        // A missing final newline still ends a line; a last blank line then vanishes, so only
        // a non-blank last line loses its newline.
        if let last = bodies.last, !last.isEmpty, random.chance(30) { lines[lines.count - 1] = last }
        expected.lines = lines.count
        return (lines, expected)
    }

    // MARK: reading

    /// `Array(lines.joined())` costs a quarter of this suite's time in a debug build.
    static func concatenated(_ lines: ArraySlice<[UInt8]>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.count })
        for line in lines { bytes.append(contentsOf: line) }
        return bytes
    }

    static func analyzer(_ random: inout SplitMix64) -> Analyzer {
        var options = AnalysisOptions(startingYear: 2026, now: 1_795_000_000)
        options.bufferSize = random.pick(bufferSizes)
        return Analyzer(options: options)
    }

    /// Reads the chunks separately and merges them the way `Analyzer.analyze([InputName])`
    /// merges the chunks of a file read on several cores.
    static func readInChunks(_ lines: [[UInt8]], _ random: inout SplitMix64) -> (InputResult, Int) {
        var cuts = Set((0..<random.inRange(0...4)).map { _ in random.below(lines.count + 1) })
        cuts.formUnion([0, lines.count])
        // An empty log is one empty chunk.
        let bounds = lines.isEmpty ? [0, 0] : cuts.sorted()
        var parts: [InputResult] = []
        for (start, end) in zip(bounds, bounds.dropFirst()) {
            parts.append(analyzer(&random).analyze(bytes: concatenated(lines[start..<end])))
        }
        var result = parts.removeFirst()
        var linesBefore = result.summary.lines.read
        for var part in parts {
            part.summary.offsetLineNumbers(by: linesBefore)
            linesBefore += part.summary.lines.read
            result.summary += part.summary
        }
        return (result, bounds.count - 1)
    }

    static func json(_ result: InputResult) throws -> [String: Any] {
        let text = try Report(inputs: [result]).rendered(.json)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func check(_ result: InputResult, _ expected: Expected, _ context: String) throws {
        let report = try json(result)
        func same(_ key: String, _ actual: Any?, _ wanted: Any) {
            let equal = NSDictionary(dictionary: ["v": actual as Any]) == NSDictionary(dictionary: ["v": wanted])
            #expect(equal, "\(context): \(key) is \(String(describing: actual ?? "nothing")), expected \(wanted)")
        }
        same("lines", report["lines"], expected.lines)
        same("events", report["events"], expected.events)
        same("codes", report["codes"], expected.codes)
        same("implied_codes", report["implied_codes"], expected.implied)
        same("classes", report["classes"], expected.classes)
        let auth = report["auth_failures"] as? [String: Any], relay = report["relay_refusals"] as? [String: Any]
        same("auth_failures.inbound", auth?["inbound"], expected.authInbound)
        same("auth_failures.outbound", auth?["outbound"], expected.authOutbound)
        same("relay_refusals.inbound", relay?["inbound"], expected.relayInbound)
        same("relay_refusals.outbound", relay?["outbound"], expected.relayOutbound)
        same("line_counts.blank", (report["line_counts"] as? [String: Any])?["blank"], expected.blank)
    }

    @Test("known lines among noise give exactly the generated counts, in one pass and in chunks", arguments: seeds)
    func generatedCountsHold(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for index in 0..<InterleavingPropertyTests.logsPerSeed {
            let (lines, expected) = InterleavingPropertyTests.generate(&random)
            let rerun = "seed \(seed), log \(index) (rerun with SMTPLOG_PROPERTY_SEED=\(seed))"
            let whole = InterleavingPropertyTests.analyzer(&random).analyze(bytes: InterleavingPropertyTests.concatenated(lines[...]))
            try InterleavingPropertyTests.check(whole, expected, "\(rerun), one pass")
            let (merged, chunks) = InterleavingPropertyTests.readInChunks(lines, &random)
            try InterleavingPropertyTests.check(merged, expected, "\(rerun), \(chunks) chunks merged")
        }
    }

    @Test("the generator is deterministic: one seed, one log")
    func generatorIsDeterministic() {
        var a = SplitMix64(seed: 7), b = SplitMix64(seed: 7)
        #expect(InterleavingPropertyTests.generate(&a).lines == InterleavingPropertyTests.generate(&b).lines)
        // SplitMix64's published first output for seed 0, so the sequence never drifts.
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }
}
