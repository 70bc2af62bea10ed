// Package pgserver runs a private PostgreSQL server for one process: the
// local server binaries initialise a cluster in a temporary folder and
// serve it on a unix socket in that folder only (no TCP port), and Stop
// shuts it down and removes the folder. `infradoc verify --migrate` and
// the database tests use it to apply migrations to a database nobody else
// can see.
package pgserver

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// User is the superuser of the private cluster.
const User = "infradoc"

// port only names the socket file (.s.PGSQL.<port>): the server listens on
// no TCP port, so any number is as good as another.
const port = "5432"

// Server is a running private PostgreSQL.
type Server struct {
	// BinDir is the folder of the server binaries it runs.
	BinDir string
	// Dir is the temporary folder holding the cluster (Dir/data), its log
	// and its socket.
	Dir string

	cred     *syscall.Credential
	stopOnce sync.Once
	stopErr  error
}

// Options tune Start.
type Options struct {
	// Getenv reads the environment ($INFRADOC_PG_BINDIR, $INFRADOC_PG_USER);
	// nil means os.Getenv.
	Getenv func(string) string
}

// Start initialises a cluster in a new temporary folder and starts a
// server on it. When infradoc runs as root, which PostgreSQL refuses,
// the server runs as the user $INFRADOC_PG_USER names, else `postgres`.
// The caller must call Stop, also when the process is interrupted.
func Start(opts Options) (*Server, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	bin, err := FindBinDir(getenv)
	if err != nil {
		return nil, err
	}
	cred, err := credential(getenv)
	if err != nil {
		return nil, err
	}
	dir, err := tempDir(cred != nil)
	if err != nil {
		return nil, fmt.Errorf("private PostgreSQL: %w", err)
	}
	s := &Server{BinDir: bin, Dir: dir, cred: cred}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			s.removeDir()
			return nil, fmt.Errorf("private PostgreSQL: %w", err)
		}
	}
	if err := s.initdb(); err != nil {
		s.removeDir()
		return nil, err
	}
	if err := s.start(); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// tempDir makes the server's folder in $TMPDIR, or in /tmp when a unix
// socket's path there would be too long (about 100 bytes), would need
// quoting, or, for a server running as another user, lies under a folder
// that user cannot enter.
func tempDir(otherUser bool) (string, error) {
	dir, err := os.MkdirTemp("", "infradoc-pg-")
	if err != nil {
		return "", err
	}
	if len(filepath.Join(dir, ".s.PGSQL."+port)) < 100 && !strings.ContainsAny(dir, `'"\ `) && (!otherUser || enterable(filepath.Dir(dir))) {
		return dir, nil
	}
	os.RemoveAll(dir)
	return os.MkdirTemp("/tmp", "infradoc-pg-")
}

// enterable reports whether any user may enter dir and every folder
// above it.
func enterable(dir string) bool {
	for {
		st, err := os.Stat(dir)
		if err != nil || st.Mode().Perm()&0o001 == 0 {
			return false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return true
		}
		dir = parent
	}
}

// dataDir is the cluster's folder.
func (s *Server) dataDir() string { return filepath.Join(s.Dir, "data") }

// logFile is the server's log.
func (s *Server) logFile() string { return filepath.Join(s.Dir, "server.log") }

func (s *Server) initdb() error {
	out, err := s.run("initdb", "-D", s.dataDir(), "-A", "trust", "-U", User, "--no-sync", "-E", "UTF8", "--locale=C")
	if err != nil {
		return fmt.Errorf("private PostgreSQL: initdb failed: %v%s", err, tail(out))
	}
	return nil
}

func (s *Server) start() error {
	// -k: the socket in the server's folder; listen_addresses='': no TCP;
	// -F and fsync=off: a throwaway cluster need not survive a crash.
	opts := fmt.Sprintf("-k '%s' -p %s -c listen_addresses='' -F -c fsync=off", s.Dir, port)
	out, err := s.run("pg_ctl", "start", "-w", "-t", "60", "-D", s.dataDir(), "-l", s.logFile(), "-o", opts)
	if err != nil {
		log, _ := os.ReadFile(s.logFile())
		return fmt.Errorf("private PostgreSQL: pg_ctl start failed: %v%s%s", err, tail(out), tail(log))
	}
	return nil
}

// run runs one of the server binaries as the server's user, in its own
// process group (a Ctrl-C at the terminal reaches infradoc, which stops
// the server, not the server itself), and returns its output.
func (s *Server) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(s.BinDir, name), args...)
	cmd.Dir = s.Dir
	cmd.Env = serverEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: s.cred}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// serverEnv is infradoc's environment without the PG* variables, which
// would point the binaries at another cluster, port or user.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	return append(env, "LC_ALL=C")
}

// URL is the pgx connection string of database db on the server: its
// socket folder as the host, the cluster's superuser, no password.
func (s *Server) URL(db string) string {
	q := url.Values{"host": {s.Dir}, "port": {port}, "sslmode": {"disable"}}
	return (&url.URL{Scheme: "postgres", User: url.User(User), Path: "/" + db, RawQuery: q.Encode()}).String()
}

// Stop shuts the server down (a fast shutdown, else an immediate one) and
// removes its folder. It is safe to call more than once, and from another
// goroutine than the one that started the server.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		var errs []error
		if _, err := os.Stat(filepath.Join(s.dataDir(), "postmaster.pid")); err == nil {
			if out, err := s.run("pg_ctl", "stop", "-w", "-t", "30", "-D", s.dataDir(), "-m", "fast"); err != nil {
				if out2, err2 := s.run("pg_ctl", "stop", "-w", "-t", "30", "-D", s.dataDir(), "-m", "immediate"); err2 != nil {
					errs = append(errs, fmt.Errorf("private PostgreSQL: pg_ctl stop failed: %v%s%s", err2, tail(out), tail(out2)))
					s.killPostmaster()
				}
			}
		}
		if err := s.removeDir(); err != nil {
			errs = append(errs, fmt.Errorf("private PostgreSQL: %w", err))
		}
		s.stopErr = errors.Join(errs...)
	})
	return s.stopErr
}

// killPostmaster kills the server whose pid postmaster.pid holds, when
// pg_ctl could not stop it.
func (s *Server) killPostmaster() {
	data, err := os.ReadFile(filepath.Join(s.dataDir(), "postmaster.pid"))
	if err != nil {
		return
	}
	var pid int
	if _, err := fmt.Sscanf(string(data), "%d", &pid); err != nil || pid <= 1 {
		return
	}
	syscall.Kill(pid, syscall.SIGKILL)
	for range 50 {
		if syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *Server) removeDir() error {
	if s.Dir == "" {
		return nil
	}
	return os.RemoveAll(s.Dir)
}

// tail returns the last lines of a program's output, indented under an
// error message, or "" when there is none.
func tail(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) == 1 && lines[0] == "" {
		return ""
	}
	lines = lines[max(len(lines)-15, 0):]
	return "\n  " + strings.Join(lines, "\n  ")
}
