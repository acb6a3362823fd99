import Foundation
import JikimCore
import JikimStore
import SQLKit
import Testing
@testable import JikimAccessLog

@Test("tile paths follow C2SP tlog-tiles and read back", arguments: [
    (UInt64(0), UInt64(256), "000"), (1, 256, "001"), (1000, 256, "x001/000"), (1_234_067, 256, "x001/x234/067"),
    (2, 88, "002.p/88"), (1_234_067, 1, "x001/x234/067.p/1"),
])
func tilePaths(_ index: UInt64, _ width: UInt64, _ path: String) throws {
    #expect(TileLayout.tilePath(level: 1, index: index, width: width) == "tile/1/" + path)
    #expect(TileLayout.entriesPath(index: index, width: width) == "tile/entries/" + path)
    let parsed = try #require(TileLayout.parse("0/" + path))
    #expect(parsed.level == 0 && parsed.index == index && parsed.width == width)
}

@Test("malformed tile paths are refused", arguments: ["0", "0/1", "0/0001", "0/001/002", "9/000", "0/000.p/256", "0/000.p/0", "0/x000.p/5", "01/000", "0/x1/000"])
func malformedTilePaths(_ path: String) {
    #expect(TileLayout.parse(path) == nil)
}

@Test("the tiles of a log: full ones, then the partial one at each level's edge")
func tilesOfALog() {
    #expect(TileLayout.tiles(level: 0, size: 600).map { "\($0.index):\($0.width)" } == ["0:256", "1:256", "2:88"])
    #expect(TileLayout.tiles(level: 1, size: 600).map { "\($0.index):\($0.width)" } == ["0:2"])
    #expect(TileLayout.tiles(level: 2, size: 600).isEmpty)
    #expect(TileLayout.tiles(level: 1, size: 65_536 + 256).map { "\($0.index):\($0.width)" } == ["0:256", "1:1"])
    #expect(TileLayout.tiles(level: 2, size: 65_536 + 256).map { "\($0.index):\($0.width)" } == ["0:1"])
}

@Test("an export holds the checkpoint, every tile and every entry, and its tiles give the signed root")
func exportWritesTheLog() async throws {
    try await SignedLog.with { signed in
        let directory = signed.directory + "/export"
        let export = try await signed.log.export(to: directory)
        #expect(export == LogExport(size: 1_000, hashTiles: 5, entryBundles: 4, prunedBundles: 0))
        let note = try String(contentsOfFile: directory + "/checkpoint", encoding: .utf8)
        #expect(note == signed.witness)
        let checkpoint = try Checkpoint(note: note, verifier: signed.signer.verifier, origin: signed.origin)

        func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: directory + "/" + path)) }
        var leaves: [Data] = []
        var entries: [Data] = []
        for (index, width) in [(UInt64(0), UInt64(256)), (1, 256), (2, 256), (3, 232)] {
            let tile = try read(TileLayout.tilePath(level: 0, index: index, width: width))
            #expect(tile.count == Int(width) * 32)
            leaves += stride(from: 0, to: tile.count, by: 32).map { Data(tile[$0..<$0 + 32]) }
            var bundle = try read(TileLayout.entriesPath(index: index, width: width))[...]
            while bundle.count >= 2 {
                let length = Int(bundle[bundle.startIndex]) << 8 | Int(bundle[bundle.startIndex + 1])
                entries.append(Data(bundle.dropFirst(2).prefix(length)))
                bundle = bundle.dropFirst(2 + length)
            }
            #expect(bundle.isEmpty)
        }
        #expect(entries == (0..<1_000).map { entry($0).encoded() })
        #expect(leaves == entries.map(TreeHash.leaf))
        #expect(referenceRoot(entries[...]) == checkpoint.root)
        // The level-1 tile holds the roots of the three complete subtrees of 256 leaves.
        let level1 = try read(TileLayout.tilePath(level: 1, index: 0, width: 3))
        #expect(level1 == [0, 1, 2].map { referenceRoot(entries[$0 * 256 ..< $0 * 256 + 256]) }.reduce(Data(), +))

        await #expect(throws: LogExportError.notEmpty(directory)) { try await signed.log.export(to: directory) }
    }
}

@Test("pruning removes what expired entries said but keeps their hashes: the log still verifies and exports")
func pruning() async throws {
    try await SignedLog.with { signed in
        // Entries 0–999 are rights changes at 1,790,000,000 s + n (2026-09-21 in Korea): kept 3 years by default.
        let rules = AccessLogPolicy(keep: Period(1, .years))
        let early = try await signed.log.prune(keeping: rules, now: Date(timeIntervalSince1970: 1_790_000_000 + 86_400 * 365))
        #expect(early.rightsChanges == 0)
        let now = Date(timeIntervalSince1970: 1_790_000_000 + 86_400 * 1_200)
        let late = try await signed.log.prune(keeping: rules, now: now)
        #expect(late.rightsChanges == 1_000)
        #expect(CivilDate(seoul: late.rightsCutoff) == CivilDate(seoul: now).adding(months: -36))
        #expect(try await signed.log.prune(keeping: rules, now: now).rightsChanges == 0) // nothing is pruned twice
        let result = try await signed.verify(witnesses: [signed.witness])
        #expect(result.intact)
        #expect(result.verifiedUpTo == 1_000)
        let export = try await signed.log.export(to: signed.directory + "/export")
        #expect(export.prunedBundles == 4 && export.entryBundles == 0 && export.hashTiles == 5)
        #expect(try await signed.log.inclusionProof(index: 5, size: 1_000).count == 10)
    }
}

@Test("a month is signed off once it is over, by a known actor, with a note that holds no personal information")
func signOffs() async throws {
    try await SignedLog.with { signed in
        try await signed.store.sql.insert(into: "actors").columns("id", "kind", "created_at")
            .values(SQLBind("officer"), SQLBind("staff"), SQLBind("2026-01-01T00:00:00.000Z")).run()
        let december = CivilDate(year: 2026, month: 12, day: 1)?.seoulMidnight ?? Date()
        await #expect(throws: ReviewError.monthNotOver("2026-11")) {
            try await signed.log.signOff(month: "2026-11", reviewer: "officer", digest: "d", note: nil, at: december.addingTimeInterval(-1))
        }
        await #expect(throws: ReviewError.unknownReviewer("nobody")) {
            try await signed.log.signOff(month: "2026-11", reviewer: "nobody", digest: "d", note: nil, at: december)
        }
        await #expect(throws: ReviewError.unsafeNote) {
            try await signed.log.signOff(month: "2026-11", reviewer: "officer", digest: "d", note: "asked kim@example.kr", at: december)
        }
        _ = try await signed.log.signOff(month: "2026-11", reviewer: "officer", digest: "d", note: "bulk read explained", at: december)
        let review = try await signed.log.review(month: "2026-11", thresholds: ReviewThresholds())
        #expect(review.signOffs.map(\.reviewer) == ["officer"])
        #expect(try await signed.verify().entries == 1_001)
    }
}
