package site

import (
	"fmt"
	"github.com/infradoc/infradoc/site/yamlstrict"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// leavesRoot says why a path from the config leaves the repository root,
// or "" when it stays inside.
func leavesRoot(p string) string {
	switch {
	case path.IsAbs(p) || strings.HasPrefix(p, `\`) || (len(p) > 1 && p[1] == ':'):
		return "is an absolute path"
	case path.Clean(p) == ".." || strings.HasPrefix(path.Clean(p), "../"):
		return "leaves the root with '..'"
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return "contains '..'"
		}
	}
	return ""
}

// checkPaths reports every input path of the config that is absolute or
// climbs out of the repository root with "..": input paths are relative to
// the root and stay inside it, so that the root is all infradoc reads (the
// command line may still name files elsewhere). Each bad path is cleared
// so nothing is read through it. site.output is not an input: it may lie
// beside the root (content/ builds into ../public), and the build checks
// that it holds no input and is no folder a build must not fill.
func (c *Config) checkPaths(fs *findings) {
	one := func(pos Pos, key string, p *string) {
		if why := leavesRoot(*p); why != "" {
			fs.Add(pos, "outside-root", "%s %q %s: paths in %s are relative to --root and stay inside it", key, *p, why, ConfigFileName)
			*p = ""
			if c.rejected == nil {
				c.rejected = map[string]bool{}
			}
			c.rejected[key] = true
		}
	}
	one(c.Of("registry"), "registry", &c.Registry)
	one(c.Of("obligations"), "obligations", &c.Obligations)
	one(c.Of("tests_root"), "tests_root", &c.TestsRoot)
	one(c.Of("migrations_root"), "migrations_root", &c.MigrationsRoot)
	one(c.Site.Of("templates"), "site.templates", &c.Site.Templates)
	one(c.Site.Of("logo"), "site.logo", &c.Site.Logo)
	one(c.Of("baseline"), "baseline", &c.Baseline)
	one(c.Of("verification"), "verification", &c.Verification)
	kept := c.Docs[:0:0]
	for i, d := range c.Docs {
		if why := leavesRoot(d); why != "" {
			fs.Add(c.Of("docs"), "outside-root", "docs pattern %q (entry %d) %s: docs are read from inside --root only", d, i+1, why)
			continue
		}
		kept = append(kept, d)
	}
	if len(kept) != len(c.Docs) {
		if len(kept) == 0 {
			kept = []string{}
		}
		c.Docs = kept
	}
}

// ByteSize is a size in bytes, written as a whole number of bytes or with
// a unit: 512KiB, 64MiB, 1GiB (KB, MB and GB are read as the same powers
// of 1024, as the sizes of files usually are).
type ByteSize int64

func (b *ByteSize) DecodeYAML(d *yamlstrict.Decoder, n *yaml.Node) bool {
	if yamlstrict.IsNull(n) {
		return true
	}
	if n.Kind != yaml.ScalarNode {
		d.Errorf(n, "type", "expected a size such as 64MiB, found %s", yamlstrict.KindName(n))
		return false
	}
	v, err := parseByteSize(n.Value)
	if err != nil {
		d.Errorf(n, "format", "%v", err)
		return false
	}
	*b = ByteSize(v)
	return true
}

func (*ByteSize) jsonSchema() map[string]any {
	return map[string]any{"anyOf": []any{
		map[string]any{"type": "integer", "minimum": 1},
		map[string]any{"type": "string", "pattern": byteSizePattern},
		map[string]any{"type": "null"},
	}}
}

const byteSizePattern = `^\s*[0-9]+\s*([KMG]i?B|B)?\s*$`

// parseByteSize reads "64MiB", "512 KB", "1000000".
func parseByteSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	unit := int64(1)
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, unit = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.size
			break
		}
	}
	var n int64
	if _, err := fmt.Sscanf(t, "%d", &n); err != nil || n <= 0 || fmt.Sprint(n) != t || n > (1<<40)/unit {
		return 0, fmt.Errorf("max_file_size %q is not a size such as 64MiB, 512KiB or 1000000 (bytes)", s)
	}
	return n * unit, nil
}

// ReadLimit is the largest input file read, in bytes.
func (c *Config) ReadLimit() int64 {
	if c == nil || c.MaxFileSize <= 0 {
		return DefaultMaxFileSize
	}
	return int64(c.MaxFileSize)
}
