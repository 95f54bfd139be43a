/// The messages in flight, by queue id (Postfix) or message id (Exim): what a delivery needs
/// from its message's arrival (the size, for bytes delivered) and what an arrival needs from
/// its first size line (bytes received, the sender's volume).
///
/// Bounded: at most `capacity` messages are kept; past it, the oldest half is dropped and
/// counted (`dropped`), and a delivery whose message was dropped is counted as one whose size
/// is unknown. A message leaves the table when it leaves the queue (`removed`, `Completed`).
///
/// A value that merges: a file read in chunks, or a rotated set, puts an arrival in one part and
/// its deliveries in the next. Each part keeps what it could not settle, the messages still in
/// flight at its end and the ones it met first by a line other than their arrival ("head"
/// entries, with the deliveries and size lines they are waiting on), and `+=` settles them
/// against the part before. One pass, any number of chunks and a rotated set give the same
/// figures.
public struct MessageJoin: Sendable, Equatable {
    public static let defaultCapacity = 100_000

    /// A delivery waiting for its message's size: whom it went to, for their byte counts.
    struct Pending: Sendable, Equatable {
        var recipient: String
        var domain: String
    }

    struct Entry: Sendable, Equatable {
        /// Insertion order, to drop the oldest when the table is full.
        var order: Int
        /// This part saw the message's arrival.
        var received = false
        /// This part met the message first by another line: its arrival and first size line
        /// may be in an earlier part.
        var head = false
        /// The size of the first size line this part saw; -1 for none.
        var size = -1
        /// For a head entry whose size this part saw without its arrival: the sender that
        /// size line named, waiting to learn whether it was the message's first.
        var sender: String?
        /// Deliveries seen before any size, at most `pendingLimit`; `pendingOverflow` counts
        /// the rest (bytes are still counted for them, the recipients' shares are not).
        var pending: [Pending] = []
        var pendingOverflow = 0
        var removed = false
    }

    static let pendingLimit = 16

    private(set) var entries: [MessageKey: Entry] = [:]
    private var nextOrder = 0
    let capacity: Int
    /// Messages dropped from a full table.
    private(set) var dropped = 0
    /// Deliveries that waited for a size in a message that was dropped.
    private(set) var unsizedDropped = 0

    init(capacity: Int = MessageJoin.defaultCapacity) {
        self.capacity = max(2, capacity)
    }

    /// The entry of `key`, created when new; `head` says how it is met.
    @inline(__always)
    mutating func entry(_ key: MessageKey, head: Bool, _ body: (inout Entry) -> Void) {
        if entries[key] == nil {
            entries[key] = Entry(order: nextOrder, head: head)
            nextOrder += 1
            if entries.count > capacity { prune() }
        }
        if entries[key] != nil { body(&entries[key]!) }
    }

    mutating func remove(_ key: MessageKey) {
        entries[key] = nil
    }

    /// Drops the oldest half, counting the deliveries that lose their size with them.
    private mutating func prune() {
        let oldest = entries.sorted { $0.value.order < $1.value.order }.prefix(entries.count - capacity / 2)
        for (key, entry) in oldest {
            entries[key] = nil
            dropped += 1
            unsizedDropped += entry.pending.count + entry.pendingOverflow
        }
    }

    /// Deliveries still waiting for a size: their message's arrival is not in the log, or
    /// beyond what the table kept.
    var unsizedDeliveries: Int {
        entries.values.reduce(unsizedDropped) { $0 + $1.pending.count + $1.pendingOverflow }
    }

    /// Takes `other` (a later part) in: its entries replace or settle this part's; `settle`
    /// is called for each message met first in `other` that this part also holds, with this
    /// part's entry and `other`'s, and returns the merged entry (nil when it is finished).
    mutating func merge(_ other: MessageJoin, settle: (Entry, Entry) -> Entry?) {
        dropped += other.dropped
        unsizedDropped += other.unsizedDropped
        for (key, theirs) in other.entries.sorted(by: { $0.value.order < $1.value.order }) {
            if theirs.head, let ours = entries[key] {
                entries[key] = settle(ours, theirs).map { var merged = $0; merged.order = ours.order; return merged }
            } else {
                var copy = theirs
                copy.order = nextOrder
                nextOrder += 1
                entries[key] = copy
            }
        }
        if entries.count > capacity { prune() }
    }
}
