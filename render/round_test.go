package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// demensRound is a closed round of 12 participants on the demens example,
// the answers of api's TestRound_Demens (overall question only), and the
// map drawn from it (graph.RoundMap). What it shows, computed by hand with
// k = 3:
//
//	r7 home care–GP      home care 3 3 3 2, the GP 1 1 2: median 2, 5 of 7
//	                     differ (disputed, 1–3); 3 against 1 (one-sided)
//	r5 home care–nursing home care 1 1 2 1, nursing 1 2 2: median 1, 3 of 7
//	                     differ (disputed, 1–2); 1 against 2 (one-sided)
//	r6 home care–coord.  2 2 1 1 and 3 3: median 2, 4 of 6 differ
//	                     (disputed); the coordinators' 2 hide both sides
//	r8 nursing–GP        2 2 2 and 2 3: median 2; the GP's 2 hide both sides
//	r1, r3               one side only; r9, r12, r15 under 3 answers: unrated
func demensRound(t testing.TB) (*graph.Map, *graph.RoundResults) {
	t.Helper()
	m := loadExample(t, "demens")
	r := &graph.Round{ID: "runde1", MapID: m.ID, Title: "Runde november", Status: graph.RoundClosed,
		Questions: []string{graph.QuestionOverall}, MinGroup: 3}
	var ps []graph.Participant
	var rs []graph.Response
	join := func(from string, n int) []string {
		var ids []string
		for range n {
			id := fmt.Sprintf("p%d", len(ps)+1)
			ps = append(ps, graph.Participant{ID: id, RoundID: r.ID, From: from})
			ids = append(ids, id)
		}
		return ids
	}
	from := map[string]string{}
	h, l, s, d := join("hjemmepleje", 4), join("laege", 3), join("sygepleje", 3), join("demenskoord", 2)
	for _, p := range ps {
		from[p.ID] = p.From
	}
	ans := func(ids []string, rel string, ratings ...graph.Rating) {
		var rl *graph.Relation
		for i := range m.Relations {
			if m.Relations[i].ID == rel {
				rl = &m.Relations[i]
			}
		}
		require.NotNil(t, rl, "relation %s", rel)
		for i, rt := range ratings {
			to := rl.B
			if from[ids[i]] == rl.B {
				to = rl.A
			}
			rs = append(rs, graph.Response{Participant: ids[i], RelationID: rel, From: from[ids[i]], To: to, Question: graph.QuestionOverall, Rating: rt})
		}
	}
	const H, M, L, N = graph.High, graph.Middle, graph.Low, graph.Unrated
	ans(h, "r7", L, L, L, M)
	ans(l, "r7", H, H, M)
	ans(h, "r5", H, H, M, H)
	ans(s, "r5", H, M, M)
	ans(s, "r8", M, M, M)
	ans(l, "r8", M, L, N)
	ans(h, "r6", M, M, H, H)
	ans(d, "r6", L, L)
	ans(s, "r9", L, L)
	ans(d, "r12", L, L)
	ans(h, "r1", M, M, M, M)
	ans(l, "r3", H, M, M)
	ans(h[:1], "r15", L)
	res := graph.Results(m, r, ps, rs, graph.Danish)
	return graph.RoundMap(m, res), res
}

