import Foundation
import Testing
@testable import SMTPLogKit

/// The byte readers that replaced PCRE2 patterns and table scans in `PostfixExtractor` give the
/// same fields as what they replaced, on every annotated fixture line, on hand-made edge cases,
/// on a generated log, and on the corpus when ../shared is beside the checkout. The previous
/// code is kept here as the reference.
@Suite("Postfix field readers")
struct PostfixFieldReaderTests {
    // MARK: the references

    static let deliveryPattern = #"to=<?([^>,\s]*)>?,(?: orig_to=<?[^>,\s]*>?,)? relay=([^\s,\[]*)(?:\[([^\]]*)\](?::\d+)?)?,"#
    static let hostSaidPattern = #"(?:host|server) ([^\s\[]+)\[([^\]\s]*)\](?::\d+)? (said|refused to talk to me): "#
    static let rejectPattern = #"(reject|milter-reject|reject_warning): (\S+) from ([^\[\s]*)\[([^\]\s]*)\](?::\d+)?: "#
    static let saslPattern = #"warning: ([^\[\s]*)\[([^\]\s]*)\](?::\d+)?: SASL (\S+) authentication failed:? ?"#

    /// A reference pair per test: patterns keep their match data, so each test makes its own.
    final class References {
        let delivery = try! Pattern(PostfixFieldReaderTests.deliveryPattern)   // swiftlint:disable:this force_try
        let hostSaid = try! Pattern(PostfixFieldReaderTests.hostSaidPattern, anchored: false)   // swiftlint:disable:this force_try
        let reject = try! Pattern(PostfixFieldReaderTests.rejectPattern)   // swiftlint:disable:this force_try
        let sasl = try! Pattern(PostfixFieldReaderTests.saslPattern)   // swiftlint:disable:this force_try

        func rejectionHead(_ line: UnsafeBufferPointer<UInt8>, at start: Int) throws -> PostfixExtractor.RejectionHead? {
            guard let m = try reject.match(line, from: start) else { return nil }
            return PostfixExtractor.RejectionHead(verb: m[1]!, stage: m[2]!, name: m[3]!, address: m[4]!, end: m[0]!.upperBound)
        }

        func saslFailureHead(_ line: UnsafeBufferPointer<UInt8>, at start: Int) throws -> PostfixExtractor.SASLFailureHead? {
            guard let m = try sasl.match(line, from: start) else { return nil }
            return PostfixExtractor.SASLFailureHead(name: m[1]!, address: m[2]!, mechanism: m[3]!, end: m[0]!.upperBound)
        }

        func deliveryHead(_ line: UnsafeBufferPointer<UInt8>, at start: Int) throws -> PostfixExtractor.DeliveryHead? {
            guard let m = try delivery.match(line, from: start) else { return nil }
            return PostfixExtractor.DeliveryHead(recipient: m[1]!, relay: m[2]!, relayAddress: m[3], end: m[0]!.upperBound)
        }

        func hostSaid(_ line: UnsafeBufferPointer<UInt8>, from start: Int) throws -> PostfixExtractor.HostSaid? {
            guard let m = try hostSaid.match(line, from: start) else { return nil }
            return PostfixExtractor.HostSaid(start: m[0]!.lowerBound, name: m[1]!, address: m[2]!, end: m[0]!.upperBound)
        }
    }

    /// `skipQueueID` as it was: a memchr for the colon, then a loop over the id's bytes.
    static func referenceSkipQueueID(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < line.count, line[start] < 0x61 else { return start }
        guard let colon = line.firstByte(0x3A, from: start), colon < start + 21 else { return start }
        let length = colon - start
        guard length >= 5, colon + 1 < line.count, line[colon + 1] == 0x20 else { return start }
        if length == 7, line.hasPrefix("NOQUEUE", at: start) { return colon + 2 }
        var upperHex = true
        var vowelFree = true
        for index in start..<colon {
            let byte = line[index]
            switch byte {
            case 0x30...0x39, 0x41...0x46: continue
            case 0x47...0x5A, 0x61...0x7A:
                upperHex = false
                switch byte | 0x20 {
                case 0x61, 0x65, 0x69, 0x6F, 0x75: vowelFree = false
                default: break
                }
            default:
                return start
            }
        }
        guard upperHex || (vowelFree && length >= 10) else { return start }
        return colon + 2
    }

