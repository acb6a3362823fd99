// Command tlog-verify independently checks a transparency log exported by
// Jikim in the C2SP tlog-tiles static layout, using only
// golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog.
//
// Usage:
//
//	tlog-verify -vkey VERIFIER-KEY-FILE [-origin NAME] [-old OLD-CHECKPOINT] DIR
//
// DIR holds:
//
//	checkpoint                 C2SP tlog-checkpoint signed note
//	tile/<L>/<N>[.p/<W>]       hash tiles of height 8 (RFC 6962 hashes)
//	tile/entries/<N>[.p/<W>]   entry bundles (uint16 big-endian length ‖ bytes)
//
// where N is written in 3-digit groups, all but the last prefixed with "x"
// (1234067 → x001/x234/067), and W (1..255) is the width of a partial tile.
//
// The program verifies the checkpoint signature, authenticates every hash
// tile against the signed root, recomputes the root, checks that every entry
// hashes to the leaf hash stored for its index, that no tile or bundle is
// missing, short, long or unexpected, and optionally that an older
// checkpoint is consistent with the current one.
//
// Exit status: 0 if the log verifies, 1 if it does not, 2 on a usage error.
//
// Build (Debian's golang-go and golang-golang-x-mod-dev, GOPATH mode):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o tlog-verify tools/tlog-verify/main.go
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// tileHeight is the C2SP tlog-tiles tile height: 2^8 = 256 hashes per tile.
const tileHeight = 8

// allowPruned accepts absent entry bundles; pruned counts the entries they held.
var (
	allowPruned bool
	pruned      int64
)

// fullWidth is the number of hashes (or entries) in a full tile (or bundle).
const fullWidth = 1 << tileHeight

// emptyRoot is the RFC 6962 hash of the empty tree, SHA-256 of nothing.
// (tlog.TreeHash(0, …) returns the all-zero hash instead, so size 0 is
// handled separately.)
var emptyRoot = tlog.Hash(sha256.Sum256(nil))

func main() {
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: tlog-verify -vkey VERIFIER-KEY-FILE [-origin NAME] [-old OLD-CHECKPOINT] DIR\n")
		flag.PrintDefaults()
	}
	vkeyFile := flag.String("vkey", "", "`file` holding the log's note verifier key (name+hexid+base64key)")
	origin := flag.String("origin", "", "expected checkpoint `origin` (default: the verifier key's name)")
	oldFile := flag.String("old", "", "`file` holding an earlier checkpoint that must be consistent with DIR/checkpoint")
	flag.BoolVar(&allowPruned, "allow-pruned", false, "accept missing entry bundles (entries pruned at the end of their retention): the hash tiles still prove the tree, but those entries are not checked")
	flag.Parse()
	if *vkeyFile == "" || flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}

	msg, err := verify(*vkeyFile, *origin, *oldFile, flag.Arg(0))
	if err != nil {
		fmt.Fprintf(os.Stderr, "tlog-verify: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(msg)
}

// verify runs every check and returns the success line.
func verify(vkeyFile, origin, oldFile, dir string) (string, error) {
	vkey, err := os.ReadFile(vkeyFile)
	if err != nil {
		return "", err
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		return "", fmt.Errorf("verifier key %s: %v", vkeyFile, err)
	}
	if origin == "" {
		origin = verifier.Name()
	}

	// 1. The signed checkpoint.
	tree, err := readCheckpoint(filepath.Join(dir, "checkpoint"), verifier, origin)
	if err != nil {
		return "", err
	}

	// 2. The hash tiles. TileHashReader checks the tiles it reads against
	// tree.Hash: the right-edge hashes must recompute the signed root, and
	// each full tile must hash to the value its parent tile holds for it. (The
	// second check is incomplete in x/mod 0.7.0; see step 3.)
	hr := tlog.TileHashReader(tree, &dirTileReader{dir: dir})
	if tree.N == 0 {
		if tree.Hash != emptyRoot {
			return "", fmt.Errorf("checkpoint: size 0 but root is not the empty tree hash %s", base64.StdEncoding.EncodeToString(emptyRoot[:]))
		}
	} else {
		root, err := tlog.TreeHash(tree.N, hr)
		if err != nil {
			return "", fmt.Errorf("hash tiles do not match the signed tree: %v", err)
		}
		if root != tree.Hash {
			return "", fmt.Errorf("root recomputed from tiles %s does not match checkpoint root", root)
		}
	}

	// 3. Every tile that must exist for this size, and for each level-0
	// tile the entry bundle with the same coordinates.
	//
	// TileHashReader in Debian's x/mod 0.7.0 does not check some full tiles
	// against their parents when two of the tree's right-edge subtree hashes
	// lie in one tile (seen here: at size 70,000 a forged tile/0/000 and
	// tile/1/000 pass it, while at size 257 the same forgery is caught).
	// So each full tile is also checked here against the hash its parent
	// holds for it. The right-edge tiles, which TileHashReader does check
	// against the signed root, are the tops of these chains, so every tile
	// is authenticated.
	expected := map[string]bool{}
	parents := map[int]tileData{} // by level: the parent tile read last
	for _, t := range exportTiles(tree.N) {
		path := tilePath(strconv.Itoa(t.L), t.N, t.W)
		expected[path] = true
		hashes, err := tlog.ReadTileData(t, hr)
		if err != nil {
			return "", fmt.Errorf("hash tiles do not match the signed tree (reading %s): %v", path, err)
		}
		if t.W == fullWidth {
			if err := checkParent(t, hashes, tree.N, hr, parents); err != nil {
				return "", err
			}
		}
		if t.L != 0 {
			continue
		}
		bundle := tilePath("entries", t.N, t.W)
		expected[bundle] = true
		if allowPruned {
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(bundle))); os.IsNotExist(err) {
				pruned += int64(t.W)
				continue
			}
		}
		if err := checkBundle(dir, bundle, t.N*fullWidth, t.W, hashes); err != nil {
			return "", err
		}
	}

	// No stray tiles or bundles, e.g. entries beyond the checkpoint's size.
	if err := checkNoExtraFiles(dir, expected); err != nil {
		return "", err
	}

	line := fmt.Sprintf("ok: %s size %d root %s; %d entries checked",
		origin, tree.N, base64.StdEncoding.EncodeToString(tree.Hash[:]), tree.N-pruned)
	if pruned > 0 {
		line += fmt.Sprintf(", %d pruned (bundles absent, covered by the hash tiles)", pruned)
	}

	// 4. Consistency with an earlier checkpoint.
	if oldFile != "" {
		old, err := readCheckpoint(oldFile, verifier, origin)
		if err != nil {
			return "", err
		}
		if err := checkConsistent(old, tree, hr); err != nil {
			return "", fmt.Errorf("old checkpoint %s (size %d) is not consistent with the current one: %v", oldFile, old.N, err)
		}
		line += fmt.Sprintf("; consistent with old checkpoint of size %d", old.N)
	}
	return line, nil
}

