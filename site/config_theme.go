package site

import "strings"

// ThemeColors overrides the site's colours in one theme: each key is one
// colour of the stylesheet, written in CSS colour syntax (#rgb, #rrggbb,
// #rrggbbaa, rgb(), hsl(), oklch() … or a lower-case colour name). An
// empty key keeps the default.
type ThemeColors struct {
	Positions `json:"-"`
	// Background is the page's background.
	Background string `json:"background,omitempty" yaml:"background" pattern:"css-color"`
	// Text is the body text.
	Text string `json:"text,omitempty" yaml:"text" pattern:"css-color"`
	// Muted is secondary text: captions, labels, notes.
	Muted string `json:"muted,omitempty" yaml:"muted" pattern:"css-color"`
	// Border is the lines between and around things.
	Border string `json:"border,omitempty" yaml:"border" pattern:"css-color"`
	// Surface is the background of the header, cards and table heads.
	Surface string `json:"surface,omitempty" yaml:"surface" pattern:"css-color"`
	// Link is links and the accent of current items.
	Link string `json:"link,omitempty" yaml:"link" pattern:"css-color"`
	// Focus is the focus ring.
	Focus string `json:"focus,omitempty" yaml:"focus" pattern:"css-color"`
	// OK, Bad and Warn mark good, failing and partial verdicts.
	OK   string `json:"ok,omitempty" yaml:"ok" pattern:"css-color"`
	Bad  string `json:"bad,omitempty" yaml:"bad" pattern:"css-color"`
	Warn string `json:"warn,omitempty" yaml:"warn" pattern:"css-color"`
}

// ThemeColor is one colour of a theme: its key in the config and the
// stylesheet's custom property it sets.
type ThemeColor struct {
	Key, Property, Value string
}

// List returns the colours set, in the order of the keys above.
func (c ThemeColors) List() []ThemeColor {
	var out []ThemeColor
	for _, tc := range []ThemeColor{
		{"background", "--bg", c.Background}, {"text", "--fg", c.Text}, {"muted", "--muted", c.Muted},
		{"border", "--border", c.Border}, {"surface", "--surface", c.Surface}, {"link", "--link", c.Link},
		{"focus", "--focus", c.Focus}, {"ok", "--ok", c.OK}, {"bad", "--bad", c.Bad}, {"warn", "--warn", c.Warn},
	} {
		if tc.Value = strings.TrimSpace(tc.Value); tc.Value != "" {
			out = append(out, tc)
		}
	}
	return out
}

// cssColorPattern matches the CSS colour syntax theme colours may use: a
// hex colour, a colour function of numbers, percentages and angles (no
// nested function, quote, semicolon or brace, so a value can never end
// its declaration), or a colour name in lower case.
const cssColorPattern = `^(#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})` +
	`|(rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(\s*((none|[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(%|deg|grad|rad|turn)?)\s*[,/]?\s*){3,4}\)` +
	`|` + cssColorNames + `)$`

// cssColorNames are CSS's named colours (CSS Color Module Level 4), with
// transparent and currentcolor.
const cssColorNames = `transparent|currentcolor|aliceblue|antiquewhite|aqua|aquamarine|azure|beige|bisque|black|blanchedalmond|blue|blueviolet|brown|` +
	`burlywood|cadetblue|chartreuse|chocolate|coral|cornflowerblue|cornsilk|crimson|cyan|darkblue|darkcyan|darkgoldenrod|` +
	`darkgray|darkgreen|darkgrey|darkkhaki|darkmagenta|darkolivegreen|darkorange|darkorchid|darkred|darksalmon|darkseagreen|` +
	`darkslateblue|darkslategray|darkslategrey|darkturquoise|darkviolet|deeppink|deepskyblue|dimgray|dimgrey|dodgerblue|` +
	`firebrick|floralwhite|forestgreen|fuchsia|gainsboro|ghostwhite|gold|goldenrod|gray|green|greenyellow|grey|honeydew|` +
	`hotpink|indianred|indigo|ivory|khaki|lavender|lavenderblush|lawngreen|lemonchiffon|lightblue|lightcoral|lightcyan|` +
	`lightgoldenrodyellow|lightgray|lightgreen|lightgrey|lightpink|lightsalmon|lightseagreen|lightskyblue|lightslategray|` +
	`lightslategrey|lightsteelblue|lightyellow|lime|limegreen|linen|magenta|maroon|mediumaquamarine|mediumblue|mediumorchid|` +
	`mediumpurple|mediumseagreen|mediumslateblue|mediumspringgreen|mediumturquoise|mediumvioletred|midnightblue|mintcream|` +
	`mistyrose|moccasin|navajowhite|navy|oldlace|olive|olivedrab|orange|orangered|orchid|palegoldenrod|palegreen|` +
	`paleturquoise|palevioletred|papayawhip|peachpuff|peru|pink|plum|powderblue|purple|rebeccapurple|red|rosybrown|` +
	`royalblue|saddlebrown|salmon|sandybrown|seagreen|seashell|sienna|silver|skyblue|slateblue|slategray|slategrey|snow|` +
	`springgreen|steelblue|tan|teal|thistle|tomato|turquoise|violet|wheat|white|whitesmoke|yellow|yellowgreen`

// logoPattern is a logo's path: an image the browser shows through <img>.
const logoPattern = `^[^\s].*\.(svg|png|jpg|jpeg|webp|gif)$`

// IsCSSColor reports whether s is a colour theme colours may use (see
// ThemeColors): the check the config's decoder makes, for renderers that
// are handed a config from elsewhere.
func IsCSSColor(s string) bool { return patterns["css-color"].RE().MatchString(s) }
