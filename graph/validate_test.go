package graph_test

import (
	"errors"
	"regexp"
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
		// S7: bidirectional controls would reverse the text around a name.
		{"BidiOverrideInName", func(m *graph.Map) { m.Functions[0].Name = "Hjemme\u202Eplejen" }, []string{"functions[0].name"}},
		{"BidiIsolateInGroup", func(m *graph.Map) { m.Functions[1].Group = "\u2067Almen" }, []string{"functions[1].group"}},
		{"BidiMarkInTitle", func(m *graph.Map) { m.Title = "Kort\u200F" }, []string{"title"}},
		{"ArabicLetterMarkInTask", func(m *graph.Map) { m.Task = "x\u061Cy" }, []string{"task"}},
		{"BidiEmbeddingInNote", func(m *graph.Map) { m.Relations[0].Note = "a\u202Ab" }, []string{"relations[0].note"}},
		{"BidiInDescription", func(m *graph.Map) { m.Description = "\u2066x\u2069" }, []string{"description"}},
		{"RightToLeftLettersAreFine", func(m *graph.Map) { m.Functions[0].Name = "مركز صحي" }, nil},
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
		m = &graph.Map{Description: strings.Repeat("x", graph.MaxNoteLen+1)}
		assert.ErrorIs(t, m.Validate(), graph.ErrTooLarge)
	})
	t.Run("NotesAreCountedInCharacters", func(t *testing.T) {
		// 65,536 characters of two bytes each: over 64 KiB, within the limit,
		// as JSON Schema's maxLength counts.
		m := base()
		m.Relations[0].Note = strings.Repeat("ø", graph.MaxNoteLen)
		assert.NoError(t, m.Validate())
		m.Relations[0].Note += "ø"
		err := m.Validate()
		assert.ErrorIs(t, err, graph.ErrTooLarge)
		assert.Equal(t, []string{"relations[0].note"}, fieldsOf(t, err))
	})
}

func TestPrepareStored_TitleRequired(t *testing.T) {
	for _, title := range []string{"", "   "} {
		m := &graph.Map{Title: title}
		err := m.PrepareStored()
		assert.ErrorIs(t, err, graph.ErrInvalid, "title %q", title)
		assert.Equal(t, []string{"title"}, fieldsOf(t, err))
	}
	m := &graph.Map{Title: "", Functions: []graph.Function{{Name: ""}}}
	assert.Equal(t, []string{"title", "functions[0].name"}, fieldsOf(t, m.PrepareStored()), "every problem is listed")
	m = &graph.Map{Title: strings.Repeat("t", graph.MaxTitleLen+1)}
	assert.Equal(t, []string{"title"}, fieldsOf(t, m.PrepareStored()))
	assert.NoError(t, (&graph.Map{Title: "Kort"}).PrepareStored())
	assert.NoError(t, (&graph.Map{}).PrepareNew(), "a file may lack a title")

	t.Run("Patch", func(t *testing.T) {
		m := &graph.Map{Title: "Kort"}
		p, err := graph.DecodeMapPatch([]byte(`{"title":"  "}`))
		require.NoError(t, err)
		assert.Equal(t, []string{"title"}, fieldsOf(t, p.Apply(m)))
		p, err = graph.DecodeMapPatch([]byte(`{"task":"Ny opgave"}`))
		require.NoError(t, err)
		assert.NoError(t, p.Apply(&graph.Map{}), "a patch that leaves the title alone does not judge it")
	})
}

