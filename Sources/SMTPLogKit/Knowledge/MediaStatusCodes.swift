/// X.6.x, message content or media: the message body or its encoding is the problem,
/// including the internationalised-address codes of RFC 6531 (SMTPUTF8).
extension EnhancedStatusRecord {
    static let media: [EnhancedStatusRecord] = [
        EnhancedStatusRecord(
            6, 0, "Other or Undefined Media Error",
            summary: "Problem with the message content or its encoding",
            meaning: """
                Something about the message content or its MIME structure prevents delivery, and \
                no more precise detail applies.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix uses 5.6.0 for MIME problems it is told to enforce: "improper use of \
                    8-bit data in message header" (strict_8bitmime, strict_8bitmime_body), \
                    "invalid message/* or multipart/* encoding domain" \
                    (strict_mime_encoding_domain), "MIME nesting exceeds safety limit" \
                    (mime_nesting_limit). Content filters may also reject with it.
                    """,
                fix: """
                    These strict checks reject much legitimate mail from sloppy software; turn \
                    them off unless you need them, and fix the sending application if it is ours.
                    """),
            outbound: DirectionalAdvice(
                seen: "When a remote rejects the structure or encoding of our message.",
                fix: """
                    Find the application that created the message and make it produce valid MIME \
                    (proper Content-Transfer-Encoding, no raw 8-bit headers).
                    """)),
        EnhancedStatusRecord(
            6, 1, "Media Not Supported",
            summary: "Destination cannot handle this kind of content",
            meaning: """
                The message contains a media type the destination does not support, for example \
                content a gateway cannot pass on.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: """
                    When a content filter on our side refuses an attachment type (executables, \
                    certain archives) and chooses this code.
                    """,
                fix: "Intended if the filter policy is right; adjust the filter's list otherwise."),
            outbound: DirectionalAdvice(
                seen: "When a remote refuses an attachment or content type, often executable or macro files.",
                fix: "The sender must send the file another way (a link, a different format).")),
        EnhancedStatusRecord(
            6, 2, "Conversion Required and Prohibited",
            summary: "Content would need conversion, but conversion is not allowed",
            meaning: """
                The content must be converted to be delivered (for example 8-bit to 7-bit), but \
                conversion is prohibited for this message.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Rare; Postfix and Exim convert or pass content without this error in normal setups.",
                fix: "Nothing to fix in usual configurations."),
            outbound: DirectionalAdvice(
                seen: """
                    When our message needs downgrading for a remote that lacks 8BITMIME but the \
                    message forbids conversion (Postfix disable_mime_output_conversion = yes \
                    prevents it on our side too).
                    """,
                fix: "Allow MIME conversion on our side (disable_mime_output_conversion = no) or send 7-bit content.")),
        EnhancedStatusRecord(
            6, 3, "Conversion Required but Not Supported",
            summary: "Content would need conversion the system cannot perform",
            meaning: """
                The content must be converted to be delivered, but the system cannot perform \
                the conversion (for example binary content to a server without BINARYMIME).
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Rare with Postfix and Exim.",
                fix: "Nothing to fix in usual configurations."),
            outbound: DirectionalAdvice(
                seen: "When our message uses an encoding the next hop cannot take and nobody can convert.",
                fix: "Have the sending application use base64 or quoted-printable encodings.")),
        EnhancedStatusRecord(
            6, 4, "Conversion with Loss Performed",
            summary: "Delivered, but the content was converted with some loss",
            meaning: """
                The message was delivered, but its content had to be converted and something \
                was lost in the conversion.
                """,
            classes: [.positiveCompletion, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Rare; Postfix and Exim do not report lossy conversions this way.",
                fix: "Nothing to fix; the message was delivered."),
            outbound: DirectionalAdvice(
                seen: "In delivery reports from gateways (fax, SMS) that had to simplify our message.",
                fix: "Nothing to fix, but the recipient may not see the message exactly as sent.")),
        EnhancedStatusRecord(
            6, 5, "Conversion Failed",
            summary: "Content conversion was attempted and failed",
            meaning: "A conversion of the message content was attempted and failed.",
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: "When a content filter or gateway on our side fails to convert a message.",
                fix: "Check the filter's own log for the conversion error."),
            outbound: DirectionalAdvice(
                seen: "When a remote gateway could not convert our message.",
                fix: "The sender may resend in a simpler format (plain text, a common attachment type).")),
        EnhancedStatusRecord(
            6, 6, "Message Content Not Available",
            summary: "Referenced message content could not be fetched",
            meaning: """
                RFC 4468 (BURL): the server was asked to fetch the message content from a URL, \
                typically on an IMAP server, and could not retrieve it.
                """,
            classes: [.transientNegative, .permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Only with the BURL extension, which stock Postfix and Exim do not offer.",
                fix: "Check the submission server's access to the IMAP server the URL names."),
            outbound: DirectionalAdvice(
                seen: "Only if our client submits with BURL; ordinary delivery never does.",
                fix: "Nothing in ordinary setups.")),
        EnhancedStatusRecord(
            6, 7, "Non-ASCII Addresses Not Permitted for That Sender/Recipient",
            summary: "Internationalised (UTF-8) address used without SMTPUTF8",
            meaning: """
                RFC 6531: the message uses an address with non-ASCII characters (an \
                internationalised address), but the transaction was not declared SMTPUTF8 or \
                the other side does not support it.
                """,
            classes: [.permanentNegative], with: [553],
            inbound: DirectionalAdvice(
                seen: """
                    Postfix: "553 5.6.7 Must declare SMTPUTF8 to send unicode address" when a \
                    client sends a UTF-8 address without the SMTPUTF8 parameter (with \
                    smtputf8_enable = yes).
                    """,
                fix: """
                    The client must add SMTPUTF8 to MAIL FROM when it uses UTF-8 addresses; an \
                    old client must use the ASCII form of the address.
                    """),
            outbound: DirectionalAdvice(
                seen: """
                    When our message has a UTF-8 address and the remote (or the next hop) does \
                    not support SMTPUTF8.
                    """,
                fix: "Nothing on our side can fix it; the recipient needs an ASCII address or a server with SMTPUTF8.")),
        EnhancedStatusRecord(
            6, 8, "UTF-8 String Reply Required but Not Permitted",
            summary: "Reply needs UTF-8, but the client did not allow it",
            meaning: """
                RFC 6531: the server would have to answer with a UTF-8 string (for example to \
                show an internationalised address), but the client did not say it can accept one.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Rare; mostly in answers to VRFY or EXPN for internationalised addresses.",
                fix: "Nothing to fix in usual setups."),
            outbound: DirectionalAdvice(
                seen: "Rare; only in sessions that ask a server about internationalised addresses.",
                fix: "Nothing to fix in usual setups.")),
        EnhancedStatusRecord(
            6, 9, "UTF-8 Header Message Cannot Be Transferred",
            summary: "Message with UTF-8 headers cannot reach a recipient without SMTPUTF8",
            meaning: """
                RFC 6531: the message has UTF-8 header fields and cannot be transferred to one \
                or more recipients whose path lacks SMTPUTF8 support, so it must be rejected.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "When our server cannot pass on an SMTPUTF8 message to a next hop that lacks support.",
                fix: "Enable SMTPUTF8 along the path (Postfix smtputf8_enable = yes on all hops) if possible."),
            outbound: DirectionalAdvice(
                seen: """
                    When a remote cannot take our SMTPUTF8 message onward, or our own delivery to a \
                    server without SMTPUTF8 fails for that reason.
                    """,
                fix: "The sender must use ASCII-only addresses and headers for this recipient.")),
        EnhancedStatusRecord(
            6, 10, "UTF-8 String Reply Required but Not Permitted (Duplicate of X.6.8)",
            summary: "Deprecated duplicate of X.6.8",
            meaning: """
                Registered by mistake with the same meaning as X.6.8 (a UTF-8 reply is needed \
                but the client did not allow it); the registry keeps it, marked as a duplicate.
                """,
            classes: [.permanentNegative],
            inbound: DirectionalAdvice(
                seen: "Practically never; software should send X.6.8 instead.",
                fix: "Treat it exactly as X.6.8; it means the same."),
            outbound: DirectionalAdvice(
                seen: "Practically never; a remote that sends it means X.6.8.",
                fix: "Treat it exactly as X.6.8; it means the same.")),
    ]
}
