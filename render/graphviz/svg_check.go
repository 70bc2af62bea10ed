package graphviz

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// svgForbiddenElements can run script, load other documents or pull in
// outside content.
var svgForbiddenElements = map[string]bool{
	"script": true, "foreignobject": true, "iframe": true, "embed": true, "object": true,
	"image": true, "use": true, "animate": true, "set": true, "handler": true, "listener": true,
}

// CheckSVG returns an error when svg could run script or reach outside
// itself: a <script> (or foreignObject, image, use …) element, an on*
// event attribute, any href (Graphviz writes URL and href attributes raw),
// a "javascript:" anywhere in the bytes, a processing instruction such as
// xml-stylesheet, a DOCTYPE or entity declaration, or XML that does not
// parse.
func CheckSVG(svg []byte) error {
	lower := bytes.ToLower(svg)
	for _, bad := range []string{"<script", "javascript:", "vbscript:", "<!doctype", "<!entity", "<?xml-stylesheet"} {
		if bytes.Contains(lower, []byte(bad)) {
			return fmt.Errorf("SVG contains %q", bad)
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("SVG does not parse: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if svgForbiddenElements[name] {
				return fmt.Errorf("SVG contains a <%s> element", t.Name.Local)
			}
			for _, at := range t.Attr {
				an := strings.ToLower(at.Name.Local)
				switch {
				case strings.HasPrefix(an, "on"):
					return fmt.Errorf("SVG element <%s> has an event attribute %s", t.Name.Local, at.Name.Local)
				case an == "href" || an == "src" || an == "xml:base" || an == "base":
					return fmt.Errorf("SVG element <%s> links to %q", t.Name.Local, at.Value)
				case an == "style" && strings.Contains(strings.ToLower(at.Value), "url("):
					// Tooltips (xlink:title) may quote "javascript:" as text;
					// only a URL-bearing value could act on it.
					return fmt.Errorf("SVG element <%s> has a style that loads a URL", t.Name.Local)
				}
			}
		case xml.ProcInst:
			return fmt.Errorf("SVG contains a processing instruction <?%s", t.Target)
		case xml.Directive:
			return errors.New("SVG contains a <!…> declaration")
		}
	}
}
