import Testing
@testable import SMTPLogKit

/// How long sessions lasted, from their connection lines' stamps, across the minute, the hour,
/// the day and the year: the seconds are made once per minute and per day, and must be those
/// of the stamp whatever the line before.
@Suite("Session times")
struct SessionTimesTests {
    @Test("sessions over a minute's, an hour's, a day's and a year's end, and within one second")
    func acrossBoundaries() throws {
        let sessions = try TrafficTests.summary("""
            Dec 31 23:58:59 mx postfix/smtpd[1]: connect from a.example[192.0.2.1]
            Dec 31 23:59:00 mx postfix/smtpd[1]: disconnect from a.example[192.0.2.1] quit=1 commands=1
            Dec 31 23:59:58 mx postfix/smtpd[2]: connect from b.example[192.0.2.2]
            Dec 31 23:59:58 mx postfix/smtpd[3]: connect from c.example[192.0.2.3]
            Dec 31 23:59:59 mx postfix/smtpd[3]: disconnect from c.example[192.0.2.3] quit=1 commands=1
            Jan  1 00:00:07 mx postfix/smtpd[2]: disconnect from b.example[192.0.2.2] quit=1 commands=1
            Jan  1 00:59:30 mx postfix/smtpd[4]: connect from d.example[192.0.2.4]
            Jan  1 01:01:00 mx postfix/smtpd[4]: disconnect from d.example[192.0.2.4] quit=1 commands=1
            Jan  1 01:01:00 mx postfix/smtpd[5]: connect from e.example[192.0.2.5]
            Jan  1 01:01:00 mx postfix/smtpd[5]: disconnect from e.example[192.0.2.5] quit=1 commands=1

            """).traffic.sessions
        #expect(sessions.connections == 5 && sessions.times.timed == 5)
        // 1 + 9 + 1 + 90 + 0 seconds.
        #expect(sessions.times.seconds == 101 && sessions.times.maxSeconds == 90)
        #expect(sessions.hosts.value(for: "192.0.2.2")?.maxSeconds == 9, "over midnight and the new year")
        #expect(sessions.hosts.value(for: "192.0.2.1")?.maxSeconds == 1)
        #expect(sessions.hosts.value(for: "192.0.2.5")?.maxSeconds == 0)
    }
}
