/// A language the privacy policy is published in.
public enum Language: String, Sendable, CaseIterable, Codable {
    case ko
    case en

    /// The other language, used when a text is given in one language only.
    public var fallback: Language { self == .ko ? .en : .ko }
}

/// Text a reader sees, in Korean, English or both.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var ko: String?
    public var en: String?

    public init(ko: String? = nil, en: String? = nil) {
        self.ko = ko
        self.en = en
    }

    /// The same text in every language.
    public init(_ text: String) {
        self.ko = text
        self.en = text
    }

    /// The text in `language`, or in the other language where it has none.
    public func text(in language: Language) -> String {
        let preferred = language == .ko ? ko : en
        let other = language == .ko ? en : ko
        return preferred ?? other ?? ""
    }

    public var isEmpty: Bool { (ko ?? "").isEmpty && (en ?? "").isEmpty }
}

extension Language {
    /// `make` in every language, keyed by the language's code (`ko`, `en`): how answers to people are kept.
    public static func each<T>(_ make: (Language) -> T) -> [String: T] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, make($0)) })
    }
}
