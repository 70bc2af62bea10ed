package verify

import (
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
)

// dsnPassword matches the password of a keyword/value connection string.
var dsnPassword = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\s*\bpassword\s*=\s*(?:'(?:[^'\\]|\\.)*'|\S*)`)
})

// Redact returns s with the password of the connection string dbURL left
// out: s itself when it is dbURL (the URL without its password), and any
// occurrence of the password in s (an error message) replaced by "xxxxx".
// A report, a message or a log never shows it.
func Redact(s, dbURL string) string {
	if s == dbURL {
		return withoutPassword(dbURL)
	}
	if cfg, err := pgx.ParseConfig(dbURL); err == nil && cfg.Password != "" {
		s = strings.ReplaceAll(s, cfg.Password, "xxxxx")
	}
	if u, err := url.Parse(dbURL); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			s = strings.ReplaceAll(s, pw, "xxxxx")
			s = strings.ReplaceAll(s, url.PathEscape(pw), "xxxxx")
		}
	}
	return s
}

// withoutPassword is a connection string without its password.
func withoutPassword(dbURL string) string {
	if u, err := url.Parse(dbURL); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		if u.User != nil {
			u.User = url.User(u.User.Username())
		}
		q := u.Query()
		if q.Has("password") {
			q.Del("password")
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	return strings.TrimSpace(dsnPassword().ReplaceAllString(dbURL, ""))
}