// TestSVG_RoundContract: the relation groups of a round's map carry its
// classes and figures, as the package documentation says.
func TestSVG_RoundContract(t *testing.T) {
	m, res := demensRound(t)
	var buf bytes.Buffer
	require.NoError(t, SVG(&buf, m, Options{Round: res}))
	require.NoError(t, xml.Unmarshal(buf.Bytes(), new(svgDoc)), "not well-formed")

	type relG struct {
		class                 string
		median, dis, ab, ba   string
		lines                 int
		hasMedian, hasAB, has bool
	}
	got := map[string]relG{}
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	var cur string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case xml.StartElement:
			a := map[string]string{}
			hasMedian := false
			for _, x := range v.Attr {
				a[x.Name.Local] = x.Value
				if x.Name.Local == "data-median" {
					hasMedian = true
				}
			}
			if v.Name.Local == "g" && strings.HasPrefix(a["class"], "relation ") {
				_, hasAB := a["data-a-to-b"]
				_, hasBA := a["data-b-to-a"]
				_, hasDis := a["data-disagreement"]
				cur = a["data-relation-id"]
				got[cur] = relG{class: a["class"], median: a["data-median"], dis: a["data-disagreement"], ab: a["data-a-to-b"], ba: a["data-b-to-a"],
					hasMedian: hasMedian, hasAB: hasAB && hasBA, has: hasDis}
			}
			if v.Name.Local == "line" && cur != "" {
				g := got[cur]
				g.lines++
				got[cur] = g
			}
		case xml.EndElement:
			if v.Name.Local == "g" {
				cur = ""
			}
		}
	}
	require.Len(t, got, len(m.Relations))
	for id, g := range got {
		assert.True(t, g.hasMedian && g.hasAB && g.has, "%s: every relation of a round has the four data attributes", id)
	}
	want := map[string]relG{
		// halo + two halves
		"r7": {class: "relation rating-2 disputed asymmetric", median: "2", dis: "0.714286", ab: "3", ba: "1", lines: 3},
		"r5": {class: "relation rating-1 disputed asymmetric", median: "1", dis: "0.428571", ab: "1", ba: "2", lines: 3},
		// halo + line; both sides hidden by the coordinators' 2
		"r6": {class: "relation rating-2 disputed", median: "2", dis: "0.666667", ab: "", ba: "", lines: 2},
		"r8": {class: "relation rating-2", median: "2", dis: "0.2", ab: "", ba: "", lines: 1},
		"r1": {class: "relation rating-2", median: "2", dis: "0", ab: "", ba: "2", lines: 1},
		// two answers: nothing shown
		"r9": {class: "relation rating-none", median: "", dis: "", ab: "", ba: "", lines: 1},
		"r2": {class: "relation rating-none", median: "", dis: "", ab: "", ba: "", lines: 1},
	}
	for id, w := range want {
		g := got[id]
		assert.Equal(t, w.class, g.class, "%s class", id)
		assert.Equal(t, [4]string{w.median, w.dis, w.ab, w.ba}, [4]string{g.median, g.dis, g.ab, g.ba}, "%s median, disagreement, a→b, b→a", id)
		assert.Equal(t, w.lines, g.lines, "%s lines", id)
	}
	s := buf.String()
	assert.Equal(t, 3, strings.Count(s, `class="badge-group badge-split"`), "a split badge on each disputed relation")
	assert.Contains(t, s, `data-relation-id="r7" data-rating="2" data-range="1–3"`)
	assert.Equal(t, 4, strings.Count(s, `class="end-badge"`), "a number at each end of the two one-sided ties")
	assert.Contains(t, s, `<g class="end-badge" data-relation-id="r7" data-side="a" data-rating="3" >`)
	assert.Contains(t, s, `<g class="end-badge" data-relation-id="r7" data-side="b" data-rating="1" >`)
	assert.Contains(t, s, "Hjemmeplejen → Egen læge: Lav (3); Egen læge → Hjemmeplejen: Høj (1)", "the title says both sides")
	assert.Contains(t, s, "uenighed: 71 % afviger fra medianen, svarene spænder fra 1 til 3")
	assert.Contains(t, s, ">Uenighed</text>", "the legend explains the disputed mark")
	assert.Contains(t, s, ">Ensidig</text>", "and the one-sided one")
	assert.Contains(t, s, "Vurderingsrunden „Runde november“ med 12 deltagere")

	// without a round: none of it
	var plain bytes.Buffer
	require.NoError(t, SVG(&plain, m, Options{}))
	for _, x := range []string{"data-median", "disputed", "asymmetric", "end-badge", "badge-split", ">Uenighed<"} {
		assert.NotContains(t, plain.String(), x)
	}
}

// TestSVG_RoundLegendCached: one Renderer draws the same map with and
// without a round: the legend of each is its own (the static part's key
// tells them apart).
func TestSVG_RoundLegendCached(t *testing.T) {
	m, res := demensRound(t)
	r := NewRenderer(DefaultCacheBytes)
	var a, b, c bytes.Buffer
	require.NoError(t, r.SVG(&a, m, Options{}))
	require.NoError(t, r.SVG(&b, m, Options{Round: res}))
	require.NoError(t, r.SVG(&c, m, Options{}))
	assert.NotContains(t, a.String(), ">Ensidig<")
	assert.Contains(t, b.String(), ">Ensidig<")
	assert.Equal(t, a.String(), c.String())
	var d bytes.Buffer
	require.NoError(t, NewRenderer(DefaultCacheBytes).SVG(&d, m, Options{Round: res}))
	assert.Equal(t, b.String(), d.String(), "deterministic: from memory or from scratch")
}

// TestPNG_Round: the PNG translates the same list; a round's map draws.
func TestPNG_Round(t *testing.T) {
	m, res := demensRound(t)
	for _, p := range []Palette{PaletteTraffic, PaletteColorblind, PalettePrint} {
		var buf bytes.Buffer
		require.NoError(t, PNG(&buf, m, Options{Round: res, Palette: p}))
		assert.Greater(t, buf.Len(), 10000, "%s", p)
	}
}

// TestRoundWords_Threshold: the legend names graph's threshold of a
// disputed relation, in both languages.
func TestRoundWords_Threshold(t *testing.T) {
	want := fmt.Sprintf("%.0f %%", graph.DisputedShare*100)
	for _, lang := range []graph.Lang{graph.Danish, graph.English} {
		assert.Contains(t, vocab[lang].round.disputedNote, want, "%s", lang)
	}
}
