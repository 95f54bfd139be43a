import Testing
@testable import SMTPLogKit

/// `password_guessed` keeps the line of each subject's latest failure for the login that may
/// follow within the window; once the log has moved on by twice the window, no login can show
/// it and it is let go (the count and the stamps stay). A run before a login still shows its
/// last failure.
@Suite("password_guessed lets stale failure lines go")
struct PasswordGuessedStaleExampleTests {
    static func failure(_ time: String, client: String, user: String, pid: Int) -> String {
        "Nov 29 \(time) mx1 postfix/submission/smtpd[\(pid)]: warning: unknown[\(client)]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=\(user)\n"
    }

    static let log: String = {
        var text = ""
        // An early guesser, then nothing from it: three hours later its line is stale.
        for minute in 0..<5 { text += failure("06:0\(minute):01", client: "198.51.100.1", user: "old@example.org", pid: 3_000 + minute) }
        // A run on alice, then her login within the window.
        for minute in 10..<16 { text += failure("09:\(minute):01", client: "203.0.113.45", user: "alice@example.org", pid: 4_000 + minute) }
        text += "Nov 29 09:20:00 mx1 postfix/submission/smtpd[4100]: 4N001X10037: client=unknown[203.0.113.45], sasl_method=PLAIN, sasl_username=alice@example.org\n"
        return text
    }()

    @Test("the early guesser's line is let go, its count kept; alice's run shows its last failure")
    func staleLinesGo() throws {
        let rules = RuleSet()
        var options = AnalysisOptions(startingYear: 2026)
        options.rules = rules
        let result = Analyzer(options: options).analyze(bytes: Array(PasswordGuessedStaleExampleTests.log.utf8))
        let accumulator = try #require(rules.accumulator(of: PasswordGuessedRule.self, in: result.rules))
        let old = try #require(accumulator.failures.value(for: PasswordGuessedRule.Subject.user.key("old@example.org")))
        #expect(old.count == 5 && old.stamps.count == 5)
        #expect(old.lastExample == nil, "three hours on, with a window of one: no login can show it")
        let oldClient = try #require(accumulator.failures.value(for: PasswordGuessedRule.Subject.client.key("198.51.100.1")))
        #expect(oldClient.count == 5 && oldClient.lastExample == nil)
        let alice = try #require(accumulator.failures.value(for: PasswordGuessedRule.Subject.user.key("alice@example.org")))
        #expect(alice.lastExample?.text.contains("09:15:01") == true)
        let guessed = try #require(accumulator.guessed.value(for: HashedName("alice@example.org")))
        #expect(guessed.logins == 1 && guessed.run == 6)
        #expect(guessed.examples.count == 2)
        #expect(guessed.examples.first?.text.contains("09:15:01") == true, "the run's last failure")
    }

    @Test("a trail that let its line go takes the next part's line, not its own stale one, when joined")
    func joinKeepsTheLaterLine() {
        var early = FailureTrail()
        early.record(1_000, example: LineExample(file: "mail.log", line: 1, text: "early"))
        early.dropExample(ifBefore: 2_000)
        #expect(early.lastExample == nil && early.count == 1)
        var kept = FailureTrail()
        kept.record(1_000, example: LineExample(file: "mail.log", line: 1, text: "kept"))
        kept.dropExample(ifBefore: 1_000)
        #expect(kept.lastExample?.text == "kept", "a failure at the stamp itself is not before it")
        var later = FailureTrail()
        later.record(9_000, example: LineExample(file: "mail.log", line: 9, text: "later"))
        later.dropExample(ifBefore: 9_500)
        // The later part saw a failure but let its line go: the earlier part's line is staler.
        #expect((kept + later).lastExample == nil)
        #expect((kept + later).count == 2)
        #expect((later + FailureTrail()).lastExample == nil)
        #expect((kept + FailureTrail()).lastExample?.text == "kept")
    }
}