    /// `isKnownNonEvent`'s phrases as they were, a list per first byte.
    static let referenceNonEventStarts: [String] = [
        "connect from ", "client=", "connect to ", "cache ", "certificate ",
        "disconnect from ", "daemon started", "discard: ",
        "removed", "reload ", "resent-message-id=", "redirect: ", "replace: ", "refreshing the Postfix",
        "Anonymous TLS ", "ALLOWLISTED ", "ALLOWLIST VETO ",
        "statistics: ", "sender non-delivery", "sender delivery status", "setting up TLS",
        "stopping the Postfix", "starting the Postfix", "server certificate ",
        "lost connection ", "message-id=", "from=<", "filter: ", "CONNECT from ", "COMMAND PIPELINING ",
        "DISCONNECT ", "DNSBL rank ", "DENYLISTED ", "PASS NEW ", "PASS OLD ", "PREGREET ",
        "Trusted TLS ", "TLS ", "Untrusted TLS ", "Verified TLS ", "HANGUP ", "NON-SMTP COMMAND",
        "BARE NEWLINE", "BLACKLISTED ", "WHITELISTED ", "WHITELIST VETO ", "terminating on signal", "uid=",
        "improper command pipelining", "info: ", "SSL_accept ", "SSL_connect ", "enabling PIX workarounds", "expired",
        "postmaster non-delivery", "prepend: ", "hold: ", "host mail for ",
    ]

    static let referenceNonEventBytes = referenceNonEventStarts.map { Array($0.utf8) }

    static func referenceIsKnownNonEvent(_ line: UnsafeBufferPointer<UInt8>, at body: Int) -> Bool {
        guard body < line.count else { return true }
        return referenceNonEventBytes.contains { $0[0] == line[body] && line[body...].starts(with: $0) }
    }

    // MARK: the lines