// readCheckpoint reads a C2SP tlog-checkpoint from file, verifies its
// signature with verifier and its origin line, and returns its tree head.
func readCheckpoint(file string, verifier note.Verifier, origin string) (tlog.Tree, error) {
	msg, err := os.ReadFile(file)
	if err != nil {
		return tlog.Tree{}, err
	}
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("checkpoint %s: signature: %v", file, err)
	}

	// Body: origin, size, root hash, then optional extension lines (C2SP).
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		return tlog.Tree{}, fmt.Errorf("checkpoint %s: want origin, size and root hash lines", file)
	}
	if lines[0] != origin {
		return tlog.Tree{}, fmt.Errorf("checkpoint %s: origin %q, want %q", file, lines[0], origin)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return tlog.Tree{}, fmt.Errorf("checkpoint %s: malformed size %q", file, lines[1])
	}
	root, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		return tlog.Tree{}, fmt.Errorf("checkpoint %s: malformed root hash %q", file, lines[2])
	}
	var h tlog.Hash
	copy(h[:], root)
	return tlog.Tree{N: size, Hash: h}, nil
}

// tileData is a tile with its hashes.
type tileData struct {
	tile tlog.Tile
	data []byte
}

// checkParent checks that the full tile t, holding hashes, hashes to the
// value its parent tile (level t.L+1) holds for it in a tree of the given
// size. parents caches the last parent tile read at each level.
func checkParent(t tlog.Tile, hashes []byte, size int64, hr tlog.HashReader, parents map[int]tileData) error {
	// The parent's width is that of the tile at level L+1 holding hash N.
	above := size >> (tileHeight * (t.L + 1)) // hashes stored at level L+1
	p := tlog.Tile{H: tileHeight, L: t.L + 1, N: t.N / fullWidth, W: fullWidth}
	if rest := above - p.N*fullWidth; rest < fullWidth {
		p.W = int(rest)
	}
	pd, ok := parents[p.L]
	if !ok || pd.tile != p {
		data, err := tlog.ReadTileData(p, hr)
		if err != nil {
			return fmt.Errorf("hash tiles do not match the signed tree (reading %s): %v", tilePath(strconv.Itoa(p.L), p.N, p.W), err)
		}
		pd = tileData{p, data}
		parents[p.L] = pd
	}
	i := int(t.N % fullWidth)
	if got := tileRoot(hashes); !bytes.Equal(got[:], pd.data[i*tlog.HashSize:(i+1)*tlog.HashSize]) {
		return fmt.Errorf("hash tile %s does not match its parent %s",
			tilePath(strconv.Itoa(t.L), t.N, t.W), tilePath(strconv.Itoa(p.L), p.N, p.W))
	}
	return nil
}

// tileRoot returns the Merkle tree hash of a full tile's 256 hashes.
func tileRoot(data []byte) tlog.Hash {
	hashes := make([]tlog.Hash, len(data)/tlog.HashSize)
	for i := range hashes {
		copy(hashes[i][:], data[i*tlog.HashSize:])
	}
	for len(hashes) > 1 {
		for i := range hashes[:len(hashes)/2] {
			hashes[i] = tlog.NodeHash(hashes[2*i], hashes[2*i+1])
		}
		hashes = hashes[:len(hashes)/2]
	}
	return hashes[0]
}

