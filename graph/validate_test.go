package graph_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var ve *graph.ValidationError
	require.ErrorAs(t, err, &ve)
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Field)
	}
	return fields
}

func TestDecodeMapBytes_Problems(t *testing.T) {
	tests := []struct {
		name   string
		doc    string
		kind   error
		fields []string
	}{
		{"Empty", ``, graph.ErrSyntax, []string{""}},
		{"Truncated", `{"title":"a"`, graph.ErrSyntax, []string{""}},
		{"Array", `[]`, graph.ErrInvalid, []string{""}},
		{"Null", `null`, graph.ErrInvalid, []string{""}},
		{"Trailing", `{} x`, graph.ErrSyntax, []string{""}},
		{"UnknownFields", `{"b":1,"a":2}`, graph.ErrInvalid, []string{"a", "b"}},
		{"FunctionsNotList", `{"functions":{}}`, graph.ErrInvalid, []string{"functions"}},
		{"FunctionNotObject", `{"functions":[3]}`, graph.ErrInvalid, []string{"functions[0]"}},
		{"CenterNotBool", `{"functions":[{"name":"A","center":"yes"}]}`, graph.ErrInvalid, []string{"functions[0].center"}},
		{"XNotNumber", `{"functions":[{"name":"A","x":"1","y":2}]}`, graph.ErrInvalid, []string{"functions[0].x"}},
		{"RatingFloat", `{"relations":[{"a":"x","b":"y","rating":1.5}]}`, graph.ErrInvalid, []string{"relations[0].rating"}},
		{"ManyProblemsAllNamed", `{"functions":[{"name":1},{"name":"B","colour":"red"}],"relations":[{"a":"x","b":"y","rating":9}]}`,
			graph.ErrInvalid, []string{"functions[0].name", "functions[1].colour", "relations[0].rating"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := graph.DecodeMapBytes([]byte(tt.doc))
			assert.Nil(t, m)
			assert.ErrorIs(t, err, tt.kind)
			assert.Equal(t, tt.fields, fieldsOf(t, err))
		})
	}
}

func TestDecodeMap_TooLarge(t *testing.T) {
	doc := `{"title":"` + strings.Repeat("x", graph.MaxRequestBody) + `"}`
	_, err := graph.DecodeMap(strings.NewReader(doc))
	assert.ErrorIs(t, err, graph.ErrTooLarge)
}

func TestValidate(t *testing.T) {
	base := func() *graph.Map {
		return &graph.Map{
			Title: "Kort",
			Functions: []graph.Function{
				{ID: "a", Name: "Hjemmeplejen", Group: "Kommune"},
				{ID: "b", Name: "Egen læge", Group: "Almen praksis"},
				{ID: "c", Name: "Borgeren", Center: true},
			},
			Relations: []graph.Relation{{ID: "r1", A: "a", B: "b", Rating: graph.Low}},
		}
	}
	x := 1.0
	tests := []struct {
		name   string
		change func(m *graph.Map)
		fields []string
	}{
		{"OK", func(m *graph.Map) {}, nil},
		{"NameCaseInsensitiveDuplicate", func(m *graph.Map) { m.Functions[1].Name = "HJEMMEPLEJEN" }, []string{"functions[1].name"}},
		{"DanishCaseFolding", func(m *graph.Map) { m.Functions[0].Name = "Æble"; m.Functions[1].Name = "æble" }, []string{"functions[1].name"}},
		{"NameTooLong", func(m *graph.Map) { m.Functions[0].Name = strings.Repeat("å", 81) }, []string{"functions[0].name"}},
		{"Name80IsFine", func(m *graph.Map) { m.Functions[0].Name = strings.Repeat("å", 80) }, nil},
		{"MultilineNameIsFine", func(m *graph.Map) { m.Functions[0].Name = "Hjemme-\nplejen" }, nil},
		{"MultilineTitle", func(m *graph.Map) { m.Title = "a\nb" }, []string{"title"}},
		{"TwoCentres", func(m *graph.Map) { m.Functions[0].Center = true }, []string{"functions[2].center"}},
		{"SelfLoop", func(m *graph.Map) { m.Relations[0].B = "a" }, []string{"relations[0].b"}},
		{"Dangling", func(m *graph.Map) { m.Relations[0].B = "zz" }, []string{"relations[0].b"}},
		{"MissingEnd", func(m *graph.Map) { m.Relations[0].A = "" }, []string{"relations[0].a"}},
		{"ReversedDuplicate", func(m *graph.Map) {
			m.Relations = append(m.Relations, graph.Relation{ID: "r2", A: "b", B: "a"})
		}, []string{"relations[1]"}},
		{"DuplicateRelationID", func(m *graph.Map) {
			m.Relations = append(m.Relations, graph.Relation{ID: "r1", A: "a", B: "c"})
		}, []string{"relations[1].id"}},
		{"BadRating", func(m *graph.Map) { m.Relations[0].Rating = 4 }, []string{"relations[0].rating"}},
		{"HalfPinned", func(m *graph.Map) { m.Functions[0].X = &x }, []string{"functions[0].x"}},
		{"ControlChar", func(m *graph.Map) { m.Functions[0].Group = "Kom\x00mune" }, []string{"functions[0].group"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := base()
			tt.change(m)
			err := m.Validate()
			if tt.fields == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, graph.ErrInvalid)
			assert.Equal(t, tt.fields, fieldsOf(t, err))
		})
	}
	t.Run("Limits", func(t *testing.T) {
		m := &graph.Map{}
		for i := range graph.MaxFunctions + 1 {
			m.Functions = append(m.Functions, graph.Function{Name: strings.Repeat("f", i%50+1) + string(rune('A'+i%26))})
		}
		err := m.Validate()
		assert.ErrorIs(t, err, graph.ErrTooLarge)
		assert.False(t, errors.Is(err, graph.ErrInvalid))
		m = &graph.Map{Description: strings.Repeat("x", graph.MaxNoteBytes+1)}
		assert.ErrorIs(t, m.Validate(), graph.ErrTooLarge)
	})
}

