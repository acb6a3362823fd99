import Foundation
import JikimCore
import JikimStore
import SQLKit

extension AccessLog {
    /// Signs the log's head if it has grown since the last checkpoint, and returns the latest checkpoint. Runs in
    /// a transaction, so the head signed is the one committed with the entries it covers.
    @discardableResult
    public func checkpoint(signer: NoteSigner, origin: String, at date: Date = Date()) async throws -> StoredCheckpoint {
        try await store.transaction { sql in
            let head = try await head(in: sql)
            if let latest = try await latestCheckpoint(in: sql), latest.size >= head.size { return latest }
            let note = try Checkpoint(origin: origin, size: head.size, root: head.root).signed(by: signer)
            try await sql.insert(into: "log_checkpoints").columns("size", "root", "note", "signed_at")
                .values(SQLBind(Int64(head.size)), SQLBind(head.root), SQLBind(note), SQLBind(Timestamp.string(date))).run()
            return StoredCheckpoint(size: head.size, note: note)
        }
    }

    public func latestCheckpoint() async throws -> StoredCheckpoint? {
        try await latestCheckpoint(in: store.sql)
    }

    func latestCheckpoint(in sql: any SQLDatabase) async throws -> StoredCheckpoint? {
        try await sql.select().columns("size", "note").from("log_checkpoints").orderBy("size", .descending).limit(1).first()
            .map { StoredCheckpoint(size: UInt64(max(0, try $0.decode(column: "size", as: Int64.self))), note: try $0.decode(column: "note", as: String.self)) }
    }

    /// Every stored checkpoint, smallest first.
    func checkpoints() async throws -> [StoredCheckpoint] {
        try await store.sql.select().columns("size", "note").from("log_checkpoints").orderBy("size").all()
            .map { StoredCheckpoint(size: UInt64(max(0, try $0.decode(column: "size", as: Int64.self))), note: try $0.decode(column: "note", as: String.self)) }
    }
}

/// A checkpoint as stored: the size it covers and its signed note.
public struct StoredCheckpoint: Sendable, Equatable {
    public var size: UInt64
    public var note: String
}
