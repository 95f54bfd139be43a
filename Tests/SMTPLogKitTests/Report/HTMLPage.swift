import Foundation

/// A deliberately strict reader of the HTML page the report writes. It accepts only what the
/// report should write: double-quoted attributes, explicit closing tags (or `/>`), the five
/// entities `HTMLEscaping` makes, and text with no raw `<` or `>`. Anything else, such as a tag
/// that log text smuggled in, an unbalanced tag or a bare `&`, is an error rather than something
/// to recover from the way a browser would.
struct HTMLPage {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// Index of the enclosing element in `elements`; nil for the root.
        var parent: Int?
        /// Text directly inside, entities decoded.
        var text = ""
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Every element, in document order.
    private(set) var elements: [Element] = []
    /// All the text of the page outside `<style>`, entities decoded, in order.
    private(set) var text = ""
    /// The raw content of each `<style>` element.
    private(set) var styles: [String] = []

    static let voidElements: Set<String> = ["meta", "br", "hr", "img", "input", "link", "source", "wbr"]
    static let rawTextElements: Set<String> = ["style", "script"]

    init(_ html: String) throws {
        let doctype = "<!DOCTYPE html>\n"
        guard html.hasPrefix(doctype) else { throw ParseError(description: "no <!DOCTYPE html> at the start") }
        let scalars = Array(html.unicodeScalars.dropFirst(doctype.unicodeScalars.count))
        var index = 0
        var open: [Int] = []

        func fail(_ message: String) -> ParseError {
            let context = String(String.UnicodeScalarView(scalars[max(0, index - 40)..<min(scalars.count, index + 40)]))
            return ParseError(description: "\(message) near \(context.debugDescription)")
        }
        func peek(_ literal: String) -> Bool {
            let wanted = Array(literal.unicodeScalars)
            return index + wanted.count <= scalars.count && Array(scalars[index..<index + wanted.count]) == wanted
        }
        func name() throws -> String {
            var name = ""
            while index < scalars.count,
                  CharacterSet.alphanumerics.contains(scalars[index]) || scalars[index] == "-" || scalars[index] == ":" {
                name.unicodeScalars.append(scalars[index])
                index += 1
            }
            guard let first = name.unicodeScalars.first, CharacterSet.letters.contains(first) else {
                throw fail("expected a name")
            }
            return name
        }
        func skipSpaces() {
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\n" { index += 1 }
        }
        /// Decodes `&…;` at `index`; only the entities the report writes are allowed.
        func entity() throws -> String {
            let known = ["&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'"]
            for (name, value) in known where peek(name) {
                index += name.unicodeScalars.count
                return value
            }
            throw fail("a bare or unknown entity")
        }
        func appendText(_ piece: String) {
            text += piece
            if let current = open.last { elements[current].text += piece }
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                index += 1
                if index < scalars.count, scalars[index] == "/" {
                    index += 1
                    let closing = try name()
                    guard index < scalars.count, scalars[index] == ">" else { throw fail("bad closing tag") }
                    index += 1
                    guard let current = open.popLast(), elements[current].name == closing else {
                        throw fail("</\(closing)> closes nothing open")
                    }
                    continue
                }
                if index < scalars.count, scalars[index] == "!" { throw fail("a comment or declaration") }
                let tag = try name().lowercased()
                var attributes: [String: String] = [:]
                var selfClosing = false
                while true {
                    skipSpaces()
                    guard index < scalars.count else { throw fail("unterminated tag") }
                    if scalars[index] == ">" { index += 1; break }
                    if peek("/>") { index += 2; selfClosing = true; break }
                    let attribute = try name().lowercased()
                    guard attributes[attribute] == nil else { throw fail("attribute \(attribute) twice") }
                    guard peek("=\"") else { throw fail("attribute \(attribute) without a double-quoted value") }
                    index += 2
                    var value = ""
                    while index < scalars.count, scalars[index] != "\"" {
                        if scalars[index] == "<" || scalars[index] == ">" { throw fail("raw < or > in an attribute") }
                        if scalars[index] == "&" { value += try entity(); continue }
                        value.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                    guard index < scalars.count else { throw fail("unterminated attribute") }
                    index += 1
                    attributes[attribute] = value
                }
                elements.append(Element(name: tag, attributes: attributes, parent: open.last))
                let element = elements.count - 1
                if HTMLPage.rawTextElements.contains(tag) && !selfClosing {
                    let end = "</\(tag)>"
                    var raw = String.UnicodeScalarView()
                    while index < scalars.count, !peek(end) { raw.append(scalars[index]); index += 1 }
                    guard index < scalars.count else { throw fail("<\(tag)> never closed") }
                    index += end.unicodeScalars.count
                    if tag == "style" { styles.append(String(raw)) }
                    elements[element].text = String(raw)
                } else if !selfClosing && !HTMLPage.voidElements.contains(tag) {
                    open.append(element)
                }
            } else if scalar == ">" {
                throw fail("a raw > in text")
            } else if scalar == "&" {
                appendText(try entity())
            } else {
                appendText(String(scalar))
                index += 1
            }
        }
        guard open.isEmpty else {
            throw ParseError(description: "left open: \(open.map { elements[$0].name })")
        }
    }

    func elements(named name: String) -> [Element] { elements.filter { $0.name == name } }

    /// Indices of the elements inside `ancestor`, at any depth.
    func descendants(of ancestor: Int) -> [Int] {
        elements.indices.filter { index in
            var parent = elements[index].parent
            while let current = parent {
                if current == ancestor { return true }
                parent = elements[current].parent
            }
            return false
        }
    }
}
