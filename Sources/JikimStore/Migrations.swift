import SQLKit

/// One step of the schema. Steps are applied in order, each in its own transaction, and never change once released.
struct Migration: Sendable {
    var version: Int
    var name: String
    var apply: @Sendable (any SQLDatabase) async throws -> Void
}

/// The schema's history. The database records the versions applied; a database at a version this code does not
/// know is refused rather than guessed at.
enum Migrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "published policy versions") { sql in
            try await sql.create(table: "policy_versions")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("effective", type: .text)
                .column("announced", type: .text)
                .column("source", type: .text, .notNull)
                .column("published_at", type: .text, .notNull)
                .run()
        },
    ]

    static var latest: Int { all.map(\.version).max() ?? 0 }

    static func run(on store: Store) async throws(StoreError) {
        let sql = store.sql
        let found: Int
        do {
            try await sql.create(table: "jikim_schema").ifNotExists()
                .column("version", type: .int, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("applied_at", type: .text, .notNull)
                .run()
            let row = try await sql.raw("SELECT COALESCE(MAX(version), 0) AS version FROM jikim_schema").first()
            found = try row?.decode(column: "version", as: Int.self) ?? 0
        } catch {
            throw .cannotOpen(path: store.location, reason: String(describing: error))
        }
        guard found <= latest else { throw .databaseNewerThanCode(path: store.location, found: found, supported: latest) }
        for migration in all where migration.version > found {
            do {
                try await store.transaction { sql in
                    try await migration.apply(sql)
                    try await sql.insert(into: "jikim_schema")
                        .columns("version", "name", "applied_at")
                        .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(Timestamp.now()))
                        .run()
                }
            } catch {
                throw .migrationFailed(version: migration.version, name: migration.name, reason: String(describing: error))
            }
        }
    }
}
