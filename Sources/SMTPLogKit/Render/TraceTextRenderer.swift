/// The text of `smtplog trace`: per message a heading with its queue id and how it ended, its
/// arrival, then one line per step in log order, each with the line it came from; a reply's
/// text and the knowledge base's one line about its code are indented below it.
///
/// Everything the log wrote goes through `DisplayText.escaped`: addresses, host names and
/// replies are written by strangers, and a terminal must not run what they wrote.
public enum TraceTextRenderer {
    public static func render(_ report: TraceReport) -> String {
        var out = ""
        for (number, message) in report.messages.enumerated() {
            if number > 0 { out += "\n" }
            render(message, into: &out)
        }
        if report.notShown > 0 {
            if !out.isEmpty { out += "\n" }
            let count = report.notShownIsLowerBound ? "At least \(report.notShown.formatted)" : report.notShown.formatted
            out += "\(count) more matching message\(report.notShown == 1 ? "" : "s") not shown (--limit \(report.query.limit)).\n"
        }
        if !report.foundAny {
            out += "No message matched in \(report.linesRead.formatted) line\(report.linesRead == 1 ? "" : "s") read.\n"
        }
        return out
    }

    static func render(_ message: MessageTrace, into out: inout String) {
        var heading = message.queueID == "NOQUEUE" ? "Refused before it was queued (NOQUEUE)"
            : "Message \(e(message.queueID)): \(phrase(message.status))"
        if message.queueID != "NOQUEUE", let delay = message.totalDelayMillis { heading += ", \(DisplayText.duration(milliseconds: delay)) in the queue" }
        out += heading + "\n"
        var facts: [(String, String)] = []
        if let id = message.messageID { facts.append(("message-id", "<\(e(id))>")) }
        let arrival = message.arrival
        if let sender = arrival.sender { facts.append(("from", sender.isEmpty ? "<> (a bounce)" : "<\(e(sender))>")) }
        if arrival.clientName != nil || arrival.clientAddress != nil {
            var client = arrival.clientName.map(e) ?? ""
            if let address = arrival.clientAddress { client += "[\(e(address))]" }
            facts.append(("client", client))
        }
        if let user = arrival.authenticatedAs { facts.append(("authenticated", e(user))) }
        if let size = arrival.size {
            var text = "\(size.formatted) bytes"
            if let count = arrival.recipientCount { text += ", \(count) recipient\(count == 1 ? "" : "s")" }
            facts.append(("size", text))
        }
        if let from = message.cameFrom {
            let how = switch message.selectedBy {
            case "notice": "the notice about \(e(from))"
            case "relay": "\(e(from)), through another instance of the mail system"
            default: "\(e(from)), back from the content filter"
            }
            facts.append(("came from", how))
        }
        if !message.handedTo.isEmpty { facts.append(("handed on to", message.handedTo.map(e).joined(separator: ", "))) }
        facts.append(("selected by", message.selectedBy))
        for (label, value) in facts { out += "  " + label.padding(14) + value + "\n" }
        if let time = arrival.time {
            out += "  \(LogTime.spaced(time))  arrived" + where_(arrival.source) + "\n"
        }
        if message.earlierDeliveriesNotShown > 0 {
            let count = message.earlierDeliveriesNotShown
            out += "  (\(count) delivery line\(count == 1 ? "" : "s") of other recipients before it was selected: not shown)\n"
        }
        for step in message.steps { render(step, into: &out) }
        if message.stepsNotShown > 0 { out += "  (\(message.stepsNotShown.formatted) more steps not shown)\n" }
    }

    static func render(_ step: MessageTrace.Step, into out: inout String) {
        let time = step.time.map(LogTime.spaced) ?? "                   "
        var line = "  \(time)  "
        switch step.kind {
        case .delivery:
            line += (step.outcome?.rawValue ?? "delivery")
            if let recipient = step.recipient { line += " to <\(e(recipient))>" }
            if let relay = step.relay, relay != "none" { line += " via \(e(relay))" }
        case .filter:
            line += "passed to \(step.relay.map(e) ?? "a filter")"
            if let recipient = step.recipient { line += " for <\(e(recipient))>" }
            if let next = step.handedTo { line += ", queued here as \(e(next))" }
        case .reply:
            line += "reply from \(step.relay.map(e) ?? "a server")"
            if let recipient = step.recipient { line += " for <\(e(recipient))>" }
        case .notice:
            line += "notice to the sender queued as \(step.handedTo.map(e) ?? "?")"
        case .expired: line += "expired, returned to the sender"
        case .removed: line += "removed from the queue"
        case .held: line += "held"
        case .discarded: line += "discarded"
        case .rejected:
            line += "rejected by this server"
            if let recipient = step.recipient { line += " for <\(e(recipient))>" }
        }
        if let delay = step.delayMillis { line += " (delay \(DisplayText.duration(milliseconds: delay)))" }
        out += line + where_(step.source) + "\n"
        var reply = [step.code.map(String.init), step.enhanced.map(e)].compactMap { $0 }.joined(separator: " ")
        if let text = step.text, step.kind != .notice {
            let escaped = e(text)
            // The reply's own text starts with its code most of the time: not written twice.
            let written = reply.isEmpty || escaped.hasPrefix(reply) || step.code.map { escaped.contains("said: \($0)") } ?? false
            reply = written ? escaped : reply + " " + escaped
        }
        if let dsn = step.dsn, dsn != step.enhanced { reply += (reply.isEmpty ? "" : " ") + "[dsn=\(e(dsn))]" }
        if !reply.isEmpty { out += "                         " + reply + "\n" }
        if let explanation = step.explanation { out += "                         = " + e(explanation) + "\n" }
    }

    static func phrase(_ status: MessageTrace.Status) -> String {
        switch status {
        case .sent: "sent"
        case .bounced: "bounced"
        case .deferred: "deferred, still queued when the log ends"
        case .expired: "expired"
        case .handedOn: "handed on (a content filter, another instance)"
        case .removed: "removed from the queue"
        case .held: "held"
        case .rejected: "rejected"
        case .queued: "queued, no delivery read"
        }
    }

    private static func where_(_ source: MessageTrace.Source?) -> String {
        guard let source else { return "" }
        return "  [\(e(source.input)):\(source.line)]"
    }

    private static func e(_ text: String) -> String { DisplayText.escaped(text) }
}

private extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
