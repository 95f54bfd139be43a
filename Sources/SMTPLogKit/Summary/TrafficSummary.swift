/// The day's traffic beside the replies: messages and bytes, sessions, and the mail system's
/// own warnings, errors, fatal errors and panics. One part of `ReplySummary`, counted in the
/// same pass and merged with it.
public struct TrafficSummary: Sendable, Equatable {
    public internal(set) var messages: MessageTraffic
    public internal(set) var sessions: SessionTraffic
    public internal(set) var systemMessages = SystemMessages()

    /// Keys kept at most in each traffic list (senders, recipients, their domains, destination
    /// domains, clients): they feed lists of the most active, like the peer lists, so they keep
    /// fewer keys than the lists findings are made of, and a day of a busy server stays within
    /// a few MB.
    public static let listCapacity = 10_000

    public init(capacity: Int, inFlight: Int = MessageJoin.defaultCapacity) {
        let lists = min(capacity, TrafficSummary.listCapacity)
        messages = MessageTraffic(capacity: lists, inFlight: inFlight)
        sessions = SessionTraffic(capacity: lists)
    }

    /// Records `fact`; false when the line is about a message whose arrival this part saw
    /// without a login (`MessageTraffic.record`).
    @inline(__always)
    @discardableResult
    mutating func record(_ fact: TrafficFact, line: UnsafeBufferPointer<UInt8>, time: LogTime?,
                         program: Range<Int>, example: () -> LineExample) -> Bool {
        switch fact.kind {
        case .connect, .disconnect:
            sessions.record(fact, line: line, time: time)
        case .systemMessage:
            systemMessages.record(fact, line: line, program: program, example: example)
        default:
            return messages.record(fact, line: line, time: time)
        }
        return true
    }

    /// A refusal by our server of a client's mail.
    @inline(__always)
    /// Marks this part as the one that begins the run: nothing is kept for a merge with a part
    /// before it (`MessageJoin.beginsRun`).
    mutating func beginRun() { messages.beginRun() }

    mutating func recordRejected(_ time: LogTime?) {
        messages.recordRejected(time)
    }

    mutating func offsetLineNumbers(by lines: Int) {
        systemMessages.offsetLineNumbers(by: lines)
    }

    public static func += (lhs: inout TrafficSummary, rhs: TrafficSummary) {
        lhs.messages += rhs.messages
        lhs.sessions += rhs.sessions
        lhs.systemMessages += rhs.systemMessages
    }
}
