package graph_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

// examplesDir holds the realistic example maps; every one must load.
const examplesDir = "../static/examples"

func TestDecodeMap_Examples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(examplesDir, "*.json"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 4, "the example maps in %s are missing", examplesDir)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			f, err := os.Open(file)
			require.NoError(t, err)
			defer f.Close()
			m, err := graph.DecodeMap(f)
			require.NoError(t, err)
			require.NoError(t, m.PrepareNew())
			assert.NotEmpty(t, m.Title)
			assert.NotEmpty(t, m.Functions)
			for _, r := range m.Relations {
				assert.True(t, graph.ValidID(r.ID), "relation id %q", r.ID)
			}
		})
	}
}
