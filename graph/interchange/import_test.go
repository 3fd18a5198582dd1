package interchange

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// short is a map reduced to what a test compares: "name/group" of each
// function and "a-b:rating:note" of each relation, by id.
type short struct {
	Functions []string
	Relations []string
}

func shorten(m *graph.Map) short {
	var s short
	for _, f := range m.Functions {
		x := f.ID + "=" + f.Name
		if f.Group != "" {
			x += "/" + f.Group
		}
		if f.Center {
			x += "*"
		}
		s.Functions = append(s.Functions, x)
	}
	for _, r := range m.Relations {
		x := r.ID + "=" + r.A + "-" + r.B + ":" + r.Rating.String()
		if r.Note != "" {
			x += ":" + r.Note
		}
		s.Relations = append(s.Relations, x)
	}
	return s
}

func TestImport_CSV(t *testing.T) {
	tests := []struct {
		name, in string
		want     short
	}{
		{
			name: "DanishExcel",
			in:   "\ufeffFra;Til;Vurdering;Vurdering (ord);Gruppe (fra);Gruppe (til);Note\r\nEgen læge;Hjemmeplejen;3;Lav;Almen praksis;Kommune;Ringer aldrig tilbage\r\nHjemmeplejen;Pårørende;1;Høj;;;\r\n",
			want: short{
				Functions: []string{"egen-laege=Egen læge/Almen praksis", "hjemmeplejen=Hjemmeplejen/Kommune", "paaroerende=Pårørende"},
				Relations: []string{"r1=egen-laege-hjemmeplejen:low:Ringer aldrig tilbage", "r2=hjemmeplejen-paaroerende:high"},
			},
		},
		{
			name: "EnglishCommaAnyCase",
			in:   "FROM , To,RATING,note\nGP,Home care,High,\n\"Home, care\",gp,middle,\"multi\nline\"\nGP,Relatives,,\n",
			want: short{
				Functions: []string{"gp=GP", "home-care=Home care", "home-care-2=Home, care", "relatives=Relatives"},
				Relations: []string{"r1=gp-home-care:high", "r2=home-care-2-gp:middle:multi\nline", "r3=gp-relatives:unrated"},
			},
		},
		{
			name: "ExcelSepLineAndBlankRows",
			in:   "sep=,\nfra,til,vurdering,bemærkning\n\n,,,\nA,B,2,x;y\n",
			want: short{Functions: []string{"a=A", "b=B"}, Relations: []string{"r1=a-b:middle:x;y"}},
		},
		{
			name: "RatingWordOnlyAndGroups",
			in:   "Fra;Til;Vurdering (ord);From group;Gruppe (til)\nA;B;middel;G1;\nB;C;Ikke vurderet;G2;G3\nC;A;LAV;;\n",
			want: short{Functions: []string{"a=A/G1", "b=B/G2", "c=C/G3"}, Relations: []string{"r1=a-b:middle", "r2=b-c:unrated", "r3=c-a:low"}},
		},
		{
			name: "Windows1252",
			in:   "Fra;Til;Vurdering\n\xc6bler;S\xf8ster \x96 \xe5;H\xf8j\n",
			want: short{Functions: []string{"aebler=Æbler", "soester-aa=Søster – å"}, Relations: []string{"r1=aebler-soester-aa:high"}},
		},
		{
			name: "NeutralisedFormulas",
			in:   "Fra;Til;Vurdering;Note\n'=cmd|' /C calc'!A0;'+45;1;'-2\n''=x;'plain;;\n",
			want: short{Functions: []string{"cmd-c-calc-a0==cmd|' /C calc'!A0", "45=+45", "x='=x", "plain='plain"}, Relations: []string{"r1=cmd-c-calc-a0-45:high:-2", "r2=x-plain:unrated"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Import(strings.NewReader(tt.in), "csv")
			require.NoError(t, err)
			assert.Equal(t, tt.want, shorten(m))
		})
	}
}

// problemsOf returns the problems of an import error as "field: message".
func problemsOf(t *testing.T, err error) []string {
	t.Helper()
	var ve *graph.ValidationError
	require.True(t, errors.As(err, &ve), "error %v is a *graph.ValidationError", err)
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Field+": "+p.Message)
	}
	return out
}

