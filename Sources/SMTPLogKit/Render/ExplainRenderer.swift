/// Renders the knowledge base as the plain text of `smtplog explain`: one code, two codes
/// side by side, or the list of every code. Output is deterministic and carries no colour, so
/// the executable can decide about colour and tests can compare it byte for byte.
public enum ExplainRenderer {
    /// One code: the title line, then what it means, when you see it and how to fix it, each
    /// for inbound and outbound replies.
    public static func explain(_ entry: KnowledgeEntry, language: ExplainLanguage = .en, width: Int = 100) -> String {
        var page = Page(width: width)
        header(entry, language: language, into: &page)
        page.blank()
        sections(entry, language: language, indent: 0, into: &page)
        return page.text
    }

    /// Two codes the way the reference pages compare them: the class of each, what each
    /// means, when you see each, the key differences, and what to do about each.
    public static func compare(_ first: KnowledgeEntry, _ second: KnowledgeEntry,
                               language: ExplainLanguage = .en, width: Int = 100) -> String {
        var page = Page(width: width)
        page.paragraph("SMTP \(first.code) \(first.title) vs \(second.code) \(second.title)", hanging: 2)
        page.blank()
        page.paragraph(introduction(first, second))
        for entry in [first, second] {
            page.blank()
            header(entry, language: language, into: &page)
            sections(entry, language: language, indent: 2, into: &page)
        }
        page.blank()
        page.paragraph(language.differencesHeading)
        for (index, item) in differences(first, second).enumerated() {
            let number = "\(index + 1). "
            page.paragraph(number + item, indent: 2, hanging: 2 + number.count)
        }
        page.blank()
        page.paragraph(language.whenToUseHeading)
        for entry in [first, second] {
            page.paragraph("For \(entry.code) (\(entry.title)): \(entry.summary). \(action(for: entry.replyClass))",
                           indent: 2, hanging: 4)
        }
        return page.text
    }

    /// Every code the knowledge base holds, with its class and title, in aligned columns.
    public static func codeList(language: ExplainLanguage = .en, width: Int = 100) -> String {
        var page = Page(width: width)
        page.paragraph(language.replyCodesHeading)
        table(KnowledgeBase.replyEntries.map { [$0.code, $0.replyClass.description, $0.title] },
              language: language, into: &page)
        page.blank()
        page.paragraph(language.enhancedCodesHeading)
        let enhanced = zip(KnowledgeBase.allEnhancedCodes, KnowledgeBase.enhancedEntries).map { code, entry in
            [code, KnowledgeBase.usualClasses(ofEnhanced: code).map { String($0.rawValue) }.joined(separator: "/"),
             entry.title]
        }
        table(enhanced, language: language, into: &page)
        return page.text
    }

    // MARK: - Parts

    private static func header(_ entry: KnowledgeEntry, language: ExplainLanguage, into page: inout Page) {
        page.paragraph("SMTP \(entry.code) \(entry.title) — \(entry.replyClass) \(entry.replyClass.title)", hanging: 2)
        if !entry.related.isEmpty {
            page.paragraph("\(language.relatedLabel): " + entry.related.joined(separator: ", "), hanging: 2)
        }
    }

    private static func sections(_ entry: KnowledgeEntry, language: ExplainLanguage, indent: Int, into page: inout Page) {
        page.paragraph(language.descriptionHeading, indent: indent)
        page.paragraph(entry.meaning, indent: indent + 2)
        page.blank()
        page.paragraph(language.whenSeenHeading, indent: indent)
        directional(entry.whenSeen, language: language, indent: indent + 2, into: &page)
        page.blank()
        page.paragraph(language.fixHeading, indent: indent)
        directional(entry.fix, language: language, indent: indent + 2, into: &page)
    }

    private static func directional(_ text: (Direction) -> String, language: ExplainLanguage, indent: Int,
                                    into page: inout Page) {
        for (index, direction) in Direction.allCases.enumerated() {
            if index > 0 { page.blank() }
            page.paragraph(language.label(for: direction), indent: indent, hanging: indent + 2)
            page.paragraph(text(direction), indent: indent + 2)
        }
    }

    private static func introduction(_ first: KnowledgeEntry, _ second: KnowledgeEntry) -> String {
        if first.replyClass == second.replyClass {
            return "Both SMTP \(first.code) (\(first.title)) and \(second.code) (\(second.title)) belong to the "
                + "\(first.replyClass) \(first.replyClass.title) class: \(consequence(of: first.replyClass))."
        }
        return "SMTP \(first.code) (\(first.title)) is a \(first.replyClass) \(first.replyClass.title) response, "
            + "while \(second.code) (\(second.title)) is a \(second.replyClass) \(second.replyClass.title) response."
    }

