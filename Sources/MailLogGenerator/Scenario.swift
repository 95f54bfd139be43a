/// What happens in a generated log and how often, as data: the mix of sessions, what remote
/// servers answer, and the attacks planted in it. The model (PostfixModel, EximModel) reads
/// only these rates, so a new scenario is a new value, not new code.
public struct Scenario: Sendable {
    /// Recorded in the truth's `generator` object.
    public var name: String

    /// Postfix: one draw per session (a client's connection, a local submission or a spell of
    /// background noise).
    public var postfixSessions: Weighted<PostfixSession>
    /// Exim: the same.
    public var eximSessions: Weighted<EximSession>
    /// What a remote server does with one recipient of our outbound mail (Postfix smtp).
    public var postfixRemote: Weighted<RemoteOutcome>
    /// The same for Exim's remote_smtp transport.
    public var eximRemote: Weighted<RemoteOutcome>
    /// What a deferred recipient's later attempts do.
    public var retry: RetryPolicy

    /// Of port-25 clients, the share that postscreen looks at before smtpd gets them.
    public var postscreenShare: Double
    /// Of inbound messages, the share that goes through the amavis content filter and comes
    /// back through a second smtpd on localhost (so it is received and delivered twice).
    public var contentFilterShare: Double
    /// Of inbound messages, the share refused at the end of DATA by a milter or header check.
    public var contentRejectShare: Double
    /// Of inbound messages, the share with one more recipient that smtpd refuses (unknown).
    public var extraRecipientRejectShare: Double
    /// Of Exim's remote deliveries, the share logged without `C="250 …"` (a transport
    /// without smtp_confirmation), which carries no reply.
    public var eximUnconfirmedShare: Double
    /// Of failed logins and relay probes, the share from a one-off address instead of the
    /// pool of known attackers (keeps per-client lists realistic and bounded).
    public var oneOffAttackerShare: Double
    /// How many addresses the pool of attackers holds.
    public var attackerPool: Int

    /// Attacks planted at known times, listed in the truth's `planted` array.
    public var planted: [PlantedAttack]

    public init(name: String, postfixSessions: Weighted<PostfixSession>, eximSessions: Weighted<EximSession>,
                postfixRemote: Weighted<RemoteOutcome>, eximRemote: Weighted<RemoteOutcome>, retry: RetryPolicy,
                postscreenShare: Double, contentFilterShare: Double, contentRejectShare: Double,
                extraRecipientRejectShare: Double, eximUnconfirmedShare: Double, oneOffAttackerShare: Double,
                attackerPool: Int, planted: [PlantedAttack]) {
        self.name = name; self.postfixSessions = postfixSessions; self.eximSessions = eximSessions
        self.postfixRemote = postfixRemote; self.eximRemote = eximRemote; self.retry = retry
        self.postscreenShare = postscreenShare; self.contentFilterShare = contentFilterShare
        self.contentRejectShare = contentRejectShare; self.extraRecipientRejectShare = extraRecipientRejectShare
        self.eximUnconfirmedShare = eximUnconfirmedShare; self.oneOffAttackerShare = oneOffAttackerShare
        self.attackerPool = attackerPool; self.planted = planted
    }

