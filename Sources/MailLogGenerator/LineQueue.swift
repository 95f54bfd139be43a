/// A line planned for a time not yet reached.
struct PendingLine {
    var time: Micros
    /// The order in which lines were planned: lines of the same time keep it.
    var order: UInt64
    var program: Program
    var pid: Int32
    var text: [UInt8]

    @inline(__always) func precedes(_ other: PendingLine) -> Bool {
        time != other.time ? time < other.time : order < other.order
    }
}

/// The lines planned but not yet written, earliest first (a binary heap). Sessions overlap
/// and a deferred message is tried again minutes later, so lines are planned out of order
/// and written in order. It holds only what lies ahead of the clock: the lines of the
/// sessions under way and the retries waiting, never the log.
struct LineQueue {
    private var heap: [PendingLine] = []
    private var planned: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var earliest: Micros? { heap.first?.time }

    mutating func push(time: Micros, program: Program, pid: Int32, text: [UInt8]) {
        planned += 1
        heap.append(PendingLine(time: time, order: planned, program: program, pid: pid, text: text))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> PendingLine {
        let top = heap.count - 1
        heap.swapAt(0, top)
        let line = heap.removeLast()
        var parent = 0
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            var child = left
            if left + 1 < count, heap[left + 1].precedes(heap[left]) { child = left + 1 }
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            parent = child
        }
        return line
    }
}

/// The program a line is logged by, with its syslog name.
enum Program: UInt8 {
    case smtpd, submission, smtps, cleanup, qmgr, smtp, lmtp, local, pickup, bounce, error
    case postscreen, dnsblog, anvil, scache, dovecot, amavis, opendkim, policyd
    /// Exim: its own stamp and no program name.
    case exim

    static let names: [Name] = [
        "postfix/smtpd", "postfix/submission/smtpd", "postfix/smtps/smtpd", "postfix/cleanup", "postfix/qmgr",
        "postfix/smtp", "postfix/lmtp", "postfix/local", "postfix/pickup", "postfix/bounce", "postfix/error",
        "postfix/postscreen", "postfix/dnsblog", "postfix/anvil", "postfix/scache", "dovecot", "amavis", "opendkim",
        "policyd-spf", "",
    ].map { Array($0.utf8) }

    var name: Name { Program.names[Int(rawValue)] }
}
