package pgserver

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ErrNotFound is returned when no PostgreSQL server binaries are found.
var ErrNotFound = errors.New("PostgreSQL server binaries not found: apt-get install -y postgresql")

// serverBinaries are the programs a private server needs.
var serverBinaries = []string{"initdb", "pg_ctl", "postgres"}

// FindBinDir returns the folder of the PostgreSQL server binaries:
// $INFRADOC_PG_BINDIR, else what `pg_config --bindir` prints, else the
// newest /usr/lib/postgresql/*/bin (Debian keeps the server off PATH),
// else the folder of initdb on PATH.
func FindBinDir(getenv func(string) string) (string, error) {
	if dir := getenv("INFRADOC_PG_BINDIR"); dir != "" {
		if !hasServer(dir) {
			return "", fmt.Errorf("$INFRADOC_PG_BINDIR %s does not hold initdb, pg_ctl and postgres", dir)
		}
		return dir, nil
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); hasServer(dir) {
			return dir, nil
		}
	}
	if dir := newestDebianBinDir(); dir != "" {
		return dir, nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if dir := filepath.Dir(p); hasServer(dir) {
			return dir, nil
		}
	}
	return "", ErrNotFound
}

// newestDebianBinDir is the bin folder of the highest PostgreSQL version
// under /usr/lib/postgresql that holds a server, or "".
func newestDebianBinDir() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	version := func(dir string) float64 {
		v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(dir)), 64)
		return v
	}
	slices.SortFunc(dirs, func(a, b string) int {
		va, vb := version(a), version(b)
		switch {
		case va > vb:
			return -1
		case va < vb:
			return 1
		}
		return 0
	})
	for _, d := range dirs {
		if hasServer(d) {
			return d
		}
	}
	return ""
}

func hasServer(dir string) bool {
	for _, b := range serverBinaries {
		st, err := os.Stat(filepath.Join(dir, b))
		if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}