    /// Delivery and reply lines with the shapes the readers must decide alike.
    static let edgeCases: [String] = [
        // Queue ids around the short upper-case hex shape read two words at once: every length,
        // the colon in the first, second or third word, a letter or byte beyond the alphabet,
        // the line ending inside the second word.
        "ABCDE: x", "ABCDEF0123: x", "A5EDBFC972D: client=x", "ABCDEF012345678: x", "ABCDEF0123456789: x",
        "ABCDEF01234567890: x", "ABCDEF0123G: x", "ABCDEF01234g: x", "ABCDEF01\u{E9}23: x", "ABCDEF01:23: x",
        "ABCDEF0123;: x", "ABCDEF0123:x", "ABCDEF0123: ", "ABCDEF0123:", "ABCDEF012345:", "ABCDEF01 23: x",
        "4QKx3T0bcdz1: x", "4QKx3T0bcaz1: x", "NOQUEUE: reject: x", "12345678ABCDEF: x",
        "to=<a@example.org>, relay=mx.example.org[192.0.2.1]:25, delay=1.2, status=sent (250 ok)",
        "to=<a@example.org>, orig_to=<b@example.org>, relay=local, delay=0, status=sent (delivered)",
        "to=a@example.org, relay=none, delay=0, status=bounced (unknown user)",
        "to=<>, relay=x[1.2.3.4], status=deferred",
        "to=<a@example.org>,relay=x,", "to=<a@example.org> , relay=x,", "to=<a b>, relay=x,",
        "to=<a@example.org>>, relay=x,", "to=<<a@example.org>, relay=x,", "to=<a@x>, orig_to=<b c>, relay=x,",
        "to=<a@x>, orig_to=<b>, relay=x[1.2.3.4]:, status=sent", "to=<a@x>, relay=x[1.2.3.4]:25x, status=sent",
        "to=<a@x>, relay=x[1.2 3.4]:25, status=sent", "to=<a@x>, relay=x[1.2.3.4", "to=<a@x>, relay=x[]:1,",
        "to=<a@x>, relay=x\t[1.2.3.4],", "to=<a@x>, relay=", "to=<a@x>, relay=x", "to=", "to=<", "to=<a@x>,",
        "to=<a@x>, orig_to=<b@x>, orig_to=<c@x>, relay=x,", "to=<a@x>, relay=[1.2.3.4]:25,",
        // Delivery lines as Postfix writes them, and with their ` delay=`, ` status=`, ` (` and
        // `(forwarded as ` elsewhere: in the relay's brackets, twice, fields missing, out of
        // order or holding white space, a status word followed by no ` (`, a needle cut short.
        "to=<a@example.org>, relay=mx.example.org[192.0.2.1]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4ABC)",
        "to=<a@example.org>, orig_to=<b@x>, relay=local, delay=0.01, delays=0/0/0/0, dsn=2.0.0, status=sent (forwarded as 3F2A1B4C5D)",
        "to=<a@x>, relay=none, delay=3600, delays=3600/0/0/0, dsn=4.4.1, status=deferred (connect to x[1.2.3.4]:25: Connection timed out)",
        "to=<a@x>, relay=x[1.2 delay=9 status=z]:25, delay=1, delays=1/0/0/0, dsn=2.0.0, status=sent (250 ok)",
        "to=<a@x>, relay=x[1.2.3.4]:25, delay=1, delays=1/0/0/0, dsn=2.0.0,status=sent (250 ok) status=bounced (x)",
        "to=<a@x>, relay=x[1.2.3.4]:25, delay=1, dsn=2.0.0, delays=1/0/0/0, status=sent (250 ok)",
        "to=<a@x>, relay=x[1.2.3.4]:25, delay=1, delays=1/0 /0/0, dsn=2.0.0, status=sent (250 ok)",
        "to=<a@x>, relay=x[1.2.3.4]:25, delay=1, delays=1/0/0/0, dsn=2.0.0\t, status=sent (250 ok)",
        "to=<a@x>, relay=x[1.2.3.4]:25, delay=1, delays=1/0/0/0, dsn=2.0.0, status=sent(250 ok) (x)",
        "to=<a@x>, relay=x[1.2.3.4]:25, delay=1 status=x, delays=1, dsn=2, status=sent (250 ok)",
        "to=<a@x>, relay=x[1.2.3.4]:25, delay=1, delays=1, dsn=2, status=sent", "to=<a@x>, relay=x, delay=",
        "to=<a@x>, relay=x, delay=1, delays=", "to=<a@x>, relay=x, delay=1, delays=1, dsn=", "to=<a,b@x>, relay=x, delay=1, status=sent (x)",
        "to=<a@x>, relay=x[::1]:25, delay=1, delays=1/0/0/0, dsn=2.0.0, status=sent  (x)", "status=sent (x)",
        "to=<a@x>, relay=x, delay=1, status=sent (250 ok (forwarded as x) ((forwarded as y)", "status=sent ((forwarded a",
        "from=<a@x>, size=1, nrcpt=1, status=expired, returned to sender", "from=<a,b>,, status=expire, status=expired",
        "warning: x[1.2.3.4]: SASL LOGIN authentication failed: authentication failed", "authentication faile",
        "reject: RCPT from x[1.2.3.4]: 554 5.7.1 <a@b>: Relay access denied; from=<a> to=<b> proto=ESMTP",
        "reject: VRFY from x[1.2.3.4]: 550 x;; to=<b>; to=<c>", "; from=<; from=<",
        " delay", " dela", "((((forwarded as ", "x  status= status=", "  (", "(", " ",
        "host mx.example.org[192.0.2.1] said: 450 4.7.1 try later (in reply to RCPT TO command)",
        "host mx.example.org[192.0.2.1]:25 said: 550 no", "host mx[1.2.3.4]:x said: 550",
        "server mx.example.org[192.0.2.1] refused to talk to me: 421 busy", "host [1.2.3.4] said: 5",
        "ghost mx[1.2.3.4] said: 550 x", "host mx[1.2.3.4] said:550", "host host mx[1.2.3.4] said: 5",
        "delivery temporarily suspended: host mx.example.org[192.0.2.1] said: 421 4.4.2 timeout",
        "host mx[1.2.3.4] said host mx2[5.6.7.8]:25 said: 421 x", "host mx[1.2.3.4 said: 1", "host mx[1.2.3.4]] said: 1",
        "host\tmx[1.2.3.4] said: 1", "host mx\u{0B}y[1.2.3.4] said: 1", "server x[y]z said: 1", "host x[y]:25:26 said: 1",
        "3F2A1B4C5D: to=<a@x>, relay=x,", "NOQUEUE: reject:", "4QKx3T0bcdz1: removed", "4QKa3T0bcdz1: removed",
        "ABCDE: x", "ABCD: x", "3F2A1B4C5D:x", "3F2A1B4C5D3F2A1B4C5D3F2: x", "3F2A1B4C5D3F2A1B4C5D: x",
        "3f2a1b4c5d: x", "AEIOU: x", "G3T0bcdz1: x", "4QKx3T0bcdzA: x", "4QKx_T0bcdz1: x", "\u{7F}ABCDE: x",
        "statistics: max", "warning: x", "disconnect from x[1.2.3.4] ehlo=1", "uid=0 from=<root>",
        "reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x>: Relay access denied; from=<a> to=<b>",
        "reject: RCPT from unknown[192.0.2.1]:25: 554 no", "reject: RCPT from [192.0.2.1]:25: 554 no",
        "milter-reject: END-OF-MESSAGE from x[1.2.3.4]: 5.7.1 spam", "reject_warning: RCPT from x[1.2.3.4]: 450 x",
        "reject: header Subject: x from x[1.2.3.4]; from=<a> to=<b>: 5.7.1 no", "reject: RCPT  from x[1.2.3.4]: 5",
        "reject: RCPT from x[1.2.3.4]:25x: 5", "reject: RCPT from x[1.2.3.4]:: 5", "reject: RCPT from x[1.2.3.4]:", "reject: ",
        "reject: CONNECT from [43.108.61.65]:30124: 550 5.7.1 Service unavailable; client [43.108.61.65] blocked",
        "reject:RCPT from x[1.2.3.4]: 5", "reject: R\u{0B}CPT from x[1.2.3.4]: 5", "reject: RCPT from x[1.2.3.4]: ",
        "warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=a@b",
        "warning: unknown[192.0.2.1]:587: SASL PLAIN authentication failed:", "warning: x[1.2.3.4]: SASL LOGIN authentication failed",
        "warning: x[1.2.3.4]: SASL LOGIN authentication failed x", "warning: x[1.2.3.4]: SASL  authentication failed: x",
        "warning: x[1.2.3.4]: SASL authentication failed: x", "warning: [1.2.3.4]: SASL LOGIN authentication failed: :",
        "warning: x[1.2.3.4]: SASL LOGIN authentication aborted", "warning: x[1.2 3.4]: SASL LOGIN authentication failed: x",
    ]

