/// What remote servers answer, worded as the big providers word it (from real bounces and
/// deferrals in the corpus and in providers' documentation).
extension LogPlanner {
    /// A refusal as the log shows it: code, enhanced status for Postfix's `dsn=`, text, and
    /// the command it answered.
    struct Refusal {
        var code: Int
        var dsn: Name
        var text: Name
        var command: Name
    }

    /// The 250 a server gives for one recipient.
    mutating func acceptedReply(_ text: inout LineText, _ style: World.Style, recipient: Name) {
        switch style {
        case .google:
            text.add("250 2.0.0 OK  "); text.add(number: 1_700_000_000 + random.below(100_000_000)); text.add(" ")
            text.add(hex: random.next() >> 12, digits: 13, lowercase: true); text.add("si")
            text.add(number: random.below(100_000)); text.add(".2 - gsmtp")
        case .microsoft:
            text.add("250 2.6.0 <"); text.add(hex: random.next() >> 20, digits: 11, lowercase: true); text.add("@")
            text.add(world.fqdn); text.add("> [InternalId="); text.add(number: random.between(10_000_000, 99_999_999))
            text.add(", Hostname=AM0PR01MB"); text.add(number: random.between(1000, 9999))
            text.add(".eurprd01.prod.exchangelabs.com] Queued mail for delivery")
        case .yahoo:
            text.add("250 ok dirdel")
        case .gmx:
            text.add("250 Requested mail action okay, completed: id=1M"); text.add(hex: random.next() >> 24, digits: 10)
        case .apple, .postfix:
            text.add("250 2.0.0 Ok: queued as "); text.add(hex: random.next() >> 20, digits: 11)
        }
    }

    /// A refusal for one recipient. `multiline` writes Postfix's flattened multi-line form
    /// where the provider sends one (`550-5.1.1 … 550 5.1.1 …`).
    mutating func remoteRefusal(_ outcome: RemoteOutcome, _ style: World.Style, recipient: Name, multiline: Bool) -> Refusal {
        var text = LineText()
        let domain = domainPart(recipient)
        switch outcome {
        case .deferredBusy:
            if style == .yahoo {
                text.add("421 4.7.0 [TSS04] Messages from "); text.add(world.ourIPName)
                text.add(" temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes")
            } else {
                text.add("421 4.7.0 Try again later, closing connection.")
            }
            return Refusal(code: 421, dsn: Name("4.7.0"), text: text.bytes, command: Name("MAIL FROM"))
        case .deferredRateLimited:
            switch style {
            case .microsoft:
                text.add("451 4.7.650 The mail server ["); text.add(world.ourIPName)
                text.add("] has been temporarily rate limited due to IP reputation.")
                return Refusal(code: 451, dsn: Name("4.7.650"), text: text.bytes, command: Name("MAIL FROM"))
            case .google where multiline:
                text.add("450-4.2.1 The user you are trying to contact is receiving mail at a rate that 450-4.2.1 prevents additional messages from being delivered. 450 4.2.1 https://support.google.com/mail/?p=ReceivingRate ")
                text.add(hex: random.next() >> 24, digits: 10, lowercase: true); text.add(" - gsmtp")
                return Refusal(code: 450, dsn: Name("4.2.1"), text: text.bytes, command: Name("RCPT TO"))
            default:
                text.add(multiline ? "451-4.3.0 Mail server temporarily rejected message. 451 4.3.0 Try again later"
                                   : "451 4.3.0 Mail server temporarily rejected message, try again later")
                return Refusal(code: 451, dsn: Name("4.3.0"), text: text.bytes, command: Name("end of DATA"))
            }
        case .deferredGreylisted:
            text.add("450 4.2.0 <"); text.add(recipient)
            text.add(">: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/"); text.add(domain); text.add(".html")
            return Refusal(code: 450, dsn: Name("4.2.0"), text: text.bytes, command: Name("RCPT TO"))
        case .unknownUser:
            if style == .google {
                text.add(multiline ? "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser "
                                   : "550 5.1.1 The email account that you tried to reach does not exist. https://support.google.com/mail/?p=NoSuchUser ")
                text.add(hex: random.next() >> 24, digits: 10, lowercase: true); text.add(" - gsmtp")
            } else if multiline {
                text.add("550-5.1.1 <"); text.add(recipient); text.add(">: Recipient address rejected: 550 5.1.1 User unknown in virtual mailbox table")
            } else {
                text.add("550 5.1.1 <"); text.add(recipient); text.add(">: Recipient address rejected: User unknown")
            }
            return Refusal(code: 550, dsn: Name("5.1.1"), text: text.bytes, command: Name("RCPT TO"))
        case .recipientNotFound:
            text.add("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")
            return Refusal(code: 550, dsn: Name("5.1.10"), text: text.bytes, command: Name("RCPT TO"))
        case .mailboxFull:
            if style == .google, multiline {
                text.add("552-5.2.2 The recipient's inbox is out of storage space. Please direct the 552-5.2.2 recipient to 552 5.2.2  https://support.google.com/mail/?p=OverQuotaPerm ")
                text.add(hex: random.next() >> 24, digits: 10, lowercase: true); text.add(" - gsmtp")
            } else {
                text.add("552 5.2.2 <"); text.add(recipient); text.add(">: Recipient address rejected: Mailbox full")
            }
            return Refusal(code: 552, dsn: Name("5.2.2"), text: text.bytes, command: Name("RCPT TO"))
        case .userNotLocal:
            text.add("551 5.1.6 User not local; please try <"); text.add(localPart(recipient)); text.add("@new.example.net>")
            return Refusal(code: 551, dsn: Name("5.1.6"), text: text.bytes, command: Name("RCPT TO"))
        case .policyRefused:
            if style == .google {
                text.add("550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. ")
                text.add(hex: random.next() >> 24, digits: 10, lowercase: true); text.add(" - gsmtp")
                return Refusal(code: 550, dsn: Name("5.7.26"), text: text.bytes, command: Name("end of DATA"))
            }
            text.add("550 5.7.1 Message rejected due to DMARC policy")
            return Refusal(code: 550, dsn: Name("5.7.1"), text: text.bytes, command: Name("end of DATA"))
        case .relayAuthRequired:
            text.add("530 5.7.0 Authentication required")
            return Refusal(code: 530, dsn: Name("5.7.0"), text: text.bytes, command: Name("MAIL FROM"))
        case .relayAuthFailed:
            text.add("535 5.7.8 Error: authentication failed: authentication failure")
            return Refusal(code: 535, dsn: Name("5.7.8"), text: text.bytes, command: Name("AUTH"))
        case .sent, .connectTimeout, .greetingTimeout, .hostNotFound:
            preconditionFailure("not a refusal")
        }
    }
}