/// A login judged at once counts each subject's run in place (`FailureTrail.runSummary`);
/// a login waiting for the part before keeps the run's stamps (`run(endingAt:window:)`). Both
/// must say the same of any trail.
@Suite("A run counted in place")
struct FailureRunSummaryTests {
    @Test("the same count, first and last as the list, out of order, saturated and empty")
    func agreesWithTheList() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<400 {
            var trail = FailureTrail()
            let failures = round % 5 == 0 ? 0 : Int.random(in: 1...300, using: &generator)
            var clock: UInt32 = 1_700_000_000
            // A third of the trails in order (the fast path), the others with lines from the
            // past (rotated files, clock skew), some of them only early on (ordered again once
            // the trail dropped its older half).
            let forwards = round % 3 == 0, pastUntil = round % 3 == 1 ? failures : min(failures, 20)
            for failure in 0..<failures {
                let back = !forwards && failure < pastUntil && Bool.random(using: &generator)
                clock = back ? clock - UInt32.random(in: 0...200, using: &generator) : clock + UInt32.random(in: 0...90, using: &generator)
                trail.record(clock, example: LineExample(file: "mail.log", line: 1, text: "failure"))
            }
            #expect(!trail.ascending || trail.stamps.isAscending)
            if forwards { #expect(trail.ascending) }
            for window in [1, 60, 600, 3_600, 86_400] {
                for end in [clock, clock &+ 30, clock - min(clock, 500)] {
                    let list = trail.run(endingAt: end, window: window)
                    #expect(trail.runSummary(endingAt: end, window: window) == FailureTrail.Run(list))
                    #expect(trail.hasFailure(endingAt: end, window: window) == !list.isEmpty)
                }
            }
        }
    }

    @Test("a run longer than the memory: its latest stamps")
    func saturated() {
        var trail = FailureTrail()
        for second in 0..<(3 * FailureTrail.memory) {
            trail.record(UInt32(1_000 + second), example: LineExample(file: "mail.log", line: second, text: "x"))
        }
        let run = trail.runSummary(endingAt: UInt32(1_000 + 3 * FailureTrail.memory), window: 10_000)
        #expect(run.count == FailureTrail.memory)
        #expect(run.last == UInt32(1_000 + 3 * FailureTrail.memory - 1))
        #expect(run.first == run.last - UInt32(FailureTrail.memory - 1))
        #expect(trail.runSummary(endingAt: 999, window: 10_000) == FailureTrail.Run())
    }
}

/// The first part of a run (`beginRun`) judges a login near its start at once: no part will
/// come before it. It must find what a part that waits and settles at the end finds.
@Suite("password_guessed in the first part of a run")
struct PasswordGuessedFirstPartTests {
    static let log: String = {
        var text = ""
        // Within the first hour: a run on alice, her login; a login of bob with no run; a run
        // from a network's hosts, then a login of carol from another host of it.
        for minute in 10..<16 { text += PasswordGuessedStaleExampleTests.failure("09:\(minute):01", client: "203.0.113.45", user: "alice@example.org", pid: 4_000 + minute) }
        text += "Nov 29 09:20:00 mx1 postfix/submission/smtpd[4100]: 4N001X10037: client=unknown[203.0.113.45], sasl_method=PLAIN, sasl_username=alice@example.org\n"
        text += "Nov 29 09:21:00 mx1 postfix/submission/smtpd[4101]: 4N001X10038: client=unknown[192.0.2.7], sasl_method=PLAIN, sasl_username=bob@example.org\n"
        for host in 1...6 { text += PasswordGuessedStaleExampleTests.failure("09:3\(host):01", client: "198.51.100.\(host)", user: "user\(host)@example.org", pid: 5_000 + host) }
        text += "Nov 29 09:40:00 mx1 postfix/submission/smtpd[4102]: 4N001X10039: client=unknown[198.51.100.77], sasl_method=PLAIN, sasl_username=carol@example.org\n"
        // Later, alice again after another run.
        for minute in 10..<16 { text += PasswordGuessedStaleExampleTests.failure("12:\(minute):01", client: "203.0.113.46", user: "alice@example.org", pid: 6_000 + minute) }
        text += "Nov 29 12:20:00 mx1 postfix/submission/smtpd[4103]: 4N001X10040: client=unknown[203.0.113.46], sasl_method=PLAIN, sasl_username=alice@example.org\n"
        return text
    }()

