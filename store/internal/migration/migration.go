// Package migration reads the numbered schema migrations that each storage
// engine embeds. It knows the numbering rule, not SQL: each engine applies
// the list in its own transactions and records the number it reached.
package migration

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one schema change; its Version is the number its file name
// starts with ("0002_snapshots.sql" is version 2).
type Migration struct {
	Version int
	Name    string // the path inside the file system, migrations/0002_snapshots.sql
	SQL     string
}

// List reads migrations/*.sql from fsys in order of their numbers. The
// numbers must be 1, 2, 3, … without gaps or repeats: a database records the
// number of the last one applied, so a list that skipped or reordered numbers
// would apply the wrong changes.
func List(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	list := make([]Migration, 0, len(names))
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: the file name must start with its number, as in 0003_name.sql", base)
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		list = append(list, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Version < list[j].Version })
	for i, m := range list {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d (numbers run 1, 2, 3, … without gaps or repeats)", path.Base(m.Name), i+1)
		}
	}
	return list, nil
}
