import Foundation

/// The document an agent files on the public form to show their authority (Decree Art. 45): a power of attorney
/// (위임장, Notice Form 11) or a paper showing a legal representative, as one PDF, JPEG or PNG file. Its format is
/// read from its first bytes, not taken from the browser's word, and it is kept sealed for staff to check.
public struct AgentDocument: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case pdf = "application/pdf"
        case jpeg = "image/jpeg"
        case png = "image/png"

        public var fileExtension: String {
            switch self {
            case .pdf: "pdf"
            case .jpeg: "jpg"
            case .png: "png"
            }
        }

        /// What the file's first bytes must be.
        var signature: [UInt8] {
            switch self {
            case .pdf: Array("%PDF-".utf8)
            case .jpeg: [0xFF, 0xD8, 0xFF]
            case .png: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            }
        }
    }

    /// The largest document accepted: a few scanned pages.
    public static let maximumSize = 5 * 1024 * 1024

    public let format: Format
    public let bytes: Data

    /// The document `bytes` are, or why they are not one.
    public static func check(_ bytes: Data) -> Result<AgentDocument, AgentDocumentError> {
        guard !bytes.isEmpty else { return .failure(.empty) }
        guard bytes.count <= maximumSize else { return .failure(.tooLarge(bytes.count)) }
        guard let format = Format.allCases.first(where: { bytes.starts(with: $0.signature) }) else { return .failure(.unknownFormat) }
        return .success(AgentDocument(format: format, bytes: bytes))
    }

    private init(format: Format, bytes: Data) {
        self.format = format
        self.bytes = bytes
    }

    /// A stored document read back: its format as recorded when it was checked.
    public static func stored(format: Format, bytes: Data) -> AgentDocument {
        AgentDocument(format: format, bytes: bytes)
    }
}

public enum AgentDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case tooLarge(Int)
    case unknownFormat

    public var description: String {
        switch self {
        case .empty: "the document showing the agent's authority is missing: attach it as a PDF, JPEG or PNG file"
        case .tooLarge(let size):
            "the document is \(size / 1024) KiB; at most \(AgentDocument.maximumSize / 1024 / 1024) MiB is accepted (scan it at a lower resolution)"
        case .unknownFormat: "the document is not a PDF, JPEG or PNG file"
        }
    }
}
