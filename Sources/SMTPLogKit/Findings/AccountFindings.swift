/// The rules about accounts make one finding per account, the most active first: each is a
/// case to act on (lock, reset, hold its mail). At most `--top` of them are shown one by one; the
/// accounts beyond make one more finding that names them, so that no account is left unsaid.
enum AccountFindings {
    static func capped(_ findings: [Finding], top: Int, noun: String) -> [Finding] {
        let shown = max(1, top)
        guard findings.count > shown, let next = findings.dropFirst(shown).first else { return findings }
        let rest = findings.dropFirst(shown)
        var users: [Finding.Entry] = rest.flatMap { $0.subjects[.users]?.entries ?? [] }
        users.sort { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        let listed = Array(users.prefix(shown))
        let total = users.reduce(0) { $0 + $1.count }
        let firsts = rest.compactMap(\.first), lasts = rest.compactMap(\.last)
        let more = Finding(kind: next.kind, severity: rest.map(\.severity).max() ?? next.severity, direction: next.direction,
                           code: next.code, topic: next.topic,
                           statement: "\(Wording.plural(rest.count, "more account")) \(noun), each as the findings above",
                           count: rest.reduce(0) { $0 + $1.count }, primary: .users,
                           subjects: [.users: Finding.NameList(entries: listed, hidden: total - listed.reduce(0) { $0 + $1.count },
                                                               distinct: users.count)],
                           first: firsts.min(), last: lasts.max(), examples: Array(next.examples.prefix(2)),
                           explanation: next.explanation, fix: next.fix)
        return Array(findings.prefix(shown)) + [more]
    }
}
