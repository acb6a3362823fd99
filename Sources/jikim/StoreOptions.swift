import ArgumentParser
import Foundation
import JikimAccessLog
import JikimCore
import JikimCrypto
import JikimPolicyFile
import JikimServer
import JikimStore
import JikimVault

/// Where Jikim keeps its data, its keys and its policy: shared by the commands that work on the vault.
struct StoreOptions: ParsableArguments {
    @Option(help: "The data directory (env JIKIM_DATA).")
    var data: String = ProcessInfo.processInfo.environment["JIKIM_DATA"] ?? "jikim-data"

    @Option(name: .customLong("policy"), help: "The policy file (env JIKIM_POLICY); the bundled demo policy when absent.")
    var policyOption: String?
    var policy: String? { policyOption ?? ProcessInfo.processInfo.environment["JIKIM_POLICY"] }

    @Option(name: .customLong("keys"), help: "The key file (env JIKIM_KEY_FILE); <data>/keys.json when absent. JIKIM_KEYS may hold the keys themselves.")
    var keysOption: String?
    var keys: String? { keysOption ?? ProcessInfo.processInfo.environment["JIKIM_KEY_FILE"] }

    @Option(name: .customLong("database"), help: "A postgres:// URL to keep the data in PostgreSQL instead of SQLite in the data directory (env JIKIM_DATABASE_URL).")
    var databaseOption: String?
    var database: String? { databaseOption ?? ProcessInfo.processInfo.environment["JIKIM_DATABASE_URL"] }

    /// Opens the store: PostgreSQL when a URL is given, SQLite in the data directory otherwise. The access log takes
    /// in what a stop left in its outbox first.
    func openStore() async throws -> Store {
        let store = try await fail {
            if let database { try await Store.openPostgres(url: database) } else { try await Store.openSQLite(directory: data) }
        }
        do {
            try await AccessLog(store: store).takeInOutbox()
        } catch {
            try? await store.close()
            throw CommandFailure("the access log could not take in its outbox: \(error)")
        }
        return store
    }

    /// Opens the store, runs `body` on it and closes it whatever happens; a `CommandFailure` is printed in one line
    /// and exits 1.
    func withStore<T>(_ body: (Store) async throws -> T) async throws -> T {
        let store = try await openStore()
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            if let failure = error as? CommandFailure {
                printError("jikim: \(failure)")
                throw ExitCode.failure
            }
            throw error
        }
    }

    var keyFile: String { keys ?? (data as NSString).appendingPathComponent("keys.json") }

    func loadKeys() throws -> KeyRing {
        try fail { try keyRing(file: keys, data: data) ?? KeyRing.load(path: keyFile) }
    }

    /// The key file, when the keys come from one: rotation writes it, and cannot write an environment variable.
    func writableKeyFile() throws -> String {
        if ProcessInfo.processInfo.environment["JIKIM_KEYS"] != nil, keys == nil {
            throw CommandFailure("the keys come from JIKIM_KEYS; rotate them in a key file (--keys FILE) and set JIKIM_KEYS from it")
        }
        return keyFile
    }

    func loadPolicy() throws -> Policy {
        guard let path = policy ?? ServerConfiguration.demoPolicyFile else { throw CommandFailure("no policy file given") }
        return try loadPolicyFile(path).policy
    }

    /// Opens the store and the vault on it; `body` runs with them, and the store is closed afterwards. `clock`
    /// stands in for the time when a command is run as of another day (`jikim sweep --now`).
    ///
    /// The vault enforces the version the store says is in force, as the server does; the policy file is used only
    /// while nothing is published (before `jikim serve` has first run on the data directory).
    func withVault<T>(clock: @escaping @Sendable () -> Date = Date.init, _ body: (Vault) async throws -> T) async throws -> T {
        try await withVault(clock: clock) { vault, _ in try await body(vault) }
    }

    /// As ``withVault(clock:_:)``, with the store too, for commands that also read the access log.
    func withVault<T>(clock: @escaping @Sendable () -> Date = Date.init, _ body: (Vault, Store) async throws -> T) async throws -> T {
        let file = try loadPolicy()
        let keys = try loadKeys()
        let store = try await openStore()
        do {
            let published = try await fail { try await policyInForce(in: store, on: CivilDate(seoul: clock())) }
            if let published, published.version.id != file.version.id, self.policy != nil {
                printError("note: the data directory enforces the published version \(published.version.id) of the policy, not version \(file.version.id) of the policy file; `jikim serve` publishes the file when it starts, or use `jikim policy publish`")
            }
            let policy = published ?? file
            let reload: (@Sendable () throws -> KeyRing)? = ProcessInfo.processInfo.environment["JIKIM_KEYS"] != nil && self.keys == nil
                ? nil : { @Sendable [keyFile] () throws -> KeyRing in try KeyRing.load(path: keyFile) }
            let vault = Vault(policy: policy, store: store, keys: keys, reloadKeys: reload, recorder: AccessLog(store: store), clock: clock)
            let result = try await fail { try await body(vault, store) }
            _ = try await fail { try await checkpointLog(store) }
            try await store.close()
            return result
        } catch {
            _ = try? await checkpointLog(store) // a refusal is recorded too, and its record must be vouched for
            try? await store.close()
            throw error
        }
    }
}

extension StoreOptions {
    /// Signs the access log's head when it has grown, and keeps the checkpoint in the data directory too, so that
    /// every command that touched personal information leaves a signed checkpoint behind.
    @discardableResult
    func checkpointLog(_ store: Store) async throws -> StoredCheckpoint? {
        guard FileManager.default.fileExists(atPath: LogKeys.signerPath(data)) else { return nil }
        let signer = try LogKeys.signer(directory: data)
        let checkpoint = try await AccessLog(store: store).checkpoint(signer: signer, origin: signer.name)
        try LogKeys.keepWitness(checkpoint.note, directory: data)
        return checkpoint
    }
}

/// A failure the command reports in one line and exits 1 on.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body`, turning a Jikim error into a one-line message and exit status 1.
func fail<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as any CustomStringConvertible & Error {
        printError("jikim: \(error.description)")
        throw ExitCode.failure
    }
}

func fail<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as any CustomStringConvertible & Error {
        printError("jikim: \(error.description)")
        throw ExitCode.failure
    }
}

/// The key ring from JIKIM_KEYS (unless a key file is named) or from the key file (`<data>/keys.json` by
/// default); nil when neither is there.
func keyRing(file: String?, data: String) throws -> KeyRing? {
    if let inline = ProcessInfo.processInfo.environment["JIKIM_KEYS"], file == nil {
        return try KeyRing.parse(Data(inline.utf8), source: "JIKIM_KEYS")
    }
    let path = file ?? (data as NSString).appendingPathComponent("keys.json")
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    return try KeyRing.load(path: path)
}

/// Writes a document to `output`, or to standard output when there is none.
func emit(_ text: String, to output: String?) throws {
    guard let output else { return print(text, terminator: "") }
    guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
        printError("jikim: cannot write \(output)")
        throw ExitCode.failure
    }
}