    static func fixtureLines() -> [String] {
        let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("lines")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var lines: [String] = []
        for name in names.sorted() where name.hasSuffix(".log") {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            for raw in data.split(separator: 0x0A) where raw.first != 0x23 {
                lines.append(String(decoding: raw, as: UTF8.self))
            }
        }
        return lines
    }

    /// The needles a delivery line is searched for.
    static let spacedNeedles: [(StaticString, String)] = [(" delay=", " delay="), (" status=", " status="), (" (", " ("),
                                                          ("(forwarded as ", "(forwarded as "),
                                                          ("authentication failed", "authentication failed"),
                                                          (", status=expired", ", status=expired"), ("; from=<", "; from=<"),
                                                          ("; to=<", "; to=<"), (", sasl_username=", ", sasl_username=")]

    /// What `firstIndexHopping` stands in for, from every place of the line (and its end): a byte-at-a-time
    /// search (`firstIndex(of:)` as it was used), made once per line from the end.
    static func referenceSearches(_ line: UnsafeBufferPointer<UInt8>, _ needle: String) -> [Int?] {
        let bytes = Array(needle.utf8)
        var next = [Int?](repeating: nil, count: line.count + 1)
        var index = line.count - 1
        while index >= 0 {
            let here = index + bytes.count <= line.count && bytes.indices.allSatisfy { line[index + $0] == bytes[$0] }
            next[index] = here ? index : next[index + 1]
            index -= 1
        }
        return next
    }

    // MARK: the comparisons

