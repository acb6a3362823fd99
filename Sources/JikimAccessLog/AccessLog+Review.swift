import Crypto
import Foundation
import JikimCore
import JikimVault
import JikimStore
import SQLKit

public enum ReviewError: Error, Equatable, CustomStringConvertible {
    case badMonth(String)
    case monthNotOver(String)
    case unknownReviewer(String)
    case unsafeNote

    public var description: String {
        switch self {
        case .badMonth(let text): "'\(text)' is not a month: write YYYY-MM"
        case .monthNotOver(let month): "\(month) is not over yet (Korean time): sign off a month once it has ended"
        case .unknownReviewer(let actor): "the reviewer '\(actor)' is not an actor of this Jikim, or is disabled: add them with `jikim actors add`"
        case .unsafeNote:
            "the note goes into the access log as written: keep it under 200 characters, with no e-mail address or long number"
        }
    }
}

extension AccessLog {
    /// The review of `month` (`YYYY-MM`, Korean time) from the log's entries of that month.
    public func review(month: String, thresholds: ReviewThresholds) async throws -> AccessReview {
        let (start, end) = try Self.bounds(of: month)
        let logged = try await entries(kinds: ["access", "rights", "destruction"], from: start, to: end)
        var known: [String: Set<String>] = [:]
        for row in try await store.sql.select().distinct().columns("actor", "source").from("access_records")
            .where("at", .lessThan, SQLBind(Timestamp.string(start))).where(SQLColumn("source"), .isNot, SQLLiteral.null).all() {
            known[try row.decode(column: "actor", as: String.self), default: []].insert(try row.decode(column: "source", as: String.self))
        }
        let services = Set(try await store.sql.select().column("id").from("actors").where("kind", .equal, SQLBind("service")).all()
            .map { try $0.decode(column: "id", as: String.self) }).union([Vault.sweepActor, Vault.requestFormActor])
        let signOffs = try await entries(kinds: ["sign-off"], from: start, to: .distantFuture).compactMap { entry -> ReviewSignOff? in
            if case .signOff(let signOff) = entry { signOff } else { nil }
        }
        return AccessReview.build(month: month, entries: logged, thresholds: thresholds, knownSources: known,
                                  services: services, signOffs: signOffs)
    }

    /// Records a reviewer's sign-off of `month`'s review as a log entry, pinning the review by `digest`.
    public func signOff(month: String, reviewer: String, digest: String, note: String?, at now: Date = Date()) async throws -> ReviewSignOff {
        try Self.requireOver(month, at: now)
        if let note, !AccessRules.isAcceptableReason(note) { throw ReviewError.unsafeNote }
        let signOff = ReviewSignOff(month: month, reviewer: reviewer, at: now, digest: digest, note: note)
        try await store.transaction { sql in
            let active = try await sql.select().column("id").from("actors").where("id", .equal, SQLBind(reviewer))
                .where(SQLColumn("disabled_at"), .is, SQLLiteral.null).first()
            guard active != nil else { throw ReviewError.unknownReviewer(reviewer) }
            try await append([.signOff(signOff)], in: sql)
        }
        return signOff
    }

    /// Requires `month` to have ended (Korean time) at `now`: a month is signed off once it is over.
    public static func requireOver(_ month: String, at now: Date) throws(ReviewError) {
        let (_, end) = try bounds(of: month)
        guard now >= end else { throw .monthNotOver(month) }
    }

    /// SHA-256 of `text` in hex: how a sign-off pins the review it approves.
    public static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// The start and end of `month` in Korean time.
    static func bounds(of month: String) throws(ReviewError) -> (Date, Date) {
        guard month.count == 7, let first = CivilDate(month: month) else { throw .badMonth(month) }
        return (first.seoulMidnight, first.adding(months: 1).seoulMidnight)
    }

    /// The entries of `kinds` logged in [start, end) whose bytes are still kept, in log order.
    func entries(kinds: [String], from start: Date, to end: Date) async throws -> [LogEntry] {
        var select = store.sql.select().columns("idx", "entry").from("log_entries").where("kind", .in, SQLBind.group(kinds))
            .where("at", .greaterThanOrEqual, SQLBind(Timestamp.string(start)))
            .where(SQLColumn("entry"), .isNot, SQLLiteral.null)
        if end != .distantFuture { select = select.where("at", .lessThan, SQLBind(Timestamp.string(end))) }
        return try await select.orderBy("idx").all().compactMap { row in
            try row.decode(column: "entry", as: Data?.self).flatMap(LogEntry.init(encoded:))
        }
    }
}

extension AccessLog {
    /// `actor`'s access records logged in `month` (`YYYY-MM`, Korean time), in log order, each with its index in the
    /// log, by which an inclusion proof shows it there: the review's drill-down per actor.
    public func accessRecords(of actor: String, month: String) async throws -> [(index: UInt64, record: AccessRecord)] {
        let (start, end) = try Self.bounds(of: month)
        return try await store.sql.select().columns("idx", "entry").from("log_entries").where("kind", .equal, SQLBind("access"))
            .where("at", .greaterThanOrEqual, SQLBind(Timestamp.string(start))).where("at", .lessThan, SQLBind(Timestamp.string(end)))
            .where(SQLColumn("entry"), .isNot, SQLLiteral.null).orderBy("idx").all()
            .compactMap { row -> (UInt64, AccessRecord)? in
                guard case .access(let record) = try row.decode(column: "entry", as: Data?.self).flatMap(LogEntry.init(encoded:)),
                      record.actor == actor, let index = UInt64(exactly: try row.decode(column: "idx", as: Int64.self)) else { return nil }
                return (index, record)
            }
    }
}
