package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/relationskort/relationskort/graph"
)

func TestSlug(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"Danish", "Egen læge", 40, "egen-laege"},
		{"DanishUpper", "ÆBLE Ø Å", 40, "aeble-oe-aa"},
		{"DanishWords", "Børne- og ungeområdet", 40, "boerne-og-ungeomraadet"},
		{"German", "Müller & Söhne, Äpfel, Straße", 60, "mueller-soehne-aepfel-strasse"},
		{"GermanUpper", "ÜBER ÖL", 40, "ueber-oel"},
		{"CapitalSharpS", "GROẞ", 40, "gross"},
		{"Swedish", "Vårdcentral Malmö", 40, "vaardcentral-malmoe"},
		{"Accents", "Café crème à la Señora García, façade", 60, "cafe-creme-a-la-senora-garcia-facade"},
		{"AccentsUpper", "ÉCOLE ÀÍÓÚ ÑANDÚ ÇA", 40, "ecole-aiou-nandu-ca"},
		{"MoreVowels", "êëìîïòôõùûýÿ ãâ", 40, "eeiiiooouuyy-aa"},
		{"Symbols", `  ../../etc/"passwd"!? `, 40, "etc-passwd"},
		{"Markup", "<b>\r\nKort</b>", 60, "b-kort-b"},
		{"DigitsKept", "Team 7 (2024)", 40, "team-7-2024"},
		{"OtherScripts", "Врач 医生 x", 40, "x"},
		{"CombiningMarkIsOther", "e\u0301cole", 40, "e-cole"},
		{"OnlySymbols", "???", 40, ""},
		{"Empty", "", 40, ""},
		{"CutExact", strings.Repeat("a", 50), 40, strings.Repeat("a", 40)},
		{"CutNoTrailingDash", strings.Repeat("a", 39) + " bcd", 40, strings.Repeat("a", 39)},
		{"CutInsideTransliteration", strings.Repeat("a", 39) + "æ", 40, strings.Repeat("a", 40)},
		{"CutLongName", "Børne- og ungeområdet, Familieafdelingen i Aarhus Kommune", 40, "boerne-og-ungeomraadet-familieafdelingen"},
		{"CutFileNameMidWord", "Børn og unge i mistrivsel: samarbejdet mellem skole, PPR og kommune", 60,
			"boern-og-unge-i-mistrivsel-samarbejdet-mellem-skole-ppr-og-k"},
		{"ZeroMax", "abc", 0, ""},
		{"NegativeMax", "abc", -1, ""},
		{"InvalidUTF8", "a\xffb", 40, "a-b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := graph.Slug(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("Slug(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
			}
			if len(got) > max(tt.max, 0) {
				t.Errorf("Slug(%q, %d) is %d bytes long", tt.in, tt.max, len(got))
			}
		})
	}
}

func ExampleSlug() {
	fmt.Println(graph.Slug("Egen læge", 40))
	fmt.Println(graph.Slug("Müller & Söhne", 40))
	fmt.Println(graph.Slug("Señora García", 40))
	// Output:
	// egen-laege
	// mueller-soehne
	// senora-garcia
}

// TestAssignIDs_Slug: new ids are slugs of the names (ü is "ue" since there
// is one slug rule), cut at 40 bytes; ids already given are never changed.
func TestAssignIDs_Slug(t *testing.T) {
	m := &graph.Map{Functions: []graph.Function{
		{Name: "Dr. Müller"}, {ID: "mueller", Name: "Müller"}, {ID: "dr-muller", Name: "Dr. Muller"},
		{Name: strings.Repeat("Straße ", 10)},
	}}
	m.AssignIDs()
	want := []string{"dr-mueller", "mueller", "dr-muller", "strasse-strasse-strasse-strasse-strasse"}
	for i, f := range m.Functions {
		if f.ID != want[i] {
			t.Errorf("AssignIDs: functions[%d] (%q) has id %q; want %q", i, f.Name, f.ID, want[i])
		}
	}
}
