package html

// verdana11Widths is data, not code: the advance width of each printable
// ASCII character (' ' to '~') in Verdana at 11px, in hundredths of a
// pixel. A badge is sized from its text's width before any browser sees
// it, so the width has to be computed here, and shields.io computes it
// from exactly these Verdana 11px widths: a badge sized with them looks
// like a shields.io badge beside it in a README. The figures are those of
// the MIT-licensed anafanafo package (data/verdana-11px-normal.json),
// which shields.io's badge-maker measures text with.
var verdana11Widths = [95]int{
	387, 433, 505, 900, 699, 1184, 799, 295, //  !"#$%&'
	500, 500, 699, 900, 400, 500, 400, 500, // ()*+,-./
	699, 699, 699, 699, 699, 699, 699, 699, // 01234567
	699, 699, 500, 500, 900, 900, 900, 600, // 89:;<=>?
	1100, 752, 754, 768, 848, 696, 632, 853, // @ABCDEFG
	827, 463, 500, 762, 612, 927, 823, 866, // HIJKLMNO
	663, 866, 765, 752, 678, 805, 752, 1088, // PQRSTUVW
	754, 677, 754, 500, 500, 500, 900, 699, // XYZ[\]^_
	699, 661, 685, 573, 685, 655, 387, 685, // `abcdefg
	696, 302, 379, 651, 302, 1070, 696, 668, // hijklmno
	685, 685, 469, 573, 433, 696, 651, 900, // pqrstuvw
	651, 651, 578, 698, 500, 698, 900, // xyz{|}~
}

// verdana11Fallback is the width given to any other character: that of
// 'm', as anafanafo guesses for characters it has no width for.
const verdana11Fallback = 1070
