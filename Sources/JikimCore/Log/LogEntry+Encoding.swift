import Foundation

/// The bytes an entry is logged as: JSON with sorted keys, no insignificant white space and times in UTC with
/// milliseconds. The log hashes these bytes; they are stored as written and never re-encoded, so verifying needs
/// only the stored bytes.
extension LogEntry {
    public func encoded() -> Data {
        var fields: [String: String] = ["kind": kind, "at": Timestamp.string(at)]
        switch self {
        case .access(let record):
            fields["actor"] = record.actor
            fields["source"] = record.source
            fields["subject"] = record.subject
            fields["operation"] = record.operation.rawValue
            fields["purpose"] = record.purpose
            fields["items"] = record.items.joined(separator: ",")
            fields["outcome"] = record.outcome.text
            fields["reason"] = record.reason
            fields["token"] = record.token
        case .rights(let change):
            fields["actor"] = change.actor
            fields["action"] = change.action
            fields["role"] = change.role
            fields["by"] = change.by
        case .signOff(let signOff):
            fields["month"] = signOff.month
            fields["reviewer"] = signOff.reviewer
            fields["digest"] = signOff.digest
            fields["note"] = signOff.note
        case .destruction(let record):
            fields["subject"] = record.subject
            fields["class"] = record.retentionClass
            fields["items"] = record.items.joined(separator: ",")
            fields["collected"] = Timestamp.string(record.collectedAt)
            fields["reason"] = record.reason
            fields["basis"] = record.basis
            fields["method"] = record.method
            fields["executed_by"] = record.executedBy
            fields["approved_by"] = record.approvedBy
        }
        return Data(FlatJSON.bytes(fields))
    }

    /// Reads an entry back from its logged bytes; nil when they are not a Jikim log entry.
    public init?(encoded data: Data) {
        guard let fields = try? JSONDecoder().decode([String: String].self, from: data),
              let kind = fields["kind"], let text = fields["at"], let at = Timestamp.date(text)
        else { return nil }
        switch kind {
        case "access":
            guard let actor = fields["actor"], let subject = fields["subject"], let operation = fields["operation"].flatMap(Operation.init),
                  let purpose = fields["purpose"], let outcome = fields["outcome"].flatMap(AccessRecord.Outcome.init(text:))
            else { return nil }
            let items = fields["items"].map { $0.split(separator: ",").map(String.init) } ?? []
            self = .access(AccessRecord(actor: actor, at: at, source: fields["source"], token: fields["token"], subject: subject, operation: operation,
                                        purpose: purpose, items: items, outcome: outcome, reason: fields["reason"]))
        case "rights":
            guard let actor = fields["actor"], let action = fields["action"], let by = fields["by"] else { return nil }
            self = .rights(RightsChange(actor: actor, action: action, role: fields["role"], by: by, at: at))
        case "sign-off":
            guard let month = fields["month"], let reviewer = fields["reviewer"], let digest = fields["digest"] else { return nil }
            self = .signOff(ReviewSignOff(month: month, reviewer: reviewer, at: at, digest: digest, note: fields["note"]))
        case "destruction":
            guard let subject = fields["subject"], let retentionClass = fields["class"], let collected = fields["collected"].flatMap(Timestamp.date),
                  let reason = fields["reason"], let basis = fields["basis"], let method = fields["method"],
                  let executedBy = fields["executed_by"], let approvedBy = fields["approved_by"]
            else { return nil }
            let items = fields["items"].map { $0.split(separator: ",").map(String.init) } ?? []
            self = .destruction(DestructionRecord(
                subject: subject, retentionClass: retentionClass, items: items, collectedAt: collected, destroyedAt: at,
                reason: reason, basis: basis, method: method, executedBy: executedBy, approvedBy: approvedBy))
        default:
            return nil
        }
    }
}

extension AccessRecord.Outcome {
    /// `allowed`, or `refused:` and the refusal's code.
    public var text: String {
        switch self {
        case .allowed: "allowed"
        case .refused(let code): "refused:\(code)"
        }
    }

    public init?(text: String) {
        if text == "allowed" {
            self = .allowed
        } else if text.hasPrefix("refused:") {
            self = .refused(code: String(text.dropFirst("refused:".count)))
        } else {
            return nil
        }
    }
}
