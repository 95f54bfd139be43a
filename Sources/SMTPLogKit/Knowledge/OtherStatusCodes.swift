/// X.0.0, the detail servers fall back on when nothing more precise applies. It is the
/// most common enhanced code in logs, so it needs its own explanation of how little it says.
extension EnhancedStatusRecord {
    static let other: [EnhancedStatusRecord] = [
        EnhancedStatusRecord(
            0, 0, "Other Undefined Status",
            summary: "No detail given; only the class digit carries meaning",
            meaning: """
                RFC 3463's catch-all: the server reports success or failure but gives no \
                subject or detail. Only the class digit and the text that follows tell what \
                happened.
                """,
            classes: [.positiveCompletion, .transientNegative, .permanentNegative], with: [221, 250],
            inbound: DirectionalAdvice(
                seen: """
                    On our server's routine success replies (Postfix "250 2.0.0 Ok: queued as \
                    ...", "221 2.0.0 Bye", "220 2.0.0 Ready to start TLS") and on failures from \
                    checks that set no better code: Postfix check_*_access results written as \
                    plain "REJECT text", policy services and milters. Exim adds enhanced codes \
                    only where configured, so many of its replies carry none.
                    """,
                fix: """
                    Nothing for successes. For our own rejections, give them a precise code so \
                    that senders' bounce messages are clearer: in Postfix access maps write the \
                    full reply ("550 5.7.1 text") instead of a bare REJECT.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    On delivery lines: Postfix's status=sent lines show dsn=2.0.0 for nearly every \
                    successful delivery; failures with 4.0.0 or 5.0.0 come from remote servers that \
                    do not classify their refusals, and from local delivery errors.
                    """,
                fix: """
                    For failures read the reply text that follows the code; it is the only \
                    explanation the remote gave. Group such failures by destination to see whether \
                    one server is behind them.
                    """)),
    ]
}