func TestAssignIDs(t *testing.T) {
	m := &graph.Map{
		Functions: []graph.Function{
			{Name: "Egen læge"}, {Name: "Egen Læge!"}, {ID: "sygepleje", Name: "Hjemmesygeplejen"}, {Name: "???"},
			{Name: "Børne- og ungeområdet, Familieafdelingen i Aarhus Kommune"},
		},
		Relations: []graph.Relation{{ID: "r7"}, {}, {}},
	}
	m.AssignIDs()
	ids := []string{}
	for _, f := range m.Functions {
		ids = append(ids, f.ID)
		assert.True(t, graph.ValidID(f.ID), f.ID)
	}
	assert.Equal(t, []string{"egen-laege", "egen-laege-2", "sygepleje", "f", "boerne-og-ungeomraadet-familieafdelingen"}, ids)
	assert.Equal(t, []string{"r7", "r8", "r9"}, []string{m.Relations[0].ID, m.Relations[1].ID, m.Relations[2].ID})
}

func TestEdits(t *testing.T) {
	m := &graph.Map{Functions: []graph.Function{{ID: "a", Name: "A"}, {ID: "b", Name: "B", Center: true}}}
	f, err := m.AddFunction(graph.Function{Name: " Ny funktion ", Center: true})
	require.NoError(t, err)
	assert.Equal(t, "ny-funktion", f.ID)
	assert.Equal(t, "Ny funktion", f.Name)
	assert.False(t, m.Function("b").Center, "adding a new centre takes it from the old one")

	_, err = m.AddFunction(graph.Function{Name: "a"})
	assert.Equal(t, []string{"name"}, fieldsOf(t, err), "problems are named relative to the new function")

	r, err := m.AddRelation(graph.Relation{A: "a", B: "b", Rating: graph.Middle})
	require.NoError(t, err)
	assert.Equal(t, "r1", r.ID)
	_, err = m.AddRelation(graph.Relation{A: "b", B: "a"})
	assert.ErrorIs(t, err, graph.ErrInvalid)

	_, err = m.UpdateRelation("r1", &graph.RelationPatch{SetRating: true})
	require.NoError(t, err)
	assert.Equal(t, graph.Unrated, m.Relation("r1").Rating)
	_, err = m.UpdateRelation("nope", &graph.RelationPatch{})
	assert.ErrorIs(t, err, graph.ErrNotFound)

	require.NoError(t, m.DeleteFunction("a"))
	assert.Nil(t, m.Relation("r1"), "deleting a function deletes its relations")
	assert.ErrorIs(t, m.DeleteFunction("a"), graph.ErrNotFound)
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		in   string
		want graph.Lang
		err  bool
	}{
		{"", graph.Danish, false},
		{"da", graph.Danish, false},
		{"en", graph.English, false},
		{"EN", "", true},
		{"sv", "", true},
		{" da", "", true},
	}
	for _, tt := range tests {
		got, err := graph.ParseLang(tt.in)
		if tt.err {
			var ve *graph.ValidationError
			require.ErrorAs(t, err, &ve, "ParseLang(%q)", tt.in)
			assert.Equal(t, "lang", ve.Problems[0].Field)
			assert.ErrorIs(t, err, graph.ErrInvalid)
			continue
		}
		require.NoError(t, err, "ParseLang(%q)", tt.in)
		assert.Equal(t, tt.want, got, "ParseLang(%q)", tt.in)
	}
}
