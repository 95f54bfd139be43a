/// Why a delivery failed when no server answered with a code: the name did not resolve, the
/// connection was refused or timed out, TLS could not be agreed, the mail looped, or the local
/// delivery agent failed. Read from the delivery line's own words.
public struct DeliveryFailureReason: Sendable, Hashable {
    public let id: String
    /// A few words for a statement: "the destination's name not found".
    public let phrase: String
    public let explanation: String
    public let fix: String

    public var index: Int { DeliveryFailureReasons.indexByID[id]! }
}

public enum DeliveryFailureReasons {
    public static let all: [DeliveryFailureReason] = [
        DeliveryFailureReason(
            id: "dns", phrase: "the destination's name not found",
            explanation: """
                DNS gave no mail server for the recipient's domain ("Host or domain name not found", \
                "Name service error", Exim's "Unrouteable address"): the domain does not exist, has \
                no MX or A record, or our resolver failed.
                """,
            fix: """
                Look the domain up from the server (dig MX domain). A typo or a dead domain: correct or \
                remove the address. If many domains fail at once, our resolver is the problem: check \
                /etc/resolv.conf (and the copy in Postfix's chroot, /var/spool/postfix/etc).
                """),
        DeliveryFailureReason(
            id: "refused", phrase: "the connection refused",
            explanation: """
                The destination's mail server refused the TCP connection: nothing listens on port 25 \
                there, or a firewall rejects us.
                """,
            fix: """
                Check with telnet or nc from the server to the MX on port 25. If only one destination \
                refuses, its server is down: our server retries until the queue lifetime ends. If all do, \
                our provider blocks outgoing port 25: send through a relay host.
                """),
        DeliveryFailureReason(
            id: "timeout", phrase: "the connection timed out",
            explanation: """
                The destination did not answer in time, at connect or during the conversation \
                ("Connection timed out", "conversation ... timed out"): a server down, overloaded, or \
                dropping our packets.
                """,
            fix: """
                If one destination times out, it is down or filtering us; our server retries. If all do, \
                outgoing port 25 is blocked (many providers block it): send through a relay host.
                """),
        DeliveryFailureReason(
            id: "unreachable", phrase: "the network unreachable",
            explanation: "Our server had no route to the destination (\"Network is unreachable\", \"No route to host\").",
            fix: """
                Check our own network: routes, the default gateway, and IPv6 (Postfix tries IPv6 when \
                the MX has an AAAA record: inet_protocols = ipv4 if we have no IPv6 route).
                """),
        DeliveryFailureReason(
            id: "lost_connection", phrase: "the connection lost",
            explanation: """
                The destination closed the connection in the middle of the conversation ("lost \
                connection with ... while ..."): it crashed, a firewall cut us off, or it dropped us on \
                purpose (reputation, a timeout).
                """,
            fix: """
                Our server retries. If one destination always drops us at the same stage, ask its \
                postmaster; at "end of data", a middlebox may dislike the message size or content.
                """),
        DeliveryFailureReason(
            id: "tls", phrase: "TLS could not be agreed",
            explanation: """
                The delivery required TLS and could not have it: the destination did not offer STARTTLS, \
                the handshake failed, or its certificate did not verify against our policy.
                """,
            fix: """
                Check our TLS policy for that destination (smtp_tls_policy_maps, \
                smtp_tls_security_level; Exim tls_require_ciphers, hosts_require_tls): with \
                verify or encrypt, a destination without a valid certificate never receives mail. Loosen \
                it for that destination if it has none, or tell its postmaster.
                """),
        DeliveryFailureReason(
            id: "loop", phrase: "a mail loop",
            explanation: """
                The mail would go back to ourselves ("mail for x loops back to myself") or passed too many \
                servers ("too many hops"): a domain whose MX points at us but that we do not accept.
                """,
            fix: """
                Add the domain to what the server accepts (mydestination, virtual_mailbox_domains, \
                relay_domains; Exim local_domains), or fix its MX record, or the forward that loops.
                """),
        DeliveryFailureReason(
            id: "local_delivery", phrase: "local delivery failing",
            explanation: """
                Delivery to a local mailbox or program failed ("unknown user", "mailbox full", a command \
                that failed, "permission denied").
                """,
            fix: """
                The line says which mailbox or command: fix the alias, the mailbox's permissions or quota, \
                or the command a pipe transport runs.
                """),
        DeliveryFailureReason(
            id: "retry_timeout", phrase: "retries given up",
            explanation: """
                The message stayed undeliverable until the queue lifetime ended (Postfix \
                maximal_queue_lifetime, Exim's retry rules: "retry timeout exceeded"), and was returned.
                """,
            fix: """
                The earlier deferrals of the same destination say why it never worked; see the other \
                findings for that destination.
                """),
        DeliveryFailureReason(
            id: "retry_wait", phrase: "waiting for the next retry",
            explanation: """
                Earlier attempts at every host of the destination failed, and the next retry time has \
                not come (Exim's "retry time not reached for any host"): the message waits in the queue.
                """,
            fix: """
                The earlier failures of the same destination say why (see the other findings, and exim \
                -Mvl on the message); exinext shows a domain's retry times, and exim -M forces an attempt \
                before them.
                """),
        DeliveryFailureReason(
            id: "other", phrase: "other failures",
            explanation: "The delivery failed for the reason the example line gives, with no reply from a server.",
            fix: "Read the reason in the example lines; the same reason at many destinations points at our side.",
        ),
    ]

    static let indexByID: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($0.element.id, $0.offset) })

    public static func reason(_ id: String) -> DeliveryFailureReason? { indexByID[id].map { all[$0] } }

    /// The reason a failure's text gives; `other` when it names none we know.
    public static func classify(_ text: UnsafeBufferPointer<UInt8>) -> DeliveryFailureReason {
        all[phrases.firstMatch(in: text) ?? indexByID["other"]!]
    }

    private static let phrases = NeedleSet<Int>([
        ("loops back to myself", "loop"), ("too many hops", "loop"), ("mail loop", "loop"),
        ("retry time not reached", "retry_wait"), ("retry timeout exceeded", "retry_timeout"), ("message expired", "retry_timeout"),
        ("status=expired", "retry_timeout"),
        ("host or domain name not found", "dns"), ("does not accept mail", "dns"), ("host lookup did not complete", "dns"),
        ("points to local host", "loop"), ("forwarding loop", "loop"), ("name service error", "dns"), ("unrouteable address", "dns"),
        ("host not found", "dns"), ("domain not found", "dns"), ("no mx", "dns"), ("all relevant mx records point to non-existent hosts", "dns"),
        ("connection refused", "refused"),
        ("network is unreachable", "unreachable"), ("no route to host", "unreachable"),
        ("tls session", "tls"), ("tls is required", "tls"), ("server certificate not verified", "tls"), ("certificate verification failed", "tls"),
        ("tls handshake", "tls"), ("cannot start tls", "tls"), ("starttls", "tls"), ("tls required", "tls"),
        ("timed out", "timeout"), ("timeout", "timeout"),
        ("lost connection", "lost_connection"), ("connection reset", "lost_connection"),
        ("closed connection", "lost_connection"),
        ("unknown user", "local_delivery"), ("user unknown", "local_delivery"), ("mailbox full", "local_delivery"), ("quota", "local_delivery"),
        ("command died", "local_delivery"), ("permission denied", "local_delivery"),
        ("temporary failure", "local_delivery"), ("delivered to command", "local_delivery"),
    ].map { ($0.0, indexByID[$0.1]!) })
}
