package store

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestMigrationList: migrations are numbered by their file names, 1, 2, 3, …
// in order, whatever order the names sort in; gaps, repeats and names
// without a number are refused.
func TestMigrationList(t *testing.T) {
	t.Run("Embedded", func(t *testing.T) {
		list, err := migrationList(migrations)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) < 2 {
			t.Fatalf("migrationList() = %d migrations; want at least 2", len(list))
		}
		for i, m := range list {
			if m.version != i+1 {
				t.Errorf("migration %d is %s with version %d; want %d", i, m.name, m.version, i+1)
			}
		}
	})
	files := func(names ...string) fstest.MapFS {
		fsys := fstest.MapFS{}
		for _, n := range names {
			fsys["migrations/"+n] = &fstest.MapFile{Data: []byte("SELECT 1;")}
		}
		return fsys
	}
	t.Run("ByNumberNotName", func(t *testing.T) {
		// "10_…" sorts before "2_…" as text
		list, err := migrationList(files("1_a.sql", "10_j.sql", "2_b.sql", "3_c.sql", "4_d.sql", "5_e.sql", "6_f.sql", "7_g.sql", "8_h.sql", "9_i.sql"))
		if err != nil {
			t.Fatal(err)
		}
		if got := list[9].name; got != "migrations/10_j.sql" {
			t.Errorf("migration 10 = %s; want migrations/10_j.sql", got)
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
			_, err := migrationList(files(tt.files...))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("migrationList(%v) = %v; want an error containing %q", tt.files, err, tt.want)
			}
		})
	}
}
