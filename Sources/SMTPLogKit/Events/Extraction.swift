/// What one line turned out to be, as an extractor tells it: one of `LineKind`'s `.event`,
/// `.nonEvent`, `.notice` and `.notUnderstood`, never another.
///
/// - `.event`: the line carries one SMTP reply.
/// - `.nonEvent`: a mail-program line that was understood and carries no reply.
/// - `.notice`: a mail-program line with no reply that a finding needs: a system warning or
///   error, a delivery that failed without a reply, a cached verdict.
/// - `.notUnderstood`: a mail-program line that looks like it could carry a reply but matched no
///   known shape: reported with examples, because a real line the tool misses is a bug.
///
/// The line kind itself, not an enum of its own: the parser stores what the extractor returns
/// as it is, where turning one enum into the other copied the event once more through narrow
/// stores and wide loads (a store-forwarding stall on Postfix lines in `perf annotate`), about
/// 26 instructions a line (callgrind).
public typealias Extraction = LineKind