    static func accumulator(beginsRun: Bool) throws -> PasswordGuessedRule.Accumulator {
        let rules = RuleSet()
        var options = AnalysisOptions(startingYear: 2026)
        options.rules = rules
        let bytes = Array(log.utf8)
        let input = OpenedInput(name: .standardInput, source: MemorySource(bytes), modificationTime: nil, size: bytes.count)
        let result = Analyzer(options: options).analyze(input, beginsRun: beginsRun)
        return try #require(rules.accumulator(of: PasswordGuessedRule.self, in: result.rules))
    }

    @Test("the first part keeps no login waiting and finds what waiting and settling finds")
    func judgedAtOnce() throws {
        let first = try PasswordGuessedFirstPartTests.accumulator(beginsRun: true)
        let waiting = try PasswordGuessedFirstPartTests.accumulator(beginsRun: false)
        #expect(first.pending.items.isEmpty && first.pending.overflow == 0)
        #expect(waiting.pending.items.count == 3, "alice's, bob's and carol's first-hour logins wait")
        let settled = waiting.settled()
        for user in ["alice@example.org", "bob@example.org", "carol@example.org"] {
            #expect(first.guessed.value(for: HashedName(user)) == settled.guessed.value(for: HashedName(user)), "\(user)")
        }
        let alice = try #require(first.guessed.value(for: HashedName("alice@example.org")))
        #expect(alice.logins == 2 && alice.run == 6 && alice.examples.count == 2)
        #expect(first.guessed.value(for: HashedName("bob@example.org")) == nil)
        let carol = try #require(first.guessed.value(for: HashedName("carol@example.org")))
        #expect(carol.logins == 1 && carol.run == 6)
        let rule = PasswordGuessedRule(config: .init())
        let context = RuleContext(summary: ReplySummary(keyCapacity: 10, inFlight: 10), inputs: [], window: nil, top: 10)
        #expect(rule.evaluate(first, in: context) == rule.evaluate(waiting, in: context))
    }
}

/// Whether a failure's line names the login's user or client: the byte search for ASCII must
/// say what the characters' search says, and anything else goes that way.
@Suite("password_guessed: a line naming a user")
struct PasswordGuessedNamesTests {
    /// The library's own search by characters: here, with Foundation imported, `contains`
    /// would be Foundation's, which finds `\r` in `\r\n`.
    static func slow(_ text: String, _ name: String) -> Bool { PasswordGuessedRule.Accumulator.namesSlowly(text, name) }

    @Test("random ASCII, capitals, CR, non-ASCII and empty names: as the search by characters")
    func agreesWithCharacters() {
        let fixed: [(String, String)] = [
            ("warning: unknown[203.0.113.45]: SASL LOGIN authentication failed, sasl_username=Alice@Example.org", "alice@example.org"),
            ("sasl_username=alice@example.org", "203.0.113.45"), ("abc", ""), ("", "a"), ("ab", "abc"), ("xx[", "[")
            , ("caf\u{E9} user", "CAF\u{C9}"), ("cafe\u{301} user", "caf\u{E9}"), ("line\r\nnext", "\r"), ("line\r\nnext", "e\r"),
            ("STRASSE", "stra\u{DF}e"), ("ab@c", "@C"), ("ZZ", "zz"), ("[]^_`{", "`{"), ("@[", "`{"),
        ]
        for (text, name) in fixed {
            #expect(PasswordGuessedRule.Accumulator.names(text, name) == PasswordGuessedNamesTests.slow(text, name), "\(text) / \(name)")
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aAbB@.[]`{Z\r\n") + ["\u{E9}", "e", "\u{301}"]
        for _ in 0..<3_000 {
            let text = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let name = String((0..<Int.random(in: 0...3, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(PasswordGuessedRule.Accumulator.names(text, name) == PasswordGuessedNamesTests.slow(text, name), "\(text.debugDescription) / \(name.debugDescription)")
        }
    }
}
