/// Messages by what became of them, as pflogsumm and eximstats count them: one per message
/// received, one per recipient line delivered, deferred or bounced, one per refusal.
public struct MessageCounts: Sendable, Equatable, Codable {
    public var received = 0
    public var bytesReceived = 0
    public var delivered = 0
    public var bytesDelivered = 0
    public var deferred = 0
    public var bounced = 0
    public var rejected = 0
    /// Deliveries Postfix's local agent forwarded to another address (`forwarded as QID`): not
    /// delivered, as pflogsumm counts them, because the copy is a new message whose recipients
    /// are delivered, deferred or bounced on lines of their own.
    public var forwarded = 0
    /// Messages returned to their senders after the maximal queue lifetime.
    public var expired = 0
    public var discarded = 0
    public var held = 0

    public init() {}

    public static func += (lhs: inout MessageCounts, rhs: MessageCounts) {
        lhs.received += rhs.received
        lhs.bytesReceived += rhs.bytesReceived
        lhs.delivered += rhs.delivered
        lhs.bytesDelivered += rhs.bytesDelivered
        lhs.deferred += rhs.deferred
        lhs.bounced += rhs.bounced
        lhs.rejected += rhs.rejected
        lhs.forwarded += rhs.forwarded
        lhs.expired += rhs.expired
        lhs.discarded += rhs.discarded
        lhs.held += rhs.held
    }
}

/// Received, delivered, deferred, bounced and rejected in one day or hour, for pflogsumm's
/// per-day and per-hour traffic tables.
public struct TrafficTally: Sendable, Equatable, Codable {
    public var received = 0
    public var delivered = 0
    public var deferred = 0
    public var bounced = 0
    public var rejected = 0

    public init() {}

    public var isEmpty: Bool { received + delivered + deferred + bounced + rejected == 0 }

    public static func + (lhs: TrafficTally, rhs: TrafficTally) -> TrafficTally {
        var sum = lhs
        sum.received += rhs.received
        sum.delivered += rhs.delivered
        sum.deferred += rhs.deferred
        sum.bounced += rhs.bounced
        sum.rejected += rhs.rejected
        return sum
    }
}

/// A destination domain's deliveries: how many, how many bytes, and how long they waited.
public struct DomainTraffic: TableValue, Codable {
    public var delivered = 0
    public var deferred = 0
    public var bounced = 0
    public var bytes = 0
    /// Delays of the deliveries that logged one (`delay=`, Exim `QT=`), in milliseconds.
    public var delayed = 0
    public var delaySum = 0
    public var delayMax = 0

    public init() {}

    public var weight: Int { delivered + deferred + bounced }
    public var averageDelayMillis: Int? { delayed > 0 ? delaySum / delayed : nil }

    public static func + (lhs: DomainTraffic, rhs: DomainTraffic) -> DomainTraffic {
        var sum = lhs
        sum.delivered += rhs.delivered
        sum.deferred += rhs.deferred
        sum.bounced += rhs.bounced
        sum.bytes += rhs.bytes
        sum.delayed += rhs.delayed
        sum.delaySum += rhs.delaySum
        sum.delayMax = max(lhs.delayMax, rhs.delayMax)
        return sum
    }
}

/// Messages and bytes of one sender or recipient (address or domain).
public struct Volume: TableValue, Codable {
    public var messages = 0
    public var bytes = 0

    public init() {}

    public init(messages: Int, bytes: Int) {
        self.messages = messages
        self.bytes = bytes
    }

    public var weight: Int { messages }

    public static func + (lhs: Volume, rhs: Volume) -> Volume {
        var sum = lhs
        sum.messages += rhs.messages
        sum.bytes += rhs.bytes
        return sum
    }
}