    /// A busy MX and submission server: mostly accepted mail, a steady background of
    /// password guessing and relay probes, policy refusals, and one brute-force run a day
    /// from one client and one from many hosts of one /24.
    ///
    /// Postfix's remote servers answer 4xx only in `host X said: 4…` lines and 5.1.1 only
    /// in the multi-line `550-5.1.1` form, and never refuse us on 5.7.x policy: the test of
    /// smtplog's destination findings (FindingsTests) counts those lines with grep on this
    /// scenario's log. Exim's side writes the other shapes (policy refusals, `->` lines).
    public static let standard = Scenario(
        name: "standard",
        postfixSessions: Weighted([
            (.inbound, 30), (.submission, 14), (.relayDenied, 5), (.unknownRecipient, 5), (.postscreenBlocklist, 4),
            (.smtpdBlocklist, 1.5), (.heloRejected, 2.5), (.greylisted, 3), (.senderDomainUnknown, 1), (.rejectWarning, 0.7),
            (.milterGreylist, 0.5), (.saslFailure, 10), (.saslServerDown, 0.3), (.scanner, 4), (.postscreenTooMany, 0.4),
            (.pregreet, 1.5), (.localPickup, 3), (.webPickup, 1.5), (.noise, 16),
        ]),
        eximSessions: Weighted([
            (.inbound, 30), (.submission, 16), (.relayDenied, 6), (.unknownRecipient, 5), (.blocklisted, 4),
            (.invalidHelo, 2), (.greylisted, 3), (.ratelimited, 0.5), (.authFailure, 10), (.clientAuthFailure, 0.3),
            (.syncError, 0.7), (.localCron, 3), (.noise, 20),
        ]),
        postfixRemote: Weighted([
            (.sent, 85), (.deferredBusy, 3), (.deferredRateLimited, 3), (.deferredGreylisted, 1.5), (.connectTimeout, 2.5),
            (.greetingTimeout, 0.7), (.unknownUser, 2.5), (.recipientNotFound, 0.5), (.mailboxFull, 0.4),
            (.userNotLocal, 0.8), (.hostNotFound, 0.4), (.relayAuthFailed, 0.4), (.relayAuthRequired, 0.3),
        ]),
        eximRemote: Weighted([
            (.sent, 84), (.deferredBusy, 3), (.deferredRateLimited, 2), (.deferredGreylisted, 1.5), (.connectTimeout, 2.5),
            (.unknownUser, 3), (.mailboxFull, 0.5), (.userNotLocal, 1), (.hostNotFound, 0.7), (.policyRefused, 1),
            (.relayAuthFailed, 0.4), (.relayAuthRequired, 0.3),
        ]),
        retry: RetryPolicy(minutes: 5...45, attempts: 3, successShare: 0.75, suspendedShare: 0.3),
        postscreenShare: 0.5, contentFilterShare: 0.3, contentRejectShare: 0.02, extraRecipientRejectShare: 0.05,
        eximUnconfirmedShare: 0.1, oneOffAttackerShare: 0.1, attackerPool: 300,
        planted: [
            .bruteForce(BruteForce(source: .client("185.220.101.47"), runsPerDay: 1, attempts: 40...60,
                                   secondsBetween: 2...9, attemptsPerConnection: 1...3)),
            .bruteForce(BruteForce(source: .subnet("45.148.10", hosts: 24), runsPerDay: 1, attempts: 60...90,
                                   secondsBetween: 5...20, attemptsPerConnection: 1...2)),
        ])
}

/// One Postfix session, as the scenario draws them.
public enum PostfixSession: Sendable {
    /// Mail from the Internet to a local mailbox (lmtp to Dovecot, or local).
    case inbound
    /// A local user sends through submission; smtp delivers to remote servers.
    case submission
    /// `Relay access denied` (554).
    case relayDenied
    /// `User unknown in virtual mailbox table` (550 5.1.1).
    case unknownRecipient
    /// postscreen refuses a client on a DNS blocklist (550).
    case postscreenBlocklist
    /// smtpd's reject_rbl_client (554 5.7.1 Service unavailable).
    case smtpdBlocklist
    /// A HELO that is not a fully-qualified name (504), or a client without rDNS (450).
    case heloRejected
    /// postgrey: 450 4.2.0 Greylisted.
    case greylisted
    /// The sender's domain does not resolve (450 4.1.8).
    case senderDomainUnknown
    /// `reject_warning`: logged, nothing refused, no reply.
    case rejectWarning
    /// A milter greylists at RCPT (`milter-reject: RCPT … 451 4.7.1`).
    case milterGreylist
    /// A client tries passwords (535, implied).
    case saslFailure
    /// The authentication server is down (454, implied).
    case saslServerDown
    /// A scanner: connects, says nothing useful or speaks HTTP, and goes.
    case scanner
    /// postscreen's `too many connections` (421, implied).
    case postscreenTooMany
    /// A bot talks before the greeting and postscreen drops it (no reply).
    case pregreet
    /// A cron job's mail, picked up and delivered by local (no reply in the log).
    case localPickup
    /// A web application's mail, picked up and sent to a remote server.
    case webPickup
    /// Other programs and Postfix lines without a reply: Dovecot, anvil, warnings.
    case noise
}

