/// Where a log's static files go in the C2SP tlog-tiles layout: hash tiles of height 8 under `tile/<L>/<N>`,
/// entry bundles under `tile/entries/<N>`, a partial tile at the right edge suffixed `.p/<W>`.
public enum TileLayout {
    /// Hashes (or entries) in a full tile.
    public static let width: UInt64 = 256

    /// `tile/<level>/<N>[.p/<W>]`, with N written in 3-digit groups, all but the last prefixed `x`
    /// (1234067 → `x001/x234/067`).
    public static func tilePath(level: Int, index: UInt64, width: UInt64 = TileLayout.width) -> String {
        "tile/\(level)/" + indexPath(index, width: width)
    }

    /// `tile/entries/<N>[.p/<W>]`.
    public static func entriesPath(index: UInt64, width: UInt64 = TileLayout.width) -> String {
        "tile/entries/" + indexPath(index, width: width)
    }

    static func indexPath(_ index: UInt64, width: UInt64) -> String {
        var groups = [index % 1000]
        var rest = index / 1000
        while rest > 0 {
            groups.insert(rest % 1000, at: 0)
            rest /= 1000
        }
        let digits = groups.map { group in
            let text = String(group)
            return String(repeating: "0", count: 3 - text.count) + text
        }
        let path = (digits.dropLast().map { "x" + $0 } + [digits[digits.count - 1]]).joined(separator: "/")
        return width < TileLayout.width ? path + ".p/\(width)" : path
    }

    /// The tiles a log of `size` entries has at tile level `level` (tree level 8·level): each tile's index and
    /// width, full tiles first, then the partial one at the right edge if there is one.
    public static func tiles(level: Int, size: UInt64) -> [(index: UInt64, width: UInt64)] {
        let hashes = level * 8 >= 64 ? 0 : size >> UInt64(level * 8)
        var tiles = (0..<hashes / width).map { (index: $0, width: width) }
        if hashes % width != 0 { tiles.append((index: hashes / width, width: hashes % width)) }
        return tiles
    }
}

extension TileLayout {
    /// Reads a hash tile's path below `tile/`: `<L>/<N>[.p/<W>]`; level -1 for `entries/…`. Nil when malformed.
    public static func parse(_ path: String) -> (level: Int, index: UInt64, width: UInt64)? {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return nil }
        let level: Int
        if parts[0] == "entries" { level = -1 } else {
            guard let number = Int(parts[0]), number >= 0, number < 8, String(number) == parts[0] else { return nil }
            level = number
        }
        parts.removeFirst()
        var width = TileLayout.width
        if parts.count >= 2, parts[parts.count - 2].hasSuffix(".p") {
            guard let partial = UInt64(parts[parts.count - 1]), partial >= 1, partial < TileLayout.width,
                  String(partial) == parts[parts.count - 1] else { return nil }
            width = partial
            parts.removeLast()
            parts[parts.count - 1] = String(parts[parts.count - 1].dropLast(2))
        }
        var index: UInt64 = 0
        for (position, part) in parts.enumerated() {
            let last = position == parts.count - 1
            let digits = last ? part : (part.hasPrefix("x") ? String(part.dropFirst()) : "")
            guard digits.count == 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let group = UInt64(digits) else { return nil }
            let (scaled, overflow) = index.multipliedReportingOverflow(by: 1000)
            guard !overflow else { return nil }
            index = scaled + group
        }
        guard indexPath(index, width: width) == (parts.joined(separator: "/") + (width < TileLayout.width ? ".p/\(width)" : "")) else { return nil }
        return (level, index, width)
    }
}
