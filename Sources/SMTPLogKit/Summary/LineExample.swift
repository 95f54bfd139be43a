/// A line kept to show the reader, with where it came from.
///
/// Its text is cut when the line is long: a report shows a line to prove a point, and the point
/// (the reply text, the reason) is at the end of a mail log line, so the middle goes and the
/// end stays. The cut happens when the example is kept, so that a table of examples stays small
/// in bytes whatever the lines held.
public struct LineExample: Sendable, Equatable, Codable {
    /// Bytes of a line kept at most: the head (stamp, host, program, queue id) and the tail.
    public static let headBytes = 120
    public static let tailBytes = 360
    public static let elision = " … "

    public var file: String
    public var line: Int
    /// The line as read, cut in the middle when long; invalid UTF-8 replaced, control
    /// characters escaped on output.
    public var text: String

    enum CodingKeys: String, CodingKey {
        case file, line, text
    }

    /// Read from a host's payload (`smtplog merge`), the file is named with its host
    /// (`mx1:/var/log/mail.log`): a merged report's examples come from several hosts' files,
    /// often of the same name.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        file = try container.decode(String.self, forKey: .file)
        line = try container.decode(Int.self, forKey: .line)
        text = try container.decode(String.self, forKey: .text)
        if let host = (decoder.userInfo[.exampleHost] as? ExampleHost)?.name { file = host + ":" + file }
    }

    public init(file: String, line: Int, text: String) {
        self.file = file
        self.line = line
        self.text = text
    }

    /// From the line's bytes, cut in the middle when it is longer than head and tail together.
    public init(file: String, line: Int, bytes: UnsafeBufferPointer<UInt8>) {
        self.file = file
        self.line = line
        text = LineExample.text(of: bytes)
    }

    static func text(of bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > headBytes + tailBytes + elision.utf8.count else { return LogText.display(bytes) }
        var headEnd = headBytes
        // Cut at UTF-8 character boundaries: a continuation byte is 10xxxxxx.
        while headEnd > 0, bytes[headEnd] & 0xC0 == 0x80 { headEnd -= 1 }
        var tailStart = bytes.count - tailBytes
        while tailStart < bytes.count, bytes[tailStart] & 0xC0 == 0x80 { tailStart += 1 }
        return LogText.display(UnsafeBufferPointer(rebasing: bytes[0..<headEnd])) + elision
            + LogText.display(UnsafeBufferPointer(rebasing: bytes[tailStart...]))
    }
}