// checkBundle reads the entry bundle at path, which must hold exactly width
// entries starting at index first, and checks each entry's RFC 6962 leaf
// hash against the authenticated level-0 tile data hashes.
func checkBundle(dir, path string, first int64, width int, hashes []byte) error {
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
	if err != nil {
		return fmt.Errorf("entry bundle: %v", err)
	}
	for i := 0; i < width; i++ {
		index := first + int64(i)
		if len(data) < 2 {
			return fmt.Errorf("entry bundle %s: holds %d entries, want %d", path, i, width)
		}
		n := int(binary.BigEndian.Uint16(data))
		if len(data) < 2+n {
			return fmt.Errorf("entry %d: truncated in %s (length %d, %d bytes left)", index, path, n, len(data)-2)
		}
		entry := data[2 : 2+n]
		data = data[2+n:]
		want := hashes[i*tlog.HashSize : (i+1)*tlog.HashSize]
		if got := tlog.RecordHash(entry); !bytes.Equal(got[:], want) {
			return fmt.Errorf("entry %d: hash does not match the tree", index)
		}
	}
	if len(data) > 0 {
		return fmt.Errorf("entry bundle %s: %d trailing bytes after its %d entries", path, len(data), width)
	}
	return nil
}

// checkConsistent checks that the tree old is a prefix of the tree cur,
// whose hashes hr reads (RFC 6962 consistency proof).
func checkConsistent(old, cur tlog.Tree, hr tlog.HashReader) error {
	switch {
	case old.N > cur.N:
		return errors.New("it is larger")
	case old.N == 0:
		if old.Hash != emptyRoot {
			return errors.New("size 0 but root is not the empty tree hash")
		}
		return nil
	}
	proof, err := tlog.ProveTree(cur.N, old.N, hr)
	if err != nil {
		return err
	}
	return tlog.CheckTree(proof, cur.N, cur.Hash, old.N, old.Hash)
}

// checkNoExtraFiles fails if DIR/tile holds any file not in expected.
func checkNoExtraFiles(dir string, expected map[string]bool) error {
	root := filepath.Join(dir, "tile")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				return nil // an empty log may have no tile directory
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); !expected[rel] {
			return fmt.Errorf("unexpected file %s for a tree of this size", rel)
		}
		return nil
	})
	return err
}

// exportTiles lists the hash tiles an export of a tree of the given size
// holds, level by level: every full tile, and the partial tile at the right
// edge of each level whose width is not 0. (tlog.NewTiles(8, 0, size) is not
// used: it also lists every narrower partial tile of the right edge, W = 1 …
// width-1, as an incremental publisher would write them.)
func exportTiles(size int64) []tlog.Tile {
	var tiles []tlog.Tile
	for level := 0; size>>(tileHeight*level) > 0; level++ {
		hashes := size >> (tileHeight * level) // hashes stored at this level
		for n := int64(0); n < hashes/fullWidth; n++ {
			tiles = append(tiles, tlog.Tile{H: tileHeight, L: level, N: n, W: fullWidth})
		}
		if w := int(hashes % fullWidth); w > 0 {
			tiles = append(tiles, tlog.Tile{H: tileHeight, L: level, N: hashes / fullWidth, W: w})
		}
	}
	return tiles
}

// tilePath returns the C2SP tlog-tiles path of tile (or entry bundle) n at
// level (a number or "entries") with width w: tile/<level>/<N>[.p/<w>].
func tilePath(level string, n int64, w int) string {
	nStr := fmt.Sprintf("%03d", n%1000)
	for n >= 1000 {
		n /= 1000
		nStr = fmt.Sprintf("x%03d/%s", n%1000, nStr)
	}
	path := "tile/" + level + "/" + nStr
	if w != fullWidth {
		path += fmt.Sprintf(".p/%d", w)
	}
	return path
}

// dirTileReader is a tlog.TileReader over the hash tiles in a directory.
// It only reads files; tlog.TileHashReader authenticates what it returns.
type dirTileReader struct {
	dir string
}

func (r *dirTileReader) Height() int { return tileHeight }

func (r *dirTileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(tiles))
	for i, t := range tiles {
		if t.H != tileHeight || t.L < 0 {
			return nil, fmt.Errorf("unexpected tile request %+v", t)
		}
		path := tilePath(strconv.Itoa(t.L), t.N, t.W)
		b, err := os.ReadFile(filepath.Join(r.dir, filepath.FromSlash(path)))
		if err != nil {
			return nil, fmt.Errorf("hash tile: %v", err)
		}
		if len(b) != t.W*tlog.HashSize {
			return nil, fmt.Errorf("hash tile %s: %d bytes, want %d", path, len(b), t.W*tlog.HashSize)
		}
		data[i] = b
	}
	return data, nil
}

// SaveTiles is a no-op: nothing is cached.
func (r *dirTileReader) SaveTiles(tiles []tlog.Tile, data [][]byte) {}
