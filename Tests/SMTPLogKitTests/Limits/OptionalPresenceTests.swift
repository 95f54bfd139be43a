import Testing
@testable import SMTPLogKit

/// The hot paths test optionals of `Equatable` types in place (`isNone`, `isSome`): `== nil` on
/// them copied the value into a pair and destroyed it through its metadata.
@Suite("Optionals tested in place")
struct OptionalPresenceTests {
    @Test("isNone and isSome say what == nil and != nil say, for a line, a name and a row")
    func presence() {
        let example: LineExample? = LineExample(file: "mail.log", line: 3, text: "a line")
        let noExample: LineExample? = nil
        #expect(!example.isNone && example.isSome && noExample.isNone && !noExample.isSome)
        #expect(example.isNone == (example == nil) && noExample.isNone == (noExample == nil))
        let name: HashedName? = HashedName("203.0.113.9"), noName: HashedName? = nil
        #expect(name.isSome == (name != nil) && noName.isSome == (noName != nil))
        var details: [ReplyDetail?] = [nil, ReplyDetail()]
        #expect(details[0].isNone && details[1].isSome)
        details[0] = ReplyDetail()
        #expect(details.allSatisfy { $0.isSome })
    }
}