    private static func differences(_ first: KnowledgeEntry, _ second: KnowledgeEntry) -> [String] {
        var items: [String] = []
        if first.code == second.code {
            items.append("These are the same code; there is nothing to tell apart.")
        } else if first.replyClass == second.replyClass {
            items.append("Both \(first.code) and \(second.code) are \(first.replyClass) \(first.replyClass.title) "
                + "responses: \(consequence(of: first.replyClass)).")
        } else {
            items.append("\(first.code) is a \(first.replyClass) \(first.replyClass.title) response "
                + "(\(consequence(of: first.replyClass))), while \(second.code) is a \(second.replyClass) "
                + "\(second.replyClass.title) response (\(consequence(of: second.replyClass))).")
        }
        items.append("SMTP \(first.code): \(first.summary).")
        items.append("SMTP \(second.code): \(second.summary).")
        if first.kind != second.kind {
            let (basic, enhanced) = first.kind == .replyCode ? (first, second) : (second, first)
            if basic.related.contains(enhanced.code) {
                items.append("They belong together: \(basic.code) is the basic reply and \(enhanced.code) the enhanced "
                    + "status code servers write after it, as in \"\(basic.code) \(enhanced.code)\".")
            } else {
                items.append("\(basic.code) is a basic reply code (RFC 5321); \(enhanced.code) is an enhanced status "
                    + "code (RFC 3463) that a server writes after a basic code to say more precisely what happened.")
            }
        }
        return items
    }

    private static func consequence(of replyClass: ReplyClass) -> String {
        switch replyClass {
        case .positiveCompletion: "the command succeeded"
        case .positiveIntermediate: "the server accepted the command and waits for more input"
        case .transientNegative: "a temporary failure that the sender retries"
        case .permanentNegative: "a permanent failure that retrying unchanged will not fix"
        }
    }

    private static func action(for replyClass: ReplyClass) -> String {
        switch replyClass {
        case .positiveCompletion:
            "Nothing to fix; it confirms the step worked."
        case .positiveIntermediate:
            "Nothing to fix unless the session stops right after it."
        case .transientNegative:
            "Give it time, the sender retries on its own; act when it repeats for the same peer or outlasts the "
                + "retry period (Postfix maximal_queue_lifetime, Exim retry rules)."
        case .permanentNegative:
            "Act on it: this step failed for good. Follow the fix above for the direction it appeared in."
        }
    }

    /// Code, class and title columns. The title column wraps under itself; when the terminal is
    /// too narrow for that, each title goes on its own line under its code.
    private static func table(_ rows: [[String]], language: ExplainLanguage, into page: inout Page) {
        let header = [language.codeColumn, language.classColumn, language.titleColumn]
        let all = [header] + rows
        let codeWidth = all.map { TextWrapping.columns($0[0]) }.max() ?? 0
        let classWidth = all.map { TextWrapping.columns($0[1]) }.max() ?? 0
        let titleColumn = 2 + codeWidth + 2 + classWidth + 2
        let fits = page.width - titleColumn >= 16
        for row in all {
            if fits {
                let cells = "  " + TextWrapping.padded(row[0], to: codeWidth) + "  "
                    + TextWrapping.padded(row[1], to: classWidth) + "  "
                page.row(cells, cellColumns: titleColumn, text: row[2])
            } else {
                page.paragraph(row[0] + "  " + row[1], indent: 2, hanging: 4)
                page.paragraph(row[2], indent: 4)
            }
        }
    }
}

/// Lines of output at a fixed width, with at most one blank line in a row.
private struct Page {
    let width: Int
    private var lines: [String] = []

    init(width: Int) { self.width = max(2, width) }

    mutating func paragraph(_ text: String, indent: Int = 0, hanging: Int? = nil) {
        lines += TextWrapping.wrap(text, width: width, indent: indent, hanging: hanging)
    }

    /// A table row: `cells` are already padded to `cellColumns` columns; `text` wraps in the
    /// room to their right and its continuation lines start under its first word.
    mutating func row(_ cells: String, cellColumns: Int, text: String) {
        let pieces = TextWrapping.wrap(text, width: width - cellColumns)
        for (index, piece) in pieces.enumerated() {
            lines.append((index == 0 ? cells : String(repeating: " ", count: cellColumns)) + piece)
        }
    }

    mutating func blank() {
        if let last = lines.last, !last.isEmpty { lines.append("") }
    }

    var text: String {
        var result = lines
        while result.last == "" { result.removeLast() }
        return result.joined(separator: "\n") + "\n"
    }
}