func TestImport_CSVErrors(t *testing.T) {
	const header = "Fra;Til;Vurdering;Note\n"
	tests := []struct {
		name, in string
		want     []string
	}{
		{"Empty", "", []string{": the file is empty; a header line naming the columns Fra and Til (or From and To) is expected"}},
		{"OnlyHeader", header, []string{": the file holds no relations, only the header on line 1"}},
		{"NoFromTo", "Navn;Gruppe\nA;B\n", []string{
			"line 1: column 1 'Navn' is not a known column (known: " + knownColumns + ")",
			"line 1: column 2 'Gruppe' is not a known column (known: " + knownColumns + ")",
		}},
		{"MissingTo", "Fra;Vurdering\nA;1\n", []string{"line 1: the header must name the columns Fra and Til (or From and To); it has 'Fra,Vurdering'"}},
		{"DuplicateColumn", "Fra;Til;from\n", []string{"line 1: column 3 'from' means the same as column 1 'Fra'"}},
		{"BadRating", header + "A;B;1\nB;C;2\nC;D;3\nD;E;\nE;F;Høj\nF;G;lav\nG;H;meget lav\n", []string{
			"line 8: Vurdering 'meget lav' is not one of 1, 2, 3, Høj, Middel, Lav",
		}},
		{"EnglishBadRating", "from,to,rating\nA,B,4\n", []string{"line 2: rating '4' is not one of 1, 2, 3, Høj, Middel, Lav"}},
		{"RatingsDisagree", "Fra;Til;Vurdering;Vurdering (ord)\nA;B;1;Lav\n", []string{"line 2: Vurdering '1' and Vurdering (ord) 'Lav' disagree"}},
		{"EmptyEnd", header + ";B;1\nA;;2\n", []string{
			"line 2: Fra is empty; a relation joins two named functions",
			"line 3: Til is empty; a relation joins two named functions",
		}},
		{"SelfRelation", header + "A;a;1\n", []string{"line 2: Fra and Til are both 'A'; a relation joins two different functions"}},
		{"DuplicatePair", header + "A;B;1\nC;D;2\nb;A;3\n", []string{"line 4: 'b' and 'A' are already related on line 2 (one relation per pair)"}},
		{"GroupConflict", "Fra;Til;Gruppe (fra);Gruppe (til)\nA;B;Kommune;Region\nB;C;Kommune;\n", []string{
			"line 3: Gruppe (fra) 'Kommune' for 'B' differs from 'Region' on line 2",
		}},
		{"ExtraCell", header + "A;B;1;note;oops\n", []string{"line 2: column 5 holds 'oops' but has no header"}},
		{"LineNumbersAfterMultilineCell", header + "A;B;1;\"one\ntwo\nthree\"\nB;C;x\n", []string{"line 5: Vurdering 'x' is not one of 1, 2, 3, Høj, Middel, Lav"}},
		{"SepLineCounts", "sep=;\n" + header + "A;B;x\n", []string{"line 3: Vurdering 'x' is not one of 1, 2, 3, Høj, Middel, Lav"}},
		{"NameTooLong", header + "A;" + strings.Repeat("x", 81) + ";1\n", []string{
			"line 2 (Til '" + strings.Repeat("x", 60) + "…'): name: must be at most 80 characters, not 81",
		}},
		{"ControlCharacter", header + "A;B\x01;1;\n", []string{"line 2 (Til 'B\x01'): name: contains the control character U+0001"}},
		{"GroupTooLong", "Fra;Til;Gruppe (fra)\nA;B;" + strings.Repeat("g", 81) + "\n", []string{
			"line 2 (Fra 'A'): group: must be at most 80 characters, not 81",
		}},
		{"ManyProblemsAreCapped", header + strings.Repeat("A;B;x\n", 60), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Import(strings.NewReader(tt.in), "csv")
			assert.Nil(t, m, "an import with a problem returns no map")
			require.ErrorIs(t, err, graph.ErrInvalid)
			got := problemsOf(t, err)
			if tt.want == nil {
				require.Len(t, got, maxProblems+1)
				assert.Equal(t, ": and 10 more problems", got[maxProblems])
				return
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestImport_GraphML(t *testing.T) {
	tests := []struct {
		name, in string
		want     short
		title    string
	}{
		{
			name: "YEd",
			in: `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key for="edge" id="d10" yfiles.type="edgegraphics"/>
  <graph edgedefault="directed" id="G">
    <node id="n0">
      <data key="d6"><y:ShapeNode><y:Geometry height="30.0" width="30.0" x="0" y="0"/><y:NodeLabel alignment="center">Egen læge</y:NodeLabel><y:NodeLabel>second</y:NodeLabel></y:ShapeNode></data>
    </node>
    <node id="n1">
      <data key="d6"><y:ShapeNode><y:NodeLabel>Hjemmeplejen &amp; co</y:NodeLabel></y:ShapeNode></data>
    </node>
    <edge id="e0" source="n0" target="n1">
      <data key="d10"><y:PolyLineEdge><y:EdgeLabel>not a name</y:EdgeLabel></y:PolyLineEdge></data>
    </edge>
  </graph>
</graphml>`,
			want: short{Functions: []string{"n0=Egen læge", "n1=Hjemmeplejen & co"}, Relations: []string{"e0=n0-n1:unrated"}},
		},
		{
			name: "GephiLabelsWeightsAndDefaults",
			in: `<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key attr.name="label" attr.type="string" for="node" id="label"/>
  <key attr.name="Group" attr.type="string" for="node" id="g"><default>Kommune</default></key>
  <key attr.name="weight" attr.type="double" for="edge" id="weight"/>
  <key attr.name="Title" attr.type="string" for="graph" id="t"/>
  <graph edgedefault="undirected">
    <data key="t">Fra Gephi</data>
    <node id="0"><data key="label">PPR</data></node>
    <node id="1"><data key="label">Skolen</data><data key="g">Skole</data></node>
    <node id="two words"><data key="label">BUP</data></node>
    <edge source="0" target="1"><data key="weight">3.0</data></edge>
    <edge source="1" target="two words"><data key="weight">1</data></edge>
    <edge source="two words" target="0"/>
  </graph>
</graphml>`,
			title: "Fra Gephi",
			want: short{
				Functions: []string{"0=PPR/Kommune", "1=Skolen/Skole", "bup=BUP/Kommune"},
				Relations: []string{"r1=0-1:high", "r2=1-bup:low", "r3=bup-0:unrated"},
			},
		},
		{
			name: "IDsAsNamesAndRatingWords",
			in: `<graphml><key id="r" for="edge" attr.name="rating"/><key id="c" for="node" attr.name="center"/>
<graph edgedefault="undirected"><node id="a"><data key="c">1</data></node><node id="b"/>
<edge id="x" source="a" target="b"><data key="r">Middel</data></edge></graph></graphml>`,
			want: short{Functions: []string{"a=a*", "b=b"}, Relations: []string{"x=a-b:middle"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Import(strings.NewReader(tt.in), "graphml")
			require.NoError(t, err)
			assert.Equal(t, tt.want, shorten(m))
			assert.Equal(t, tt.title, m.Title)
		})
	}
}

func TestImport_GraphMLErrors(t *testing.T) {
	const keys = `<graphml><key id="n" for="node" attr.name="name"/><key id="r" for="edge" attr.name="rating"/><key id="w" for="edge" attr.name="weight"/>`
	tests := []struct {
		name, in string
		want     []string
	}{
		{"NotXML", "Fra;Til\n", []string{"line 2: text outside the <graphml> element; this is not a GraphML file"}},
		{"Empty", "", []string{": the file holds no <graphml> element"}},
		{"TwoRoots", "<graphml/>\n<graphml/>", []string{"line 2: a second root element <graphml> after </graphml>"}},
		{"Doctype", "<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [<!ENTITY x \"boom\">]>\n<graphml/>", []string{"line 2: a DTD or entity declaration (<!…>) is not allowed"}},
		{"UnknownEntity", "<graphml><graph edgedefault=\"undirected\"><node id=\"a\">&x;</node></graph></graphml>", []string{"line 1: not well-formed XML: invalid character entity &x;"}},
		{"WrongRoot", "<gexf/>", []string{"line 1: the root element is <gexf>, not <graphml>"}},
		{"NoGraph", "<graphml></graphml>", []string{": the file holds no <graph> element"}},
		{"TwoGraphs", "<graphml><graph edgedefault=\"undirected\"/>\n<graph edgedefault=\"undirected\"/></graphml>", []string{"line 2: a second <graph>; one map is one graph"}},
		{"Hyperedge", "<graphml><graph edgedefault=\"undirected\">\n<hyperedge/></graph></graphml>", []string{"line 2: <hyperedge> is not supported; a relation joins two functions"}},
		{"GraphInEdge", "<graphml><graph edgedefault=\"undirected\"><node id=\"a\"/><edge source=\"a\" target=\"a\">\n<graph/></edge></graph></graphml>", []string{"line 2: a graph inside an <edge> is not supported"}},
		{"Deep", "<graphml>" + strings.Repeat("<x>", 40) + strings.Repeat("</x>", 40) + "</graphml>", []string{"line 1: elements are nested more than 32 deep"}},
		{"Problems", keys + `<graph edgedefault="undirected">
<node id="a"><data key="n">A</data></node>
<node id="a"/>
<node id="b"><data key="zz">?</data></node>
<edge id="e1" source="a" target="nobody"/>
<edge id="e2" source="a" target="b"><data key="r">meget lav</data></edge>
<edge id="e3" source="a" target="b"><data key="w">0.5</data></edge>
</graph></graphml>`, []string{
			"node 'a' (line 3): the id is already used by the node on line 2",
			"line 4: <data key='zz'> refers to no <key>",
			"edge 'e1' (line 5): target 'nobody' is not the id of a node",
			"edge 'e2' (line 6): rating 'meget lav' is not one of 1, 2, 3, Høj, Middel, Lav",
			"edge 'e3' (line 7): weight '0.5' is not 3, 2 or 1 (tie strength: High, Middle, Low); give a 'rating' key instead",
		}},
		{"ValidationRebased", keys + `<graph edgedefault="undirected">
<node id="a"><data key="n">Læge</data></node>
<node id="b"><data key="n">læge</data></node>
<edge id="e1" source="a" target="a"/>
<edge source="a" target="b"/>
<edge id="r1" source="a" target="b"/>
<edge id="r1" source="b" target="a"/>
</graph></graphml>`, []string{
			`node 'b' (line 3): name: "læge" is already the name of node 'a' (line 2) (names are unique, ignoring case)`,
			`edge 'e1' (line 4): target: a relation joins two different functions; a and b are both "a"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Import(strings.NewReader(tt.in), "graphml")
			assert.Nil(t, m)
			require.ErrorIs(t, err, graph.ErrInvalid)
			assert.Equal(t, tt.want, problemsOf(t, err))
		})
	}
}

func TestImport_JSONErrors(t *testing.T) {
	m, err := Import(strings.NewReader(`{"title":"x","functions":[{"id":"a","name":"A"}],"relations":[{"a":"a","b":"zz","rating":4}]}`), "json")
	assert.Nil(t, m)
	require.ErrorIs(t, err, graph.ErrInvalid)
	assert.Equal(t, []string{"relations[0].rating: must be 1, 2, 3 or null"}, problemsOf(t, err))
}

func TestImport_ReadError(t *testing.T) {
	m, err := Import(errReader{}, "csv")
	assert.Nil(t, m)
	assert.ErrorIs(t, err, errFail)
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errFail }

// TestImport_Bytes makes sure the reader is not consumed past the limit.
func TestImport_Bytes(t *testing.T) {
	r := bytes.NewReader(make([]byte, 3<<20))
	_, err := Import(r, "csv")
	require.ErrorIs(t, err, graph.ErrTooLarge)
	assert.Equal(t, int64(3<<20-(1<<20)-1), int64(r.Len()), "reads at most MaxRequestBody+1 bytes")
}
