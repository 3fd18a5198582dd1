package render

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// TestGroups_Contract checks the SVG contract of a map drawn by group
// against graph.GroupMatrix: a g.group-node per group with its number of
// functions and the relations within it, a g.relation.group-relation per
// pair of groups with relations between them, classed by the rounded mean
// and carrying the mean, count and rated count, and the note on the map
// and in the description.
func TestGroups_Contract(t *testing.T) {
	m := loadExample(t, "demens")
	d, err := Compose(m, Options{Detail: DetailGroups})
	require.NoError(t, err)
	require.Equal(t, DetailGroups, d.Detail)
	assert.Contains(t, d.List.Class, "detail-groups")
	assert.Contains(t, d.List.Desc, vocab[graph.Danish].groupView.note)
	require.NoError(t, checkDrawing(d, FormatScreen))

	s := readScene(d.List)
	mx := graph.GroupMatrix(m)
	require.Len(t, s.groups, len(mx.Groups))
	assert.Empty(t, s.functions)
	counts := map[string]int{}
	for _, f := range m.Functions {
		counts[f.Group]++
	}
	cells := map[[2]string]graph.MatrixCell{}
	for _, c := range mx.Cells {
		cells[[2]string{c.A, c.B}], cells[[2]string{c.B, c.A}] = c, c
	}
	var nodes []*Group
	for _, it := range d.List.Flat() {
		if g, ok := it.(*Group); ok && hasClass(g, "group-node") {
			nodes = append(nodes, g)
		}
	}
	for _, g := range nodes {
		name := attrOf(g, "group")
		assert.Equal(t, strconv.Itoa(counts[name]), attrOf(g, "functions"), "functions of %s", name)
		in := cells[[2]string{name, name}]
		assert.Equal(t, strconv.Itoa(in.Relations), attrOf(g, "internal-count"), "relations within %s", name)
		assert.Equal(t, meanOf(in), attrOf(g, "internal-mean"), "mean within %s", name)
	}
	between := 0
	for _, c := range mx.Cells {
		if c.A != c.B && c.Relations > 0 {
			between++
		}
	}
	require.Len(t, s.relations, between)
	for _, r := range s.relations {
		g := r.group
		c := cells[[2]string{attrOf(g, "a-group"), attrOf(g, "b-group")}]
		assert.Equal(t, strconv.Itoa(c.Relations), attrOf(g, "count"))
		assert.Equal(t, strconv.Itoa(c.Rated), attrOf(g, "rated"))
		assert.Equal(t, meanOf(c), attrOf(g, "mean"))
		want := "relation group-relation rating-none"
		if c.MeanRating != nil {
			want = "relation group-relation rating-" + strconv.Itoa(int(math.Round(*c.MeanRating)))
		}
		assert.Equal(t, want, g.Class)
	}
	var buf bytes.Buffer
	writeSVG(&buf, d.List)
	svg := buf.String()
	assert.Contains(t, svg, `<g class="group-node" data-group="Kommune" data-functions="7"`)
	assert.Regexp(t, `<g class="relation group-relation rating-3" data-a-group="[^"]+" data-b-group="[^"]+" data-mean="3" data-count="2" data-rated="2"`, svg)
	assert.Contains(t, svg, `class="detail-note"`)
	assert.Contains(t, svg, "3,0 · 2", "a label shows the mean with one decimal and the count")
	assert.NotContains(t, svg, "transform")
}

func meanOf(c graph.MatrixCell) string {
	if c.MeanRating == nil {
		return ""
	}
	return strconv.FormatFloat(math.Round(*c.MeanRating*100)/100, 'f', -1, 64)
}

// TestGroups_Random checks the guarantees of maps drawn by group, with
// ungrouped functions among them.
func TestGroups_Random(t *testing.T) {
	for seed := range 6 {
		m := randomMap(rand.New(rand.NewPCG(uint64(seed), 99)), 60, 200)
		for i := range m.Functions {
			if i%7 == 0 {
				m.Functions[i].Group = ""
			}
		}
		for _, layout := range []Layout{LayoutForce, LayoutCircle} {
			d, err := Compose(m, Options{Detail: DetailGroups, Layout: layout})
			require.NoError(t, err)
			require.NoError(t, checkDrawing(d, FormatScreen), "seed %d %s", seed, layout)
			total := 0
			for _, it := range d.List.Flat() {
				if g, ok := it.(*Group); ok && hasClass(g, "group-node") {
					n, err := strconv.Atoi(attrOf(g, "functions"))
					require.NoError(t, err)
					total += n
				}
			}
			assert.Equal(t, len(m.Functions), total, "the groups' counts add up to the functions")
		}
	}
}
