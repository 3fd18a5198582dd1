package place

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/relationskort/relationskort/render/internal/place/corpus"
)

// TestCorpus checks that testdata/corpus holds exactly what the generator
// makes; go test -update rewrites it.
func TestCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "corpus")
	maps := corpus.Corpus()
	if *update {
		old, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, f := range old {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, m := range maps {
			if err := os.WriteFile(filepath.Join(dir, m.Title+".json"), corpus.Encode(m), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != len(maps) {
		t.Fatalf("testdata/corpus has %d maps; the generator makes %d (go test -update rewrites it)", len(files), len(maps))
	}
	for _, m := range maps {
		got, err := os.ReadFile(filepath.Join(dir, m.Title+".json"))
		if err != nil {
			t.Fatalf("%v (go test -update rewrites the corpus)", err)
		}
		if want := corpus.Encode(m); !bytes.Equal(got, want) {
			t.Errorf("testdata/corpus/%s.json differs from the generator's map (go test -update rewrites it)", m.Title)
		}
	}
}

// TestCorpusShape checks that the corpus is what it claims to be: 40+
// maps of 5–60 functions, one centre related to several others, 3–6
// groups, 1.2–3 relations per function, mostly inside groups.
func TestCorpusShape(t *testing.T) {
	maps := corpus.Corpus()
	if len(maps) < 40 {
		t.Fatalf("corpus has %d maps; want at least 40", len(maps))
	}
	within, across := 0, 0
	for _, m := range maps {
		n := len(m.Functions)
		if n < 5 || n > 60 {
			t.Errorf("%s: %d functions; want 5–60", m.Title, n)
		}
		group := map[string]string{}
		groups := map[string]bool{}
		centre, centres := "", 0
		for _, f := range m.Functions {
			group[f.ID] = f.Group
			groups[f.Group] = true
			if f.Center {
				centre = f.ID
				centres++
			}
		}
		if centres != 1 {
			t.Errorf("%s: %d centre functions; want 1", m.Title, centres)
		}
		if len(groups) < 2 || len(groups) > 6 {
			t.Errorf("%s: %d groups; want 2–6", m.Title, len(groups))
		}
		perF := float64(len(m.Relations)) / float64(n)
		if perF < 1.2-1e-9 || perF > 3 {
			t.Errorf("%s: %.2f relations per function; want 1.2–3", m.Title, perF)
		}
		cdeg := 0
		for _, r := range m.Relations {
			if r.A == centre || r.B == centre {
				cdeg++
				continue
			}
			if group[r.A] == group[r.B] {
				within++
			} else {
				across++
			}
		}
		if cdeg < 3 {
			t.Errorf("%s: the centre has %d relations; want at least 3", m.Title, cdeg)
		}
	}
	if within < 2*across {
		t.Errorf("relations (centre's aside): %d within groups, %d across; want mostly within", within, across)
	}
}
