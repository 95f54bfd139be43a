/// The language of `explain`'s headings and labels. The entries themselves stay English:
/// they quote parameter names, log lines and RFC wording that administrators search for
/// verbatim, and a translation would hide exactly those words.
public enum ExplainLanguage: String, CaseIterable, Sendable {
    case en, vi, tr, ja

    public var descriptionHeading: String {
        switch self {
        case .en: "Description"
        case .vi: "Mô tả"
        case .tr: "Açıklama"
        case .ja: "説明"
        }
    }

    public var whenSeenHeading: String {
        switch self {
        case .en: "When you see this code"
        case .vi: "Khi bạn thấy mã này"
        case .tr: "Gördüğünüzde"
        case .ja: "このコードが表示される場合"
        }
    }

    public var fixHeading: String {
        switch self {
        case .en: "How to fix"
        case .vi: "Cách khắc phục"
        case .tr: "Nasıl Düzeltilir"
        case .ja: "解決方法"
        }
    }

    public var differencesHeading: String {
        switch self {
        case .en: "Key differences"
        case .vi: "Sự khác biệt chính"
        case .tr: "Temel Farklar"
        case .ja: "主な違い"
        }
    }

    public var whenToUseHeading: String {
        switch self {
        case .en: "When to use which"
        case .vi: "Khi nào dùng cái nào"
        case .tr: "Hangisini Ne Zaman Kullanmalı"
        case .ja: "どちらをいつ使うか"
        }
    }

    /// Names the direction with what it means, so a reader does not have to know our
    /// convention: inbound is a reply our server sent.
    public func label(for direction: Direction) -> String {
        switch (self, direction) {
        case (.en, .inbound): "Inbound (our server replied to a client)"
        case (.en, .outbound): "Outbound (a remote server replied to us)"
        case (.vi, .inbound): "Chiều vào (máy chủ của chúng ta trả lời một máy khách)"
        case (.vi, .outbound): "Chiều ra (một máy chủ từ xa trả lời chúng ta)"
        case (.tr, .inbound): "Gelen (sunucumuz bir istemciye yanıt verdi)"
        case (.tr, .outbound): "Giden (uzak bir sunucu bize yanıt verdi)"
        case (.ja, .inbound): "受信 (自サーバーがクライアントに返した応答)"
        case (.ja, .outbound): "送信 (リモートサーバーが自サーバーに返した応答)"
        }
    }

    var relatedLabel: String {
        switch self {
        case .en: "Related codes"
        case .vi: "Mã liên quan"
        case .tr: "İlgili kodlar"
        case .ja: "関連コード"
        }
    }

    var codeColumn: String {
        switch self {
        case .en: "Code"
        case .vi: "Mã"
        case .tr: "Kod"
        case .ja: "コード"
        }
    }

    var classColumn: String {
        switch self {
        case .en: "Class"
        case .vi: "Lớp"
        case .tr: "Sınıf"
        case .ja: "クラス"
        }
    }

    var titleColumn: String {
        switch self {
        case .en: "Title"
        case .vi: "Tiêu đề"
        case .tr: "Başlık"
        case .ja: "タイトル"
        }
    }

    var replyCodesHeading: String {
        switch self {
        case .en: "Reply codes (RFC 5321 and extensions)"
        case .vi: "Mã trả lời (RFC 5321 và các phần mở rộng)"
        case .tr: "Yanıt kodları (RFC 5321 ve uzantıları)"
        case .ja: "応答コード (RFC 5321 と拡張)"
        }
    }

    var enhancedCodesHeading: String {
        switch self {
        case .en: "Enhanced status codes (RFC 3463, IANA registry)"
        case .vi: "Mã trạng thái mở rộng (RFC 3463, sổ đăng ký IANA)"
        case .tr: "Genişletilmiş durum kodları (RFC 3463, IANA kaydı)"
        case .ja: "拡張ステータスコード (RFC 3463、IANA レジストリ)"
        }
    }
}