    /// Every reader against its reference on `line`: the delivery head at each `to=`, the
    /// remote server's words from the start and from each `(` and `: `, the queue id and the
    /// known non-events at each word's start (`everyWord`) or after each `: ` (where a message
    /// starts: enough for the corpus, whose 217,000 lines take minutes word by word).
    static func compare(_ bytes: [UInt8], _ references: References, _ label: String, everyWord: Bool = true) throws -> Int {
        var checks = 0
        try bytes.withUnsafeBufferPointer { line in
            var starts = [0]
            for index in line.indices where index > 0 {
                let previous = line[index - 1]
                if everyWord ? previous == 0x20 || previous == 0x28 || previous == 0x3A
                    : previous == 0x28 || (previous == 0x20 && index > 1 && line[index - 2] == 0x3A) {
                    starts.append(index)
                }
            }
            let nextNeedle = PostfixFieldReaderTests.spacedNeedles.map { referenceSearches(line, $0.1) }
            for start in starts {
                if line.hasPrefix("to=", at: start) {
                    let ours = PostfixExtractor.deliveryHead(line, at: start)
                    let theirs = try references.deliveryHead(line, at: start)
                    #expect(ours == theirs, "delivery head at \(start) of \(label)")
                    checks += 1
                }
                // The hopped needles from every place a search may start (a word, `(`, `:`) and the byte before.
                for (index, (needle, text)) in PostfixFieldReaderTests.spacedNeedles.enumerated() {
                    for from in Set([max(start - 1, 0), start]) {
                        #expect(line.firstIndexHopping(of: needle, from: from) == nextNeedle[index][from],
                                "\(text) from \(from) of \(label)")
                    }
                }
                checks += 1
                if start < line.count, [0x72, 0x6D, 0x77].contains(line[start]) {
                    let rejection = try references.rejectionHead(line, at: start)
                    #expect(PostfixExtractor.rejectionHead(line, at: start) == rejection, "rejection at \(start) of \(label)")
                    let sasl = try references.saslFailureHead(line, at: start)
                    #expect(PostfixExtractor.saslFailureHead(line, at: start) == sasl, "SASL failure at \(start) of \(label)")
                    checks += 2
                }
                if start == 0 || [0x68, 0x73, 0x28].contains(line[start]) {
                    let ours = PostfixExtractor.hostSaid(line, from: start)
                    let theirs = try references.hostSaid(line, from: start)
                    #expect(ours == theirs, "host said from \(start) of \(label)")
                    checks += 1
                }
                #expect(PostfixExtractor.skipQueueID(line, from: start) == referenceSkipQueueID(line, from: start),
                        "queue id at \(start) of \(label)")
                #expect(PostfixExtractor.isKnownNonEvent(line, at: start) == referenceIsKnownNonEvent(line, at: start),
                        "non-event at \(start) of \(label)")
                checks += 2
            }
        }
        return checks
    }

    /// `extract` calls `traffic` only for messages whose first byte is one of its cases: no
    /// other message may give a fact, from any place a message may start.
    @Test("traffic is asked only for the messages it reads: the first-byte test lets no fact go")
    func trafficFirstBytes() throws {
        for byte in 0...255 {
            #expect(PostfixExtractor.mayBeTraffic(UInt8(byte)) == PostfixExtractor.trafficFirstBytes.contains(UInt8(byte)),
                    "byte \(byte)")
        }
        let folder = try TemporaryFolder()
        let (log, _) = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[0], in: folder)
        let data = try #require(FileManager.default.contents(atPath: log))
        let generated = data.split(separator: 0x0A).prefix(3_000).map { String(decoding: $0, as: UTF8.self) }
        var facts = 0, skipped = 0
        for text in PostfixFieldReaderTests.edgeCases + PostfixFieldReaderTests.fixtureLines() + generated {
            Array(text.utf8).withUnsafeBufferPointer { line in
                for start in line.indices where start == 0 || line[start - 1] == 0x20 {
                    let body = PostfixExtractor.skipQueueID(line, from: start)
                    guard body < line.count else { continue }
                    var fact: TrafficFact?
                    var search = PostfixExtractor.StatusSearch()
                    PostfixExtractor.traffic(line, message: start, body: body, program: 0..<0, statusSearch: &search, into: &fact)
                    if PostfixExtractor.mayBeTraffic(line[body]) {
                        if fact != nil { facts += 1 }
                    } else {
                        #expect(fact == nil, "\(text) from \(start)")
                        skipped += 1
                    }
                }
            }
        }
        #expect(facts > 1_000 && skipped > 10_000)
    }

    @Test("the readers give the reference's fields on the edge cases, the fixtures and a generated log")
    func sameFields() throws {
        let references = References()
        var matched = (delivery: 0, said: 0, rejection: 0, sasl: 0)
        for text in PostfixFieldReaderTests.edgeCases + PostfixFieldReaderTests.fixtureLines() {
            let bytes = Array(text.utf8)
            _ = try PostfixFieldReaderTests.compare(bytes, references, text)
            try bytes.withUnsafeBufferPointer { line in
                if try references.deliveryHead(line, at: 0) != nil { matched.delivery += 1 }
                if try references.hostSaid(line, from: 0) != nil { matched.said += 1 }
                if try references.rejectionHead(line, at: 0) != nil { matched.rejection += 1 }
                if try references.saslFailureHead(line, at: 0) != nil { matched.sasl += 1 }
            }
        }
        // The edge cases hold lines each way; the fixtures hold real delivery lines.
        #expect(matched.delivery >= 8)
        #expect(matched.said >= 8)
        #expect(matched.rejection >= 6)
        #expect(matched.sasl >= 4)
        let folder = try TemporaryFolder()
        let (log, _) = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[0], in: folder)
        let data = try #require(FileManager.default.contents(atPath: log))
        var checks = 0
        for raw in data.split(separator: 0x0A).prefix(5_000) {
            checks += try PostfixFieldReaderTests.compare(Array(raw), references, String(decoding: raw, as: UTF8.self))
        }
        #expect(checks > 20_000)
    }

    @Test("every byte, at every place, around a delivery head and a server's words")
    func mutatedBytes() throws {
        let references = References()
        let seeds = ["to=<a@x>, orig_to=<b>, relay=m[1.2.3.4]:25, d", "host m[1.2.3.4]:25 said: 5", "4QKx3T0bcdz1: r",
                     "reject: RCPT from h[1.2.3.4]:25: 5", "warning: h[1.2.3.4]:2: SASL L authentication failed: x",
                     "3F2A1B4C5D3F2A1B4C5D: x", "4QKx3T0bcdz1x4QKx3T0b: x", "NOQUEUE: x"]
        let alphabet: [UInt8] = [0x20, 0x09, 0x0B, 0x0D, 0x2C, 0x3C, 0x3E, 0x5B, 0x5D, 0x3A, 0x32, 0x61, 0x41, 0x65, 0x00, 0xFF]
        try ByteMutations.forEach(seeds: seeds, alphabet: alphabet) { changed, changedLabel, cut, cutLabel in
            _ = try PostfixFieldReaderTests.compare(changed, references, changedLabel)
            _ = try PostfixFieldReaderTests.compare(cut, references, cutLabel)
        }
    }

    @Test("the readers give the reference's fields on every corpus line (when ../shared is there)")
    func corpus() throws {
        guard let files = Shell.corpusLogs else {
            print("skipped: no ../shared/corpus beside the checkout")
            return
        }
        let references = References()
        var lines = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            for raw in data.split(separator: 0x0A) {
                _ = try PostfixFieldReaderTests.compare(Array(raw), references, file.name, everyWord: false)
                lines += 1
            }
        }
        #expect(lines > 10_000)
    }

    // MARK: the byte helpers

    @Test("firstByteWide and firstIndexWide find what firstByte and firstIndex find")
    func wideSearches() {
        var generator = SplitMix(seed: 7)
        let alphabet: [UInt8] = [0x20, 0x20, 0x20, 0x73, 0x74, 0x3D, 0x28, 0x01, 0x00, 0x80, 0xFF, 0x09, 0x0D, 0x0E, 0x08, 0x8B]
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            bytes.withUnsafeBufferPointer { line in
                for start in 0...line.count {
                    for byte in [UInt8(0x20), 0x3D, 0x00, 0x01, 0xFF, 0x73] {
                        #expect(line.firstByteWide(byte, from: start) == line.firstByte(byte, from: start), "\(bytes) \(byte) \(start)")
                    }
                    for (first, second) in [(UInt8(0x3D), UInt8(0x28)), (0x73, 0x73), (0x00, 0xFF)] {
                        var stop = start
                        while stop < line.count, line[stop] != first, line[stop] != second, !isPatternSpace(line[stop]) { stop += 1 }
                        #expect(line.firstStop(from: start, first, second) == stop, "\(bytes) \(first) \(second) \(start)")
                    }
                    for end in [line.count, max(start, line.count - 3)] {
                        #expect(line.firstIndexWide(of: " s", from: start, to: end) == line.firstIndex(of: " s", from: start, to: end))
                        #expect(line.firstIndexWide(of: " st=", from: start, to: end) == line.firstIndex(of: " st=", from: start, to: end))
                        #expect(line.firstIndexWide(of: "  ", from: start, to: end) == line.firstIndex(of: "  ", from: start, to: end))
                        #expect(line.firstIndexWide(of: "\u{1}\0", from: start, to: end) == line.firstIndex(of: "\u{1}\0", from: start, to: end))
                    }
                }
            }
        }
    }
}
