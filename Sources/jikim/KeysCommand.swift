import ArgumentParser
import Foundation
import JikimCrypto
import JikimVault

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "The key-encryption keys that wrap every person's data keys.",
        subcommands: [Status.self, Rotate.self, Retire.self]
    )

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the key versions and how many data keys each wraps.")
        @OptionGroup var options: StoreOptions

        func run() async throws {
            try await options.withVault { vault in
                let counts = try await fail { try await vault.dataKeysByVersion() }
                let keys = vault.keyRing
                for version in keys.versions {
                    let marker = version == keys.currentVersion ? " (current)" : ""
                    print("version \(version)\(marker): \(counts[version] ?? 0) data keys")
                }
                for (version, count) in counts where !keys.versions.contains(version) {
                    print("version \(version): \(count) data keys, and the key file does not hold this version")
                }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new key-encryption key and re-wrap every data key with it, while Jikim keeps running.",
            discussion: """
                The new key file is written and flushed before any data key is re-wrapped; older versions stay in it \
                so that servers still running with the old file, and backups, can be read. Running servers pick up \
                the new version when they meet it. Retire an old version with `jikim keys retire` once it wraps nothing.
                """
        )
        @OptionGroup var options: StoreOptions

        func run() async throws {
            let path = try options.writableKeyFile()
            let rotated = try options.loadKeys().rotated()
            try fail { try rotated.write(path: path) }
            print("keys:      \(path): version \(rotated.currentVersion) added and made current")
            let progress = Progress(total: 0)
            try await options.withVault { vault in
                let count = try await fail {
                    try await vault.rewrapDataKeys { progress.advance(done: $0, detail: "data keys re-wrapped") }
                }
                progress.finish()
                print("re-wrapped: \(count) data keys with version \(rotated.currentVersion)")
            }
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an old key version from the key file once no data key is wrapped by it.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The key version to remove.") var version: Int

        func run() async throws {
            let path = try options.writableKeyFile()
            try await options.withVault { vault in
                let left = try await fail { try await vault.dataKeysByVersion() }[version] ?? 0
                guard left == 0 else {
                    throw CommandFailure("version \(version) still wraps \(left) data keys; run `jikim keys rotate` first")
                }
                let retired = try fail { try vault.keyRing.retiring(version) }
                try fail { try retired.write(path: path) }
                print("keys: \(path): version \(version) removed; versions left: \(retired.versions.map(String.init).joined(separator: ", "))")
            }
        }
    }
}
