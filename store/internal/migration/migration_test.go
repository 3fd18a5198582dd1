package migration

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestList: migrations are numbered by their file names, 1, 2, 3, … in
// order, whatever order the names sort in; gaps, repeats and names without a
// number are refused. (Each engine checks its embedded list in its own
// tests.)
func TestList(t *testing.T) {
	files := func(names ...string) fstest.MapFS {
		fsys := fstest.MapFS{}
		for _, n := range names {
			fsys["migrations/"+n] = &fstest.MapFile{Data: []byte("SELECT 1;")}
		}
		return fsys
	}
	t.Run("ByNumberNotName", func(t *testing.T) {
		// "10_…" sorts before "2_…" as text
		list, err := List(files("1_a.sql", "10_j.sql", "2_b.sql", "3_c.sql", "4_d.sql", "5_e.sql", "6_f.sql", "7_g.sql", "8_h.sql", "9_i.sql"))
		if err != nil {
			t.Fatal(err)
		}
		if got := list[9].Name; got != "migrations/10_j.sql" {
			t.Errorf("migration 10 = %s; want migrations/10_j.sql", got)
		}
		if got := list[9].SQL; got != "SELECT 1;" {
			t.Errorf("migration 10 SQL = %q; want %q", got, "SELECT 1;")
		}
	})
	for _, tt := range []struct {
		name  string
		files []string
		want  string
	}{
		{"Gap", []string{"0001_a.sql", "0003_c.sql"}, "expected number 2"},
		{"Repeat", []string{"0001_a.sql", "0002_b.sql", "0002_c.sql"}, "expected number 3"},
		{"NoNumber", []string{"0001_a.sql", "snapshots.sql"}, "must start with its number"},
		{"Zero", []string{"0000_a.sql"}, "must start with its number"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := List(files(tt.files...))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("List(%v) = %v; want an error containing %q", tt.files, err, tt.want)
			}
		})
	}
}