/// One Exim session, as the scenario draws them.
public enum EximSession: Sendable {
    case inbound, submission
    /// `rejected RCPT <x>: relay not permitted` (550, implied).
    case relayDenied
    /// `rejected RCPT <x>: Unknown user` (550, implied).
    case unknownRecipient
    /// `rejected RCPT <x>: JunkMail rejected - … is in an RBL` (550, implied).
    case blocklisted
    /// `rejected MAIL <x>: Access denied - Invalid HELO name` (550, implied).
    case invalidHelo
    /// `temporarily rejected RCPT <x>: greylisted.` (451, implied).
    case greylisted
    /// `temporarily rejected connection in "connect" ACL` (451, implied).
    case ratelimited
    /// `dovecot_login authenticator failed for …: 535 …`, written.
    case authFailure
    /// Our smarthost refuses our credentials: `plain authenticator failed H=… 535 …` (outbound).
    case clientAuthFailure
    /// `SMTP protocol synchronization error … rejected connection` (554, implied).
    case syncError
    /// A cron job's mail (`<= root@… U=root P=local`), delivered locally.
    case localCron
    case noise
}

/// What a remote server did with one recipient.
public enum RemoteOutcome: Sendable {
    /// 250.
    case sent
    /// 421 4.7.0: too many messages, try later (deferred).
    case deferredBusy
    /// 451 4.7.650 / 451-4.3.0 multi-line: rate limited (deferred).
    case deferredRateLimited
    /// 450 4.2.0 greylisted (deferred).
    case deferredGreylisted
    /// No server answered: `connect to …: Connection timed out` (deferred, no reply).
    case connectTimeout
    /// The server said nothing: `timed out while receiving the initial server greeting`.
    case greetingTimeout
    /// 550 5.1.1 (bounced).
    case unknownUser
    /// 550 5.1.10 RecipientNotFound (bounced).
    case recipientNotFound
    /// 552 5.2.2 (bounced).
    case mailboxFull
    /// 551 5.1.6 User not local (bounced; a relay refusal).
    case userNotLocal
    /// The domain has no MX or address (bounced, no reply).
    case hostNotFound
    /// 550 5.7.1 DMARC / SPF policy (bounced).
    case policyRefused
    /// Our relay host refuses our credentials: 535 5.7.8 (deferred).
    case relayAuthFailed
    /// Our relay host wants a login we did not give: 530 5.7.0 (bounced).
    case relayAuthRequired
}

/// Later attempts for a deferred recipient.
public struct RetryPolicy: Sendable {
    /// Minutes from one attempt to the next.
    public var minutes: ClosedRange<Int>
    /// Attempts after the first, at most.
    public var attempts: Int
    /// The chance that a later attempt delivers.
    public var successShare: Double
    /// The chance that a later attempt after a timeout is Postfix's cached verdict
    /// (`delivery temporarily suspended`, no connection made) instead of a new try.
    public var suspendedShare: Double

    public init(minutes: ClosedRange<Int>, attempts: Int, successShare: Double, suspendedShare: Double) {
        self.minutes = minutes; self.attempts = attempts; self.successShare = successShare; self.suspendedShare = suspendedShare
    }
}

/// An attack planted at known times, so that a finding can be checked against it.
public enum PlantedAttack: Sendable {
    /// A run of failed logins.
    case bruteForce(BruteForce)
    // Planned next: `.compromisedAccount`, a successful login after a run of failures from
    // the same client, then a burst of outbound mail from that account. It goes here as one
    // more case, is generated beside the brute-force runs in PlantedAttacks.swift, and is
    // listed in the truth's `planted` array the same way.
}

/// A password-guessing run: failed logins from one client, or spread over the hosts of a /24.
public struct BruteForce: Sendable {
    public enum Source: Sendable {
        /// One client address, `185.220.101.47`.
        case client(String)
        /// Hosts `.1` to `.hosts` of a /24 given by its first three octets, `45.148.10`.
        case subnet(String, hosts: Int)
    }

    public var source: Source
    /// Runs per day of log (at least one run in any log).
    public var runsPerDay: Double
    /// Failed logins in one run.
    public var attempts: ClosedRange<Int>
    /// Seconds between one attempt and the next.
    public var secondsBetween: ClosedRange<Int>
    /// Attempts in one connection before the client reconnects.
    public var attemptsPerConnection: ClosedRange<Int>

    public init(source: Source, runsPerDay: Double, attempts: ClosedRange<Int>, secondsBetween: ClosedRange<Int>,
                attemptsPerConnection: ClosedRange<Int>) {
        self.source = source; self.runsPerDay = runsPerDay; self.attempts = attempts
        self.secondsBetween = secondsBetween; self.attemptsPerConnection = attemptsPerConnection
    }
}
