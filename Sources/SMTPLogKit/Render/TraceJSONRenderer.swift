// FoundationEssentials, not Foundation: the whole of Foundation (with ICU) costs each run
// about 6 MiB of resident memory for nothing smtplog uses.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `smtplog trace --format json`: schema `smtplog.trace/1`, keys sorted, so that a script can
/// diff two runs. Absent fields are left out rather than null. Times are the log's own local
/// times in ISO 8601 without a zone, as in the report's JSON.
public enum TraceJSONRenderer {
    public static let schema = "smtplog.trace/1"

    public static func render(_ report: TraceReport) throws -> String {
        try JSONWriter.document(Document(report))
    }

    struct Document: Encodable {
        struct Query: Encodable {
            var ids, message_ids, senders, recipients: [String]
            var limit: Int
        }
        struct Problem: Encodable {
            var input: String
            var line: Int?
            var message: String
        }
        var schema = TraceJSONRenderer.schema
        var query: Query
        var messages: [Message]
        var not_shown: Int
        var not_shown_is_lower_bound: Bool
        var lines_read: Int
        var inputs: [String]
        var errors: [Problem]
        var warnings: [Problem]

        init(_ report: TraceReport) {
            func texts(_ values: [[UInt8]]) -> [String] { values.map { String(decoding: $0, as: UTF8.self) } }
            query = Query(ids: texts(report.query.queueIDs), message_ids: texts(report.query.messageIDs),
                          senders: texts(report.query.senders), recipients: texts(report.query.recipients),
                          limit: report.query.limit)
            messages = report.messages.map(Message.init)
            not_shown = report.notShown
            not_shown_is_lower_bound = report.notShownIsLowerBound
            lines_read = report.linesRead
            inputs = report.inputs
            errors = report.errors.map { Problem(input: $0.input, line: $0.line, message: $0.message) }
            warnings = report.warnings.map { Problem(input: $0.input, line: $0.line, message: $0.message) }
        }
    }

    struct Message: Encodable {
        struct Arrival: Encodable {
            var time: String?
            var sender: String?
            var client_name, client_address, authenticated_as: String?
            var size, recipients: Int?
            var input: String?
            var line: Int?
        }
        struct Step: Encodable {
            var kind: String
            var time: String?
            var outcome: String?
            var recipient, relay: String?
            var code: Int?
            var enhanced, dsn, text, explanation: String?
            var delay_ms: Int?
            var handed_to: String?
            var input: String?
            var line: Int?
        }
        var queue_id: String
        var message_id: String?
        var status: String
        var total_delay_ms: Int?
        var selected_by: String
        var came_from: String?
        var handed_to: [String]
        var first_seen, last_seen: String?
        var left_queue: Bool
        var arrival: Arrival
        var steps: [Step]
        var steps_not_shown: Int
        var earlier_deliveries_not_shown: Int

        init(_ trace: MessageTrace) {
            queue_id = trace.queueID
            message_id = trace.messageID
            status = trace.status.rawValue
            total_delay_ms = trace.totalDelayMillis
            selected_by = trace.selectedBy
            came_from = trace.cameFrom
            handed_to = trace.handedTo
            first_seen = trace.firstTime?.description
            last_seen = trace.lastTime?.description
            left_queue = trace.leftQueue
            let a = trace.arrival
            arrival = Arrival(time: a.time?.description, sender: a.sender, client_name: a.clientName,
                              client_address: a.clientAddress, authenticated_as: a.authenticatedAs, size: a.size,
                              recipients: a.recipientCount, input: a.source?.input, line: a.source?.line)
            steps = trace.steps.map {
                Step(kind: $0.kind.rawValue, time: $0.time?.description, outcome: $0.outcome?.rawValue, recipient: $0.recipient,
                     relay: $0.relay, code: $0.code, enhanced: $0.enhanced, dsn: $0.dsn, text: $0.text, explanation: $0.explanation,
                     delay_ms: $0.delayMillis, handed_to: $0.handedTo, input: $0.source?.input, line: $0.source?.line)
            }
            steps_not_shown = trace.stepsNotShown
            earlier_deliveries_not_shown = trace.earlierDeliveriesNotShown
        }
    }
}
