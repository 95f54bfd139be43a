/// How many lines of each kind were read.
public struct LineTally: Sendable, Equatable, Codable {
    public var read = 0
    public var events = 0
    /// Postfix or Exim lines understood to carry no reply.
    public var understood = 0
    public var notUnderstood = 0
    public var otherPrograms = 0
    public var unrecognized = 0
    public var continuation = 0
    public var oversized = 0
    public var blank = 0
    /// Lines dated outside the report's window (and unstamped lines following them).
    public var outsideWindow = 0
    /// Lines left out by the report's filters (`--exclude-client`, `--only-domain`, …): read,
    /// and counted nowhere else.
    public var filtered = 0

    /// The keys of JSON's `line_counts`, in the hosts' figures and the merge payload.
    enum CodingKeys: String, CodingKey {
        case read, events, understood, unrecognized, continuation, oversized, blank, filtered
        case notUnderstood = "not_understood", otherPrograms = "other_programs", outsideWindow = "outside_window"
    }

    /// Lines written by Postfix or Exim: the ones whose share not understood is watched.
    public var mailLines: Int { events + understood + notUnderstood }

    public static func + (a: LineTally, b: LineTally) -> LineTally {
        LineTally(read: a.read + b.read, events: a.events + b.events, understood: a.understood + b.understood,
                  notUnderstood: a.notUnderstood + b.notUnderstood, otherPrograms: a.otherPrograms + b.otherPrograms,
                  unrecognized: a.unrecognized + b.unrecognized, continuation: a.continuation + b.continuation,
                  oversized: a.oversized + b.oversized, blank: a.blank + b.blank,
                  outsideWindow: a.outsideWindow + b.outsideWindow, filtered: a.filtered + b.filtered)
    }
}

/// Counts for one reply code.
public struct CodeTally: Sendable, Equatable, Codable {
    public var total = 0
    public var inbound = 0
    public var outbound = 0
    public var implied = 0

    @inline(__always)
    mutating func record(_ event: RawReplyEvent) {
        total += 1
        if event.direction == .inbound { inbound += 1 } else { outbound += 1 }
        if event.implied { implied += 1 }
    }

    public static func + (a: CodeTally, b: CodeTally) -> CodeTally {
        CodeTally(total: a.total + b.total, inbound: a.inbound + b.inbound, outbound: a.outbound + b.outbound,
                  implied: a.implied + b.implied)
    }
}

/// Counts by class (2xx to 5xx), as one small fixed value for the per-hour series: four
/// stored integers, not an array, so that counting an event allocates nothing.
public struct ClassTally: Sendable, Equatable, Codable {
    public var positive = 0, intermediate = 0, transient = 0, permanent = 0

    public init() {}

    public subscript(replyClass: ReplyClass) -> Int {
        get { self[digit: replyClass.rawValue] }
        set { self[digit: replyClass.rawValue] = newValue }
    }

    @inline(__always)
    subscript(digit digit: Int) -> Int {
        get {
            switch digit {
            case 2: positive
            case 3: intermediate
            case 4: transient
            default: permanent
            }
        }
        set {
            switch digit {
            case 2: positive = newValue
            case 3: intermediate = newValue
            case 4: transient = newValue
            default: permanent = newValue
            }
        }
    }

    public var total: Int { positive + intermediate + transient + permanent }

    public static func + (a: ClassTally, b: ClassTally) -> ClassTally {
        var sum = a
        sum.positive += b.positive
        sum.intermediate += b.intermediate
        sum.transient += b.transient
        sum.permanent += b.permanent
        return sum
    }
}
