import Foundation
@testable import SMTPLogKit

/// A Postfix log made up here, deterministically, so that the state tests need nothing from
/// outside the checkout: deliveries (250), relay refusals (554), greylisting (450), SASL
/// failures (535, implied) and lines without a reply, over several days, with line lengths
/// that vary so that cuts fall anywhere in a line.
enum SyntheticMailLog {
    static func line(_ index: Int) -> String {
        let day = 20 + index / 40_000 % 9
        let second = index % 86_400
        let stamp = String(format: "Nov %2d %02d:%02d:%02d", day, second / 3600, second / 60 % 60, second % 60)
        let client = "10.\(index / 65_536 % 256).\(index / 256 % 256).\(index % 256)"
        let queue = String(format: "%010X", index &* 2_654_435_761 & 0xFF_FFFF_FFFF)
        switch index % 7 {
        case 0:
            return "\(stamp) mx postfix/smtp[\(index % 30_000)]: \(queue): to=<user\(index % 97)@example.net>, relay=mx\(index % 13).example.net[198.51.100.\(index % 200)]:25, delay=0.\(index % 9), delays=0.1/0/0.2/0.1, dsn=2.0.0, status=sent (250 2.0.0 OK \(index))\n"
        case 1:
            return "\(stamp) mx postfix/smtpd[\(index % 30_000)]: NOQUEUE: reject: RCPT from unknown[\(client)]: 554 5.7.1 <u\(index % 50)@elsewhere.example>: Relay access denied; from=<s\(index % 11)@spam.example> to=<u\(index % 50)@elsewhere.example> proto=ESMTP helo=<h\(index % 23)>\n"
        case 2:
            return "\(stamp) mx postfix/smtpd[\(index % 30_000)]: warning: unknown[\(client)]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
        case 3:
            return "\(stamp) mx postfix/smtpd[\(index % 30_000)]: NOQUEUE: reject: RCPT from mail\(index % 31).example.org[\(client)]: 450 4.2.0 <a\(index % 40)@example.com>: Recipient address rejected: Greylisted; from=<b@example.org> to=<a\(index % 40)@example.com> proto=ESMTP helo=<mail.example.org>\n"
        case 4:
            return "\(stamp) mx postfix/qmgr[1187]: \(queue): removed\n"
        case 5:
            return "\(stamp) mx postfix/smtpd[\(index % 30_000)]: connect from unknown[\(client)]\n"
        default:
            return "\(stamp) mx postfix/cleanup[\(index % 30_000)]: \(queue): message-id=<\(index).\(String(repeating: "x", count: index % 40))@example.com>\n"
        }
    }

    static func lines(_ range: Range<Int>) -> String { range.map(line).joined() }

    /// Appends `text` to the file at `path`, as a log writer does.
    static func append(_ path: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }
}
