package pgserver_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/infradoc/infradoc/site/pgserver"
	"github.com/infradoc/infradoc/site/pgserver/pgtest"
	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		childServer()
		return
	}
	pgtest.Main(m)
}

// childEnv makes the test binary serve as the child of TestInterrupt.
const childEnv = "PGSERVER_TEST_CHILD"

// childServer does what infradoc verify --migrate does around its server:
// start it, print its folder, and on an interrupt stop it and exit.
func childServer() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	s, err := pgserver.Start(pgserver.Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println(s.Dir)
	<-ctx.Done()
	if err := s.Stop(); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// TestInterrupt: a Ctrl-C at a terminal, an interrupt sent to the whole
// foreground process group, reaches the program but not its server,
// which the program then stops and removes.
func TestInterrupt(t *testing.T) {
	pgtest.Instance(t) // skips without binaries
	interruptChild(t, startChild(t, os.Args[0], nil))
}

// child is the test binary running childServer.
type child struct {
	cmd *exec.Cmd
	// dir is its server's folder.
	dir string
}

// startChild runs exe, a copy of the test binary, as childServer, as the
// user cred names (nil: the test's own), and reads its server's folder.
func startChild(t *testing.T, exe string, cred *syscall.Credential) child {
	t.Helper()
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	if cred != nil {
		// $TMPDIR may be a folder only the test's user may write to.
		cmd.Env = append(cmd.Env, "TMPDIR=/tmp")
	}
	// The child leads a process group of its own, as a shell makes a
	// foreground job.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: cred}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	line, err := bufio.NewReader(out).ReadString('\n')
	dir := strings.TrimSpace(line)
	if err != nil || !filepath.IsAbs(dir) {
		t.Fatalf("child: %q, %v", line, err)
	}
	return child{cmd: cmd, dir: dir}
}

// interruptChild sends an interrupt to c's process group and checks that
// c stopped its server and removed its folder.
func interruptChild(t *testing.T, c child) {
	t.Helper()
	pid := postmasterPID(t, &pgserver.Server{Dir: c.dir})
	if err := syscall.Kill(-c.cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("child after the interrupt: %v", err)
	}
	if _, err := os.Stat(c.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s still exists after the interrupt: %v", c.dir, err)
	}
	if running(pid) {
		t.Errorf("postmaster %d still runs after the interrupt", pid)
	}
}

// TestNotRoot: started by a user other than root, as most people run
// infradoc, the server binaries run as that user, and the server starts
// in a folder of that user's, answers on its socket, and is stopped and
// removed on an interrupt. Run as root, the test runs its child as the
// user root's servers run as (postgres), from a copy of the test binary
// that user may run.
func TestNotRoot(t *testing.T) {
	pgtest.Instance(t) // skips without binaries
	exe, uid := os.Args[0], os.Geteuid()
	var cred *syscall.Credential
	if uid == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("no user postgres to run the child as: %v", err)
		}
		n, _ := strconv.Atoi(u.Uid)
		g, _ := strconv.Atoi(u.Gid)
		uid, cred = n, &syscall.Credential{Uid: uint32(n), Gid: uint32(g), Groups: []uint32{}}
		exe = runnableCopy(t, exe)
	}
	c := startChild(t, exe, cred)
	info, err := os.Stat(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	if owner := int(info.Sys().(*syscall.Stat_t).Uid); owner != uid {
		t.Errorf("the server's folder %s belongs to uid %d, want the child's %d", c.dir, owner, uid)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, (&pgserver.Server{Dir: c.dir}).URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	var role string
	if err := conn.QueryRow(ctx, "SELECT current_user").Scan(&role); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	if role != pgserver.User {
		t.Errorf("connected as %q, want %q", role, pgserver.User)
	}
	interruptChild(t, c)
}

// runnableCopy copies the executable exe into a folder every user may
// enter and returns the copy's path: the go command builds test binaries
// in a folder private to the test's user.
func runnableCopy(t *testing.T, exe string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pgserver-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, filepath.Base(exe))
	if err := os.WriteFile(p, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPrivateServer starts a second server beside pgtest's, checks it
// answers on its socket only, in its own process group, and that Stop
// stops it and removes its folder, twice without harm.
func TestPrivateServer(t *testing.T) {
	pgtest.Instance(t) // skips without binaries
	s, err := pgserver.Start(pgserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	var listen, user string
	if err := conn.QueryRow(ctx, "SELECT current_setting('listen_addresses'), current_user").Scan(&listen, &user); err != nil {
		t.Fatal(err)
	}
	var pid int
	if err := conn.QueryRow(ctx, "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	if listen != "" || user != pgserver.User {
		t.Errorf("listen_addresses %q, user %q; want no TCP and %q", listen, user, pgserver.User)
	}
	// The server's processes are not in the test's process group: a
	// Ctrl-C at the terminal reaches infradoc, not them.
	pgid, err := syscall.Getpgid(pid)
	if err != nil {
		t.Fatal(err)
	}
	if pgid == syscall.Getpgrp() {
		t.Errorf("the server's checkpointer %d is in the test's process group %d", pid, pgid)
	}
	postmaster := postmasterPID(t, s)
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if _, err := os.Stat(s.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s still exists after Stop: %v", s.Dir, err)
	}
	if running(postmaster) {
		t.Errorf("postmaster %d still runs after Stop", postmaster)
	}
}

// running reports whether process pid exists and is not a zombie (an
// exited server nobody has reaped yet).
func running(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return syscall.Kill(pid, 0) == nil
	}
	// The state follows the command's closing parenthesis.
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

func postmasterPID(t *testing.T, s *pgserver.Server) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(s.Dir, "data", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(data), "\n", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// TestNoSuchUser: as root, a server user that does not exist is named in
// the error, with what to do.
func TestNoSuchUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the server user is chosen only when running as root")
	}
	pgtest.Instance(t)
	_, err := pgserver.Start(pgserver.Options{Getenv: func(k string) string {
		if k == "INFRADOC_PG_USER" {
			return "infradoc-no-such-user"
		}
		return ""
	}})
	if err == nil || !strings.Contains(err.Error(), `no user "infradoc-no-such-user"`) || !strings.Contains(err.Error(), "INFRADOC_PG_USER") {
		t.Fatalf("err = %v, want one naming the missing user and $INFRADOC_PG_USER", err)
	}
}

// TestBinDir: $INFRADOC_PG_BINDIR wins, and a folder without the server is
// refused by name.
func TestBinDir(t *testing.T) {
	s := pgtest.Instance(t)
	env := func(dir string) func(string) string {
		return func(k string) string {
			if k == "INFRADOC_PG_BINDIR" {
				return dir
			}
			return ""
		}
	}
	if got, err := pgserver.FindBinDir(env(s.BinDir)); err != nil || got != s.BinDir {
		t.Errorf("FindBinDir = %q, %v; want %q", got, err, s.BinDir)
	}
	empty := t.TempDir()
	if _, err := pgserver.FindBinDir(env(empty)); err == nil || !strings.Contains(err.Error(), empty) {
		t.Errorf("FindBinDir(%s) = %v, want an error naming it", empty, err)
	}
}

// TestInitdbFailureShowsItsOutput: a broken initdb's own words are in the
// error.
func TestInitdbFailureShowsItsOutput(t *testing.T) {
	s := pgtest.Instance(t)
	// The server's user must reach the folder: t.TempDir's parent is
	// private to the test's user.
	bin, err := os.MkdirTemp("", "pgserver-bin-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(bin) })
	for _, b := range []string{"pg_ctl", "postgres"} {
		if err := os.Symlink(filepath.Join(s.BinDir, b), filepath.Join(bin, b)); err != nil {
			t.Fatal(err)
		}
	}
	script := "#!/bin/sh\necho 'initdb: error: the disk is on fire' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "initdb"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = pgserver.Start(pgserver.Options{Getenv: func(k string) string {
		if k == "INFRADOC_PG_BINDIR" {
			return bin
		}
		return ""
	}})
	if err == nil || !strings.Contains(err.Error(), "the disk is on fire") {
		t.Fatalf("err = %v, want initdb's output", err)
	}
}

// TestDatabases: each call gives a new, empty database.
func TestDatabases(t *testing.T) {
	ctx := context.Background()
	a, b := pgtest.Server(t), pgtest.Server(t)
	if a == b {
		t.Fatalf("two calls gave one database %s", a)
	}
	for _, u := range []string{a, b} {
		conn, err := pgx.Connect(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "CREATE TABLE only_here (id int)"); err != nil {
			t.Fatal(err)
		}
		conn.Close(ctx)
		if n != 0 {
			t.Errorf("%s: %d relations in public, want a fresh database", u, n)
		}
	}
}

// TestPrivateTempDir: as root, with $TMPDIR in a folder the server's user
// cannot enter, the server's folder goes to /tmp and the server starts.
func TestPrivateTempDir(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the server runs as another user only when running as root")
	}
	pgtest.Instance(t)
	private := t.TempDir() // under a folder only root may enter
	t.Setenv("TMPDIR", private)
	s, err := pgserver.Start(pgserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if strings.HasPrefix(s.Dir, private) || !strings.HasPrefix(s.Dir, "/tmp/") {
		t.Errorf("the server's folder is %s, want one under /tmp", s.Dir)
	}
}
