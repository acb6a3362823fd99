import Foundation
import JikimCore
import JikimStore
import SQLKit

/// What an export wrote.
public struct LogExport: Sendable, Equatable {
    public var size: UInt64
    public var hashTiles: Int
    public var entryBundles: Int
    /// Entry bundles left out because entries in them were pruned at the end of their retention period; the hash
    /// tiles still prove the tree over them.
    public var prunedBundles: Int
}

public enum LogExportError: Error, Equatable, CustomStringConvertible {
    case noCheckpoint
    case notEmpty(String)
    case cannotWrite(String)
    case entryTooLong(index: UInt64)

    public var description: String {
        switch self {
        case .noCheckpoint: "the log has no checkpoint yet: run `jikim log checkpoint` first"
        case .notEmpty(let path): "\(path) exists and is not empty; export into a new directory"
        case .cannotWrite(let path): "cannot write \(path)"
        case .entryTooLong(let index): "entry \(index) is longer than the 65,535 bytes an entry bundle can hold"
        }
    }
}

extension AccessLog {
    /// Writes the log as of its latest checkpoint in the C2SP tlog-tiles layout — `checkpoint`, hash tiles and
    /// entry bundles as static files — so that anyone can check it with existing tools. The files are written into
    /// a temporary directory beside `directory` and renamed into place, so a failed export leaves nothing behind.
    public func export(to directory: String) async throws -> LogExport {
        guard let checkpoint = try await latestCheckpoint() else { throw LogExportError.noCheckpoint }
        let files = FileManager.default
        if let contents = try? files.contentsOfDirectory(atPath: directory), !contents.isEmpty {
            throw LogExportError.notEmpty(directory)
        }
        let staging = directory.hasSuffix("/") ? String(directory.dropLast()) + ".partial" : directory + ".partial"
        try? files.removeItem(atPath: staging)
        do {
            let summary = try await write(checkpoint: checkpoint, into: staging)
            try? files.removeItem(atPath: directory) // an empty directory, or none
            guard rename(staging, directory) == 0 else { throw LogExportError.cannotWrite(directory) }
            return summary
        } catch {
            try? files.removeItem(atPath: staging)
            throw error
        }
    }

    private func write(checkpoint: StoredCheckpoint, into root: String) async throws -> LogExport {
        let size = checkpoint.size
        var summary = LogExport(size: size, hashTiles: 0, entryBundles: 0, prunedBundles: 0)
        try save(Data(checkpoint.note.utf8), at: "checkpoint", in: root)
        var level = 0
        while true {
            let tiles = TileLayout.tiles(level: level, size: size)
            if tiles.isEmpty { break }
            for tile in tiles {
                let hashes = try await tileHashes(level: level, index: tile.index, width: tile.width)
                try save(hashes.reduce(into: Data()) { $0.append($1) }, at: TileLayout.tilePath(level: level, index: tile.index, width: tile.width), in: root)
                summary.hashTiles += 1
            }
            level += 1
        }
        for tile in TileLayout.tiles(level: 0, size: size) {
            let first = tile.index * TileLayout.width
            let rows = try await store.sql.select().columns("idx", "entry").from("log_entries")
                .where("idx", .greaterThanOrEqual, SQLBind(Int64(first))).where("idx", .lessThan, SQLBind(Int64(first + tile.width)))
                .orderBy("idx").all()
            var bundle = Data()
            var complete = rows.count == Int(tile.width)
            for row in rows {
                guard let entry = try row.decode(column: "entry", as: Data?.self) else {
                    complete = false
                    break
                }
                guard entry.count <= Int(UInt16.max) else { throw LogExportError.entryTooLong(index: UInt64(try row.decode(column: "idx", as: Int64.self))) }
                bundle.append(UInt8(entry.count >> 8))
                bundle.append(UInt8(entry.count & 0xff))
                bundle.append(entry)
            }
            if complete {
                try save(bundle, at: TileLayout.entriesPath(index: tile.index, width: tile.width), in: root)
                summary.entryBundles += 1
            } else {
                summary.prunedBundles += 1
            }
        }
        return summary
    }

    /// Hash tile `index` of tile level `level` with `width` hashes, as its file holds it; `LogError.missingHashes`
    /// when the log does not have them (yet).
    public func hashTile(level: Int, index: UInt64, width: UInt64) async throws -> Data {
        try await tileHashes(level: level, index: index, width: width).reduce(into: Data()) { $0.append($1) }
    }

    /// The `width` hashes of tile `index` at tile level `level`: leaf hashes at level 0, stored subtree hashes above.
    private func tileHashes(level: Int, index: UInt64, width: UInt64) async throws -> [Data] {
        try await storedHashes(level: level * Self.storedLevelStep, from: index * TileLayout.width, count: width)
    }

    private func save(_ data: Data, at path: String, in root: String) throws {
        let url = URL(fileURLWithPath: root).appendingPathComponent(path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        } catch {
            throw LogExportError.cannotWrite(url.path)
        }
    }
}
