/// What one line turned out to be.
public enum Extraction {
    /// The line carries one SMTP reply.
    case event(RawReplyEvent)
    /// A mail-program line that was understood and carries no reply.
    case nonEvent
    /// A mail-program line with no reply that a finding needs: a system warning or error, a
    /// delivery that failed without a reply, a cached verdict.
    case notice(RawNotice)
    /// A mail-program line that looks like it could carry a reply but matched no known shape:
    /// reported with examples, because a real line the tool misses is a bug.
    case notUnderstood
}
