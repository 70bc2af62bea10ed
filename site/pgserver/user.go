package pgserver

import (
	"fmt"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// credential is who the server binaries run as: nil (infradoc's own user)
// unless infradoc runs as root, which PostgreSQL refuses; then the user
// $INFRADOC_PG_USER names, else `postgres`.
func credential(getenv func(string) string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	name := getenv("INFRADOC_PG_USER")
	if name == "" {
		name = "postgres"
	}
	u, err := user.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("private PostgreSQL: infradoc runs as root, which PostgreSQL refuses, and there is no user %q to run the server as: "+
			"install PostgreSQL's package (it creates `postgres`), create a user (useradd --system %s), or name another with $INFRADOC_PG_USER", name, name)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("private PostgreSQL: user %q has no numeric uid and gid", name)
	}
	if uid == 0 {
		return nil, fmt.Errorf("private PostgreSQL: $INFRADOC_PG_USER %q is root, which PostgreSQL refuses: name another user", name)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
}