// TestDecode_Strict: what encoding/json would let through silently is
// refused with the field named (S9), and null only stands for "unrated".
func TestDecode_Strict(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		kind  error
		field string
	}{
		{"DuplicateKey", `{"title":"a","title":"b"}`, graph.ErrSyntax, "title"},
		{"DuplicateNestedKey", `{"relations":[{"a":"x","b":"y","rating":3,"rating":1}]}`, graph.ErrSyntax, "relations[0].rating"},
		{"DuplicateKeyByEscape", `{"functions":[{},{"name":"A","n\u0061me":"B"}]}`, graph.ErrSyntax, "functions[1].name"},
		{"InvalidUTF8", "{\"title\":\"K\xf8benhavn\"}", graph.ErrSyntax, "title"},
		{"InvalidUTF8Nested", "{\"functions\":[{\"name\":\"A\"},{\"name\":\"\xff\"}]}", graph.ErrSyntax, "functions[1].name"},
		{"InvalidUTF8InKey", "{\"ti\xfftle\":1}", graph.ErrSyntax, ""},
		{"LoneSurrogate", `{"task":"\ud800"}`, graph.ErrSyntax, "task"},
		{"LoneLowSurrogate", `{"task":"a\udc00"}`, graph.ErrSyntax, "task"},
		{"NullTitle", `{"title":null}`, graph.ErrInvalid, "title"},
		{"NullNote", `{"relations":[{"a":"x","b":"y","note":null}]}`, graph.ErrInvalid, "relations[0].note"},
		{"NullFunctions", `{"functions":null}`, graph.ErrInvalid, "functions"},
		{"NullCenter", `{"functions":[{"name":"A","center":null}]}`, graph.ErrInvalid, "functions[0].center"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := graph.DecodeMapBytes([]byte(tt.doc))
			assert.Nil(t, m)
			require.ErrorIs(t, err, tt.kind)
			fields := fieldsOf(t, err)
			if tt.field != "" {
				assert.Equal(t, []string{tt.field}, fields)
			} else {
				assert.Len(t, fields, 1)
			}
		})
	}
	t.Run("Accepted", func(t *testing.T) {
		for _, doc := range []string{
			`{"title":"\ud83d\ude00 \u00f8 \\ud800","relations":[{"a":"x","b":"y","rating":null}]}`,
			`{"functions":[{"name":"A","x":1,"y":2}],"relations":[{"a":"x","b":"y"}],"task":"a\\"}`,
		} {
			_, err := graph.DecodeMapBytes([]byte(doc))
			assert.NoError(t, err, doc)
		}
	})
	t.Run("PatchNull", func(t *testing.T) {
		_, err := graph.DecodeMapPatch([]byte(`{"title":null}`))
		assert.Equal(t, []string{"title"}, fieldsOf(t, err))
		_, err = graph.DecodeRelationPatch([]byte(`{"note":null}`))
		assert.Equal(t, []string{"note"}, fieldsOf(t, err))
		_, err = graph.DecodeFunctionPatch([]byte(`{"group":null,"name":"A","name":"B"}`))
		assert.ErrorIs(t, err, graph.ErrSyntax)
		p, err := graph.DecodeFunctionPatch([]byte(`{"x":null,"y":null}`))
		require.NoError(t, err, "null unpins")
		assert.True(t, p.SetPosition)
	})
	t.Run("ServerFieldsInRequests", func(t *testing.T) {
		doc := `{"id":"abc","title":"a","version":3,"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}`
		_, err := graph.DecodeMapRequest([]byte(doc))
		assert.ErrorIs(t, err, graph.ErrInvalid)
		assert.Equal(t, []string{"id", "version", "created_at", "updated_at"}, fieldsOf(t, err))
		_, err = graph.DecodeMapBytes([]byte(doc))
		assert.NoError(t, err, "a file saved from the API may carry them")
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

// TestValidID: the rule of ids, 1–64 characters of A–Z, a–z, 0–9, _ and
// -, checked against the regular expression it was written as.
func TestValidID(t *testing.T) {
	re := regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	cases := []string{"", "a", "A-z_09", "r12", "æble", "a b", "a\nb", "a.b", "a/b", "ab\x00", "ünï",
		strings.Repeat("x", 64), strings.Repeat("x", 65), strings.Repeat("é", 30), "-", "_", "~", "{", "`", "@", "[", "/", ":"}
	for c := range 256 {
		cases = append(cases, string([]byte{byte(c)}), "a"+string(rune(c)))
	}
	for _, s := range cases {
		if got, want := graph.ValidID(s), re.MatchString(s); got != want {
			t.Errorf("ValidID(%q) = %v; want %v", s, got, want)
		}
	}
}
