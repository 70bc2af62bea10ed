package synthetic

import (
	"fmt"
	"path"
	"strings"
)

// GenerateMarkdown writes the same content as Generate as plain markdown
// pages for a static site generator such as Hugo: one page per infra item,
// one per obligation and the docs, under dir/content. It is the baseline
// the benchmark compares infradoc build with. dir must be empty or not
// exist.
func GenerateMarkdown(dir string, opts Options) error {
	if opts.Items < 1 {
		return fmt.Errorf("synthetic: at least one infra item is needed")
	}
	if err := ensureEmpty(dir); err != nil {
		return err
	}
	g := newGenerator(dir, opts)
	for i, it := range g.items {
		if err := g.write(fmt.Sprintf("content/items/item-%04d.md", i), it.markdown()); err != nil {
			return err
		}
	}
	for i := range g.obligations {
		o := &g.obligations[i]
		if err := g.write("content/obligations/"+strings.ToLower(o.id)+".md", o.markdown()); err != nil {
			return err
		}
	}
	for i := range opts.Docs {
		body := g.doc(i)
		title, rest, _ := strings.Cut(strings.TrimPrefix(body, "# "), "\n")
		page := fmt.Sprintf("---\ntitle: %q\n---\n%s", title, rest)
		// Hugo links pages by their URL, not their .md file.
		page = strings.ReplaceAll(page, ".md#", "/#")
		if err := g.write(path.Join("content", strings.TrimPrefix(docPath(i), DocsDir+"/")), page); err != nil {
			return err
		}
	}
	return nil
}

func (it *item) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\n---\n\n", it.name)
	b.WriteString("| Field | Value |\n|---|---|\n")
	for _, f := range [][2]string{
		{"Category", it.category}, {"Layer", it.layer}, {"State", it.state}, {"Failure mode", it.failureMode},
		{"Owner", it.owner}, {"Local strategy", it.localStrategy}, {"Promotion trigger", it.trigger}, {"Bucket", it.bucket},
	} {
		fmt.Fprintf(&b, "| %s | %s |\n", f[0], f[1])
	}
	if len(it.history) > 0 {
		b.WriteString("\n## History\n\n")
		for _, h := range it.history {
			fmt.Fprintf(&b, "- %s: %s -> %s (%s)\n", h.date, h.from, h.to, h.pin)
		}
	}
	if it.description != "" {
		b.WriteString("\n## Description\n\n" + it.description + "\n")
	}
	return b.String()
}

func (o *obligation) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\n---\n\n", o.id+" "+o.title)
	fmt.Fprintf(&b, "**Status:** %s · **Layer:** %s · **Schema:** `%s` · **Created:** %s\n\n", o.status, o.layer, o.schema, o.created)
	b.WriteString("## Requirements\n\n| Type | Name |\n|---|---|\n")
	for _, k := range o.requires {
		fmt.Fprintf(&b, "| %s | `%s` |\n", k, o.requirementName(k))
	}
	fmt.Fprintf(&b, "\n## Semantic purpose\n\nKeeps the **%s** data of `%s` consistent.\n", strings.ToLower(o.title), o.schema)
	if o.tests > 0 {
		fmt.Fprintf(&b, "\n## Tests\n\n- `%s` (%d tests)\n", o.testFile(), o.tests)
	}
	b.WriteString("\n## Migration\n\n```sql\n" + o.migration() + "```\n")
	return b.String()
}
