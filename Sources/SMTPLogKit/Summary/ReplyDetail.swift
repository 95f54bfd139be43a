/// The replies one code got in one direction: when, and a couple of lines that show them.
public struct ReplyDetail: Sendable, Equatable, Codable {
    public static let exampleLimit = 2
    public var count = 0
    public var first: LogTime?
    public var last: LogTime?
    /// The first lines seen, in file order: merging keeps the earlier chunk's first.
    public var examples: [LineExample] = []

    public init() {}

    @inline(__always)
    mutating func record(time: LogTime?, example: () -> LineExample) {
        count += 1
        if let time {
            if first == nil || time < first! { first = time }
            if last == nil || last! < time { last = time }
        }
        if examples.count < ReplyDetail.exampleLimit { examples.append(example()) }
    }

    public static func + (a: ReplyDetail, b: ReplyDetail) -> ReplyDetail {
        var merged = a
        merged.count += b.count
        merged.first = [a.first, b.first].compactMap { $0 }.min()
        merged.last = [a.last, b.last].compactMap { $0 }.max()
        merged.examples = Array((a.examples + b.examples).prefix(exampleLimit))
        return merged
    }
}
