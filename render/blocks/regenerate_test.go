package blocks

import (
	"bytes"
	"strings"
	"testing"

	"github.com/infradoc/infradoc/render/graphviz"
	"github.com/infradoc/infradoc/site"
	"github.com/infradoc/infradoc/site/markers"
)

func TestRegenerateDoc(t *testing.T) {
	s := loadBlockSite(t)
	src := "\xef\xbb\xbf# Doc\r\n\r\nIntro | kept.\r\n" +
		"<!-- infradoc:begin state-summary state=C -->\r\nstale\r\n<!-- infradoc:end state-summary -->\r\n" +
		"We have <!-- infradoc:value registry.state.A -->5<!-- infradoc:end --> deferred and " +
		"<!-- infradoc:value registry.items.total -->11<!-- infradoc:end --> items.\r\nTail\r\n"
	d, found := markers.Parse("doc.md", []byte(src), Vocabulary())
	if len(found) > 0 {
		t.Fatal(found)
	}
	out, stale, err := RegenerateDoc(s, d, DocOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := "\xef\xbb\xbf# Doc\r\n\r\nIntro | kept.\r\n" +
		"<!-- infradoc:begin state-summary state=C -->\r\n\r\n" +
		"| State | Count | Infra Items |\r\n|-------|-------|-------------|\r\n| **C** (Fully Wired) | 1 | PostgreSQL |\r\n" +
		"\r\n<!-- infradoc:end state-summary -->\r\n" +
		"We have <!-- infradoc:value registry.state.A -->6<!-- infradoc:end --> deferred and " +
		"<!-- infradoc:value registry.items.total -->11<!-- infradoc:end --> items.\r\nTail\r\n"
	if string(out) != want {
		t.Errorf("out:\n%q\nwant:\n%q", out, want)
	}
	if len(stale) != 2 || stale[0].Kind != "state-summary" || stale[0].Pos.Line != 4 || stale[0].Old != "stale\r\n" ||
		stale[1].Kind != site.KindValue || stale[1].Old != "5" || stale[1].New != "6" || stale[1].Pos.Line != 7 {
		t.Errorf("stale = %+v", stale)
	}
	if f := stale[1].Finding(); f.Rule != "stale-block" || !strings.Contains(f.Message, `registry.state.A is "5", the YAML gives "6"`) {
		t.Errorf("finding = %v", f)
	}

	d2, _ := markers.Parse("doc.md", out, Vocabulary())
	again, stale2, err := RegenerateDoc(s, d2, DocOptions{})
	if err != nil || len(stale2) != 0 || !bytes.Equal(again, out) {
		t.Errorf("second regeneration changed the doc: stale %v err %v", stale2, err)
	}
}

func TestDocDiagrams(t *testing.T) {
	s := loadBlockSite(t)
	src := "<!-- infradoc:begin diagram name=states -->\n<!-- infradoc:end -->\n" +
		"<!-- infradoc:begin diagram name=states alt=again -->\n<!-- infradoc:end -->\n" +
		"<!-- infradoc:begin diagram name=nope -->\n<!-- infradoc:end -->\n"
	d, _ := markers.Parse("docs/x.md", []byte(src), Vocabulary())
	d.Path = "docs/x.md"
	assets, found, err := DocDiagrams(s, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(assets) != 1 || assets[0].Path != "docs/states.svg" || assets[0].File != "site/docs/states.svg" || assets[0].Hash != graphviz.DOTHash(assets[0].DOT) {
		t.Errorf("assets = %+v", assets)
	}
	if len(found) != 1 || found[0].Line != 5 || !strings.Contains(found[0].Message, `unknown diagram "nope"`) {
		t.Errorf("findings = %v", found)
	}
}
