import Foundation
import JikimCore
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
        Migration(version: 2, name: "the vault: subjects, encrypted items, consents, actors, access records") { sql in
            let blob = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BYTEA" : "BLOB"))
            let serial = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BIGSERIAL" : "INTEGER"))
            try await sql.create(table: "subjects")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("external", type: blob, .notNull, .unique)
                .column("category", type: .text)
                .column("created_at", type: .text, .notNull)
                .run()
            try await sql.create(table: "data_keys")
                .column("subject_id", type: .text, .notNull, .references("subjects", "id"))
                .column("class", type: .text, .notNull)
                .column("key_version", type: .int, .notNull)
                .column("sealed", type: blob, .notNull)
                .primaryKey("subject_id", "class")
                .run()
            try await sql.create(table: "item_values")
                .column("subject_id", type: .text, .notNull, .references("subjects", "id"))
                .column("item", type: .text, .notNull)
                .column("class", type: .text, .notNull)
                .column("sealed", type: blob, .notNull)
                .primaryKey("subject_id", "item")
                .run()
            try await sql.create(table: "secrets")
                .column("subject_id", type: .text, .notNull, .references("subjects", "id"))
                .column("item", type: .text, .notNull)
                .column("hash", type: .text, .notNull)
                .primaryKey("subject_id", "item")
                .run()
            try await sql.create(table: "lookups")
                .column("item", type: .text, .notNull)
                .column("digest", type: blob, .notNull)
                .column("subject_id", type: .text, .notNull, .references("subjects", "id"))
                .primaryKey("item", "digest")
                .run()
            try await sql.create(index: "lookups_by_subject").on("lookups").column("subject_id").run()
            try await sql.create(table: "consent_events")
                .column("seq", type: serial, .primaryKey(autoIncrement: sql.dialect.name != "postgresql"))
                .column("subject_id", type: .text, .notNull, .references("subjects", "id"))
                .column("consent", type: .text, .notNull)
                .column("action", type: .text, .notNull)
                .column("at", type: .text, .notNull)
                .column("channel", type: .text, .notNull)
                .column("policy_version", type: .text, .notNull)
                .run()
            try await sql.create(index: "consent_events_by_subject").on("consent_events").column("subject_id").run()
            try await sql.create(table: "actors")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("kind", type: .text, .notNull)
                .column("created_at", type: .text, .notNull)
                .column("disabled_at", type: .text)
                .run()
            try await sql.create(table: "role_assignments")
                .column("actor_id", type: .text, .notNull, .references("actors", "id"))
                .column("role", type: .text, .notNull)
                .primaryKey("actor_id", "role")
                .run()
            try await sql.create(table: "role_changes")
                .column("seq", type: serial, .primaryKey(autoIncrement: sql.dialect.name != "postgresql"))
                .column("actor_id", type: .text, .notNull)
                .column("role", type: .text, .notNull)
                .column("action", type: .text, .notNull)
                .column("by_actor", type: .text, .notNull)
                .column("at", type: .text, .notNull)
                .run()
            try await sql.create(table: "access_records")
                .column("seq", type: serial, .primaryKey(autoIncrement: sql.dialect.name != "postgresql"))
                .column("at", type: .text, .notNull)
                .column("actor", type: .text, .notNull)
                .column("source", type: .text)
                .column("subject", type: .text, .notNull)
                .column("operation", type: .text, .notNull)
                .column("purpose", type: .text, .notNull)
                .column("items", type: .text, .notNull)
                .column("outcome", type: .text, .notNull)
                .run()
        },
        Migration(version: 3, name: "suspensions of processing (Art. 37)") { sql in
            let serial = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BIGSERIAL" : "INTEGER"))
            try await sql.create(table: "suspension_events")
                .column("seq", type: serial, .primaryKey(autoIncrement: sql.dialect.name != "postgresql"))
                .column("subject_id", type: .text, .notNull, .references("subjects", "id"))
                .column("purpose", type: .text, .notNull)
                .column("action", type: .text, .notNull)
                .column("at", type: .text, .notNull)
                .column("by_actor", type: .text, .notNull)
                .column("reason", type: .text)
                .run()
            try await sql.create(index: "suspension_events_by_subject").on("suspension_events").column("subject_id").run()
        },
        Migration(version: 4, name: "staff passwords and lockouts") { sql in
            try await sql.create(table: "actor_credentials")
                .column("actor_id", type: .text, .primaryKey(autoIncrement: false), .references("actors", "id"))
                .column("hash", type: .text, .notNull)
                .column("failed_attempts", type: .int, .notNull)
                .column("locked_at", type: .text)
                .column("changed_at", type: .text, .notNull)
                .run()
        },
        Migration(version: 5, name: "the tamper-evident access log") { sql in
            let blob = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BYTEA" : "BLOB"))
            try await sql.create(table: "log_entries")
                .column("idx", type: .bigint, .primaryKey(autoIncrement: false))
                .column("at", type: .text, .notNull)
                .column("kind", type: .text, .notNull)
                .column("entry", type: blob) // NULL once pruned; the leaf hash stays
                .column("leaf", type: blob, .notNull)
                .run()
            try await sql.create(index: "log_entries_by_time").on("log_entries").column("at").run()
            try await sql.create(table: "log_nodes")
                .column("level", type: .int, .notNull)
                .column("idx", type: .bigint, .notNull)
                .column("hash", type: blob, .notNull)
                .primaryKey("level", "idx")
                .run()
            try await sql.create(table: "log_head")
                .column("id", type: .int, .primaryKey(autoIncrement: false))
                .column("size", type: .bigint, .notNull)
                .column("frontier", type: blob, .notNull)
                .run()
            try await sql.insert(into: "log_head").columns("id", "size", "frontier")
                .values(SQLBind(1), SQLBind(0), SQLBind(Data())).run()
            try await sql.create(table: "log_checkpoints")
                .column("size", type: .bigint, .primaryKey(autoIncrement: false))
                .column("root", type: blob, .notNull)
                .column("note", type: .text, .notNull)
                .column("signed_at", type: .text, .notNull)
                .run()
        },
        Migration(version: 6, name: "the reasons stated for exports") { sql in
            try await sql.alter(table: "access_records").column("reason", type: .text).run()
        },
        Migration(version: 7, name: "retention: lifecycle events, due dates, separation, holds, approval, the destruction ledger, the outbox") { sql in
            let blob = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BYTEA" : "BLOB"))
            let serial = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BIGSERIAL" : "INTEGER"))
            let autoIncrement = sql.dialect.name != "postgresql"
            // The next Korean date on which something is due for the person; a sweep reads only what is due.
            try await sql.alter(table: "subjects").column("due_on", type: .text).run()
            try await sql.create(index: "subjects_by_due").on("subjects").column("due_on").run()
            // Destruction and separation drop a person's look-up entries of some items: an index on both, so that
            // the planner does not walk every entry of an item instead.
            try await sql.drop(index: "lookups_by_subject").run()
            try await sql.create(index: "lookups_by_subject_item").on("lookups").column("subject_id").column("item").run()
            try await sql.create(table: "lifecycle_events")
                .column("seq", type: serial, .primaryKey(autoIncrement: autoIncrement))
                .column("subject_id", type: .text, .notNull, .references("subjects", "id"))
                .column("event", type: .text, .notNull)
                .column("at", type: .text, .notNull)
                .column("recorded_at", type: .text, .notNull)
                .column("by_actor", type: .text, .notNull)
                .run()
            try await sql.create(index: "lifecycle_events_by_subject").on("lifecycle_events").column("subject_id").run()
            // Separate storage (Art. 21(3)): rows move here, under the same data keys, and only reads for the
            // retention rule that keeps them look here.
            try await sql.create(table: "separated_values")
                .column("subject_id", type: .text, .notNull, .references("subjects", "id"))
                .column("item", type: .text, .notNull)
                .column("class", type: .text, .notNull)
                .column("sealed", type: blob, .notNull)
                .column("separated_at", type: .text, .notNull)
                .column("cause", type: .text, .notNull)
                .primaryKey("subject_id", "item")
                .run()
            try await sql.create(table: "legal_holds")
                .column("seq", type: serial, .primaryKey(autoIncrement: autoIncrement))
                .column("subject_id", type: .text, .notNull)
                .column("reason", type: .text, .notNull)
                .column("set_by", type: .text, .notNull)
                .column("set_at", type: .text, .notNull)
                .column("lifted_by", type: .text)
                .column("lifted_at", type: .text)
                .run()
            try await sql.create(index: "legal_holds_by_subject").on("legal_holds").column("subject_id").run()
            try await sql.create(table: "destruction_batches")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("proposed_at", type: .text, .notNull)
                .column("state", type: .text, .notNull)
                .column("decided_by", type: .text)
                .column("decided_at", type: .text)
                .column("decision_reason", type: .text)
                .run()
            try await sql.create(table: "destruction_proposals")
                .column("subject_id", type: .text, .notNull)
                .column("class", type: .text, .notNull)
                .column("batch_id", type: .text, .notNull, .references("destruction_batches", "id"))
                .column("due_on", type: .text, .notNull)
                .column("state", type: .text, .notNull)
                .primaryKey("subject_id", "class")
                .run()
            try await sql.create(index: "destruction_proposals_by_batch").on("destruction_proposals").column("batch_id").run()
            try await sql.create(table: "destruction_ledger")
                .column("seq", type: serial, .primaryKey(autoIncrement: autoIncrement))
                .column("subject", type: .text, .notNull)
                .column("class", type: .text, .notNull)
                .column("items", type: .text, .notNull)
                .column("collected_at", type: .text, .notNull)
                .column("destroyed_at", type: .text, .notNull)
                .column("reason", type: .text, .notNull)
                .column("basis", type: .text, .notNull)
                .column("method", type: .text, .notNull)
                .column("executed_by", type: .text, .notNull)
                .column("approved_by", type: .text, .notNull)
                .column("batch_id", type: .text)
                .run()
            try await sql.create(index: "destruction_ledger_by_time").on("destruction_ledger").column("destroyed_at").run()
            try await sql.create(table: "dormancy_notices")
                .column("subject_id", type: .text, .primaryKey(autoIncrement: false))
                .column("dormant_on", type: .text, .notNull)
                .column("prepared_at", type: .text, .notNull)
                .run()
            // Messages to people, sealed under the data key of the item they are addressed to: destroying the
            // person's data makes an undelivered message unreadable too.
            try await sql.create(table: "outbox")
                .column("seq", type: serial, .primaryKey(autoIncrement: autoIncrement))
                .column("subject_id", type: .text, .notNull)
                .column("class", type: .text, .notNull)
                .column("kind", type: .text, .notNull)
                .column("sealed", type: blob, .notNull)
                .column("created_at", type: .text, .notNull)
                .column("attempts", type: .int, .notNull)
                .column("next_attempt_at", type: .text, .notNull)
                .column("delivered_at", type: .text)
                .column("failed_at", type: .text)
                .column("transport", type: .text)
                .column("last_error", type: .text)
                .run()
            try await sql.create(index: "outbox_by_next_attempt").on("outbox").column("next_attempt_at").run()
        },
        Migration(version: 8, name: "service tokens and staff sessions") { sql in
            let blob = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BYTEA" : "BLOB"))
            // A token is shown once; only the SHA-256 of its secret is kept.
            try await sql.create(table: "service_tokens")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("actor_id", type: .text, .notNull, .references("actors", "id"))
                .column("hash", type: blob, .notNull)
                .column("created_at", type: .text, .notNull)
                .column("revoked_at", type: .text)
                .run()
            try await sql.create(table: "staff_sessions")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("actor_id", type: .text, .notNull, .references("actors", "id"))
                .column("hash", type: blob, .notNull)
                .column("created_at", type: .text, .notNull)
                .column("expires_at", type: .text, .notNull)
                .column("ended_at", type: .text)
                .run()
        },
        Migration(version: 9, name: "people's requests, the provision ledger, staff alerts in the outbox") { sql in
            let blob = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BYTEA" : "BLOB"))
            let serial = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BIGSERIAL" : "INTEGER"))
            let autoIncrement = sql.dialect.name != "postgresql"
            // A request's personal contents (new values asked for, the answer given) are sealed under a key of its
            // own, wrapped by the key ring; the row itself holds ids, states and dates only.
            try await sql.create(table: "rights_requests")
                .column("number", type: .text, .primaryKey(autoIncrement: false))
                .column("subject_id", type: .text)
                .column("kind", type: .text, .notNull)
                .column("state", type: .text, .notNull)
                .column("filer", type: .text, .notNull)
                .column("agent_relation", type: .text)
                .column("agent_document_sha256", type: .text)
                .column("agent_document_reference", type: .text)
                .column("targets", type: .text, .notNull)
                .column("received_at", type: .text, .notNull)
                .column("deadline", type: .text, .notNull)
                .column("key_version", type: .int, .notNull)
                .column("key_sealed", type: blob, .notNull)
                .column("payload", type: blob)
                .column("answer", type: blob)
                .column("refusal_ground", type: .text)
                .column("refusal_note", type: .text)
                .column("follow_hash", type: blob, .notNull)
                .column("code_hash", type: blob)
                .column("code_expires_at", type: .text)
                .column("code_attempts", type: .int, .notNull)
                .column("codes_sent", type: .int, .notNull)
                .column("alerted_at", type: .text)
                .column("closed_at", type: .text)
                .run()
            try await sql.create(index: "rights_requests_by_state").on("rights_requests").column("state").column("deadline").run()
            try await sql.create(index: "rights_requests_by_subject").on("rights_requests").column("subject_id").run()
            try await sql.create(table: "request_events")
                .column("seq", type: serial, .primaryKey(autoIncrement: autoIncrement))
                .column("number", type: .text, .notNull, .references("rights_requests", "number"))
                .column("step", type: .text, .notNull)
                .column("state", type: .text, .notNull)
                .column("at", type: .text, .notNull)
                .column("by_actor", type: .text, .notNull)
                .run()
            try await sql.create(index: "request_events_by_number").on("request_events").column("number").run()
            // Items a correction request is being carried out for: reads for other purposes wait (Art. 36(4)).
            try await sql.create(table: "pending_corrections")
                .column("subject_id", type: .text, .notNull)
                .column("item", type: .text, .notNull)
                .column("number", type: .text, .notNull)
                .primaryKey("subject_id", "item", "number")
                .run()
            try await sql.create(table: "provision_ledger")
                .column("seq", type: serial, .primaryKey(autoIncrement: autoIncrement))
                .column("subject_id", type: .text, .notNull)
                .column("recipient", type: .text, .notNull)
                .column("items", type: .text, .notNull)
                .column("at", type: .text, .notNull)
                .column("basis", type: .text, .notNull)
                .column("by_actor", type: .text, .notNull)
                .run()
            try await sql.create(index: "provision_ledger_by_subject").on("provision_ledger").column("subject_id").run()
            // Messages to staff (an overdue request) hold no personal information and are not sealed.
            try await sql.alter(table: "outbox").column("message", type: .text).run()
        },
        Migration(version: 10, name: "postponed access requests (Art. 35(3))") { sql in
            try await sql.alter(table: "rights_requests").column("postponed_at", type: .text).run()
            try await sql.alter(table: "rights_requests").column("postponement", type: .text).run()
        },
        Migration(version: 11, name: "agents' documents filed on the request form") { sql in
            let blob = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BYTEA" : "BLOB"))
            // Sealed with the request's own key; kept, as the request's record is, for `rights.keep_requests`.
            try await sql.create(table: "request_documents")
                .column("number", type: .text, .primaryKey(autoIncrement: false), .references("rights_requests", "number"))
                .column("format", type: .text, .notNull)
                .column("sealed", type: blob, .notNull)
                .run()
        },
        Migration(version: 12, name: "the access log's outbox, for its file of its own on SQLite") { sql in
            // How far the log has taken entries in from the outbox (`Store.keepsLogApart`).
            try await sql.raw("ALTER TABLE log_head ADD COLUMN moved BIGINT NOT NULL DEFAULT 0").run()
            // Entries of transactions that changed people's data, committed with them, until they are in the log.
            try await sql.raw(sql.dialect.name == "postgresql"
                ? "CREATE TABLE log_outbox (seq BIGSERIAL PRIMARY KEY, entry BYTEA NOT NULL)"
                : "CREATE TABLE log_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, entry BLOB NOT NULL)").run()
        },
        Migration(version: 13, name: "sign-in locks that end, and limits kept in the store") { sql in
            // A lock lasts until `locked_until`; one set before locks ended lasts until an administrator lifts it.
            try await sql.raw("ALTER TABLE actor_credentials ADD COLUMN locked_until TEXT").run()
            try await sql.raw("UPDATE actor_credentials SET locked_until = '9999-12-31T00:00:00.000Z' WHERE locked_at IS NOT NULL").run()
            // Counters over a window, by kind (sign-in failures per source, filings per source and per contact) and
            // a keyed digest of what is counted, never the address or contact itself.
            try await sql.create(table: "rate_limits")
                .column("kind", type: .text, .notNull)
                .column("key", type: .text, .notNull)
                .column("window_start", type: .text, .notNull)
                .column("count", type: .int, .notNull)
                .primaryKey("kind", "key")
                .run()
        },
        Migration(version: 14, name: "the console: sessions that end when idle, one-time password links") { sql in
            let blob = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BYTEA" : "BLOB"))
            try await sql.raw("ALTER TABLE staff_sessions ADD COLUMN last_seen_at TEXT").run()
            // A link lets its staff member set their own password once, before it expires; only the SHA-256 of its
            // secret is kept, and issuing, using and replacing one are rights changes.
            try await sql.create(table: "password_links")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("actor_id", type: .text, .notNull, .references("actors", "id"))
                .column("hash", type: blob, .notNull)
                .column("created_at", type: .text, .notNull)
                .column("expires_at", type: .text, .notNull)
                .column("used_at", type: .text)
                .run()
        },
        Migration(version: 15, name: "a second factor for staff sign-in (TOTP)") { sql in
            let blob = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BYTEA" : "BLOB"))
            // A session that waits for its second factor authenticates nothing until it is given.
            try await sql.raw("ALTER TABLE staff_sessions ADD COLUMN pending_since TEXT").run()
            // The secret is authentication information: sealed under a data key of its own, wrapped by the key ring.
            try await sql.create(table: "actor_second_factors")
                .column("actor_id", type: .text, .primaryKey(autoIncrement: false), .references("actors", "id"))
                .column("key_version", type: .int, .notNull)
                .column("key_sealed", type: blob, .notNull)
                .column("secret_sealed", type: blob, .notNull)
                .column("created_at", type: .text, .notNull)
                .column("confirmed_at", type: .text)
                .column("last_counter", type: .bigint)
                .run()
        },
        Migration(version: 16, name: "the results of verifying the access log") { sql in
            // What `jikim log verify` found, for the console's dashboard; the verification itself can be run again by
            // anyone with the verifier key, so this is a note of it, not evidence.
            try await sql.create(table: "log_verifications")
                .column("at", type: .text, .notNull)
                .column("entries", type: .bigint, .notNull)
                .column("verified_up_to", type: .bigint, .notNull)
                .column("problems", type: .int, .notNull)
                .column("first_bad", type: .bigint)
                .run()
        },
        Migration(version: 17, name: "who published a policy version") { sql in
            // Null for the versions `jikim serve` published from its policy file at start.
            try await sql.alter(table: "policy_versions").column("published_by", type: .text).run()
        },
        Migration(version: 18, name: "the incident register: breaches, their timelines and scopes (Art. 34)") { sql in
            let serial = SQLDataType.custom(SQLRaw(sql.dialect.name == "postgresql" ? "BIGSERIAL" : "INTEGER"))
            try await sql.create(table: "incidents")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("learned_at", type: .text, .notNull)
                .column("opened_at", type: .text, .notNull)
                .column("opened_by", type: .text, .notNull)
                .column("summary", type: .text, .notNull)
                .column("handler", type: .text, .notNull)
                .column("state", type: .text, .notNull)
                // When the officer was alerted that the 72 hours passed with the incident still under investigation.
                .column("alerted_at", type: .text)
                // The notice's texts (JSON), and when it was posted on the website for those who could not be told.
                .column("notice", type: .text)
                .column("posted_at", type: .text)
                .run()
            // Each person a notice was written for, or could not be: delivery is the outbox's, by kind and person.
            try await sql.create(table: "incident_notices")
                .column("incident_id", type: .text, .notNull)
                .column("pseudonym", type: .text, .notNull)
                .column("subject_id", type: .text)
                .column("outcome", type: .text, .notNull)
                .column("reason", type: .text)
                .column("at", type: .text, .notNull)
                .primaryKey("incident_id", "pseudonym")
                .run()
            try await sql.create(table: "incident_events")
                .column("seq", type: serial, .primaryKey(autoIncrement: sql.dialect.name != "postgresql"))
                .column("incident_id", type: .text, .notNull, .references("incidents", "id"))
                .column("at", type: .text, .notNull)
                .column("by", type: .text, .notNull)
                .column("action", type: .text, .notNull)
                .column("note", type: .text)
                .run()
            // Each scope as computed, kept when the investigation scopes again: the query, the signed checkpoint it
            // was computed against and the inclusion proofs of its first and last record.
            try await sql.create(table: "incident_scopes")
                .column("incident_id", type: .text, .notNull, .references("incidents", "id"))
                .column("version", type: .int, .notNull)
                .column("computed_at", type: .text, .notNull)
                .column("computed_by", type: .text, .notNull)
                .column("query", type: .text, .notNull)
                .column("checkpoint_size", type: .bigint, .notNull)
                .column("checkpoint", type: .text, .notNull)
                .column("first_index", type: .bigint)
                .column("last_index", type: .bigint)
                .column("first_proof", type: .text)
                .column("last_proof", type: .text)
                .column("records", type: .int, .notNull)
                .column("people", type: .int, .notNull)
                .column("items", type: .text, .notNull)
                .primaryKey("incident_id", "version")
                .run()
            try await sql.create(table: "incident_people")
                .column("incident_id", type: .text, .notNull)
                .column("version", type: .int, .notNull)
                .column("pseudonym", type: .text, .notNull)
                // Null where the vault no longer holds the person: only the pseudonym of the log is left.
                .column("subject_id", type: .text)
                .column("items", type: .text, .notNull)
                .primaryKey("incident_id", "version", "pseudonym")
                .run()
        },
    ]

    static var latest: Int { all.map(\.version).max() ?? 0 }

    /// Brings the schema up to date. On PostgreSQL an advisory lock makes servers starting together take turns:
    /// the first migrates, the others find the work done.
    static func run(on store: Store) async throws(StoreError) {
        let sql = store.writer
        do {
            if store.isPostgres { try await sql.raw("SELECT pg_advisory_lock(\(unsafeRaw: String(lockKey)))").run() }
        } catch {
            throw .cannotOpen(path: store.location, reason: String(describing: error))
        }
        do {
            try await migrate(store)
        } catch {
            if store.isPostgres { try? await sql.raw("SELECT pg_advisory_unlock(\(unsafeRaw: String(lockKey)))").run() }
            throw error
        }
        if store.isPostgres { try? await sql.raw("SELECT pg_advisory_unlock(\(unsafeRaw: String(lockKey)))").run() }
    }

    /// The advisory lock's key: "jikim" in ASCII.
    static let lockKey = 0x6a696b696d

    private static func migrate(_ store: Store) async throws(StoreError) {
        let sql = store.writer
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
