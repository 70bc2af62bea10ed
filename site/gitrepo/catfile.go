package gitrepo

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"strconv"
	"strings"

	"github.com/infradoc/infradoc/site/rootfs"
)

// catFile is one `git cat-file --batch` process: a request is an object id
// on a line, the answer its header and bytes. One process serves every
// read, so reading the thousands of files of a tree costs one start-up.
type catFile struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	// broken is set when the stream lost its place (a read failed half
	// way); every later read fails with it.
	broken error
}

func (r *Repo) startCatFile() (*catFile, error) {
	cmd := r.command("cat-file", "--batch")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &catFile{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10)}, nil
}

func (c *catFile) close() error {
	c.in.Close()
	// What the process still writes is not wanted.
	io.Copy(io.Discard, c.out)
	return c.cmd.Wait()
}

// ReadBlob returns the bytes of blob id, when it holds at most limit bytes
// (limit ≤ 0 means rootfs.DefaultMaxFileSize); a larger blob gives an
// error wrapping rootfs.ErrTooLarge, unread.
func (r *Repo) ReadBlob(id string, limit int64) ([]byte, error) {
	if !isHash(id) {
		return nil, fmt.Errorf("gitrepo: %q is not an object id", id)
	}
	if limit <= 0 {
		limit = rootfs.DefaultMaxFileSize
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.batch == nil {
		b, err := r.startCatFile()
		if err != nil {
			return nil, fmt.Errorf("git cat-file: %w", err)
		}
		r.batch = b
	}
	return r.batch.read(id, limit)
}

func (c *catFile) read(id string, limit int64) ([]byte, error) {
	if c.broken != nil {
		return nil, c.broken
	}
	fail := func(err error) ([]byte, error) {
		c.broken = fmt.Errorf("git cat-file: %w", err)
		return nil, c.broken
	}
	if _, err := io.WriteString(c.in, id+"\n"); err != nil {
		return fail(err)
	}
	header, err := c.out.ReadString('\n')
	if err != nil {
		return fail(err)
	}
	// "<id> <type> <size>" or "<id> missing".
	fields := strings.Fields(header)
	if len(fields) == 2 && fields[1] == "missing" {
		return nil, &fs.PathError{Op: "read", Path: id, Err: fs.ErrNotExist}
	}
	if len(fields) != 3 {
		return fail(fmt.Errorf("unexpected header %q", header))
	}
	size, err := strconv.ParseInt(fields[2], 10, 64)
	if err != nil || size < 0 {
		return fail(fmt.Errorf("unexpected header %q", header))
	}
	if size > limit || fields[1] != "blob" {
		// The bytes follow the header whatever happens: skip them.
		if _, err := c.out.Discard(int(size) + 1); err != nil {
			return fail(err)
		}
		if fields[1] != "blob" {
			return nil, fmt.Errorf("git object %s is a %s, not a file", id, fields[1])
		}
		return nil, &fs.PathError{Op: "read", Path: id, Err: rootfs.ErrTooLarge}
	}
	data := make([]byte, size+1)
	if _, err := io.ReadFull(c.out, data); err != nil {
		return fail(err)
	}
	if data[size] != '\n' {
		return fail(errors.New("object not followed by a newline"))
	}
	return data[:size], nil
}
