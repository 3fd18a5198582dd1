package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

const doc = `{"title": "Demens", "task": "Forløb", "functions": [
  {"id": "borger", "name": "Borgeren", "center": true},
  {"id": "laege", "name": "Egen læge", "group": "Praksis"},
  {"id": "pleje", "name": "Hjemmeplejen", "group": "Kommune"}],
 "relations": [{"a": "borger", "b": "laege", "rating": 3}, {"a": "laege", "b": "pleje", "rating": null}]}`

func TestRunRender(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "map.json")
	require.NoError(t, os.WriteFile(in, []byte(doc), 0o644))

	t.Run("SVGFile", func(t *testing.T) {
		out := filepath.Join(dir, "map.svg")
		var stdout, stderr bytes.Buffer
		require.NoError(t, runRender(t.Context(), []string{in, "-o", out, "--lang", "en", "--palette=colorblind"}, nil, &stdout, &stderr))
		data, err := os.ReadFile(out)
		require.NoError(t, err)
		require.NoError(t, xml.Unmarshal(data, new(struct{})))
		assert.Contains(t, string(data), `data-relation-id="r1"`)
		assert.Contains(t, string(data), "Low (3)") // --lang after the file name was read
		assert.Contains(t, string(data), "palette-colorblind")
		assert.Empty(t, stdout.String())
	})
	t.Run("PNGFile", func(t *testing.T) {
		out := filepath.Join(dir, "map.png")
		require.NoError(t, runRender(t.Context(), []string{"--format", "a4", in, "-o", out}, nil, new(bytes.Buffer), new(bytes.Buffer)))
		f, err := os.Open(out)
		require.NoError(t, err)
		defer f.Close()
		cfg, err := png.DecodeConfig(f)
		require.NoError(t, err)
		assert.Equal(t, 1754, cfg.Width)
		assert.Equal(t, 1240, cfg.Height)
	})
	t.Run("Stdout", func(t *testing.T) {
		for _, args := range [][]string{{in}, {in, "-o", "-"}} {
			var stdout bytes.Buffer
			require.NoError(t, runRender(t.Context(), args, nil, &stdout, new(bytes.Buffer)))
			assert.Contains(t, stdout.String(), "<svg")
			assert.Contains(t, stdout.String(), "Lav (3)")
		}
	})
	t.Run("BadOption", func(t *testing.T) {
		err := runRender(t.Context(), []string{in, "--palette", "neon"}, nil, new(bytes.Buffer), new(bytes.Buffer))
		assert.ErrorIs(t, err, graph.ErrInvalid)
		assert.Contains(t, err.Error(), "palette")
	})
	t.Run("BadExtension", func(t *testing.T) {
		err := runRender(t.Context(), []string{in, "-o", filepath.Join(dir, "map.pdf")}, nil, new(bytes.Buffer), new(bytes.Buffer))
		assert.ErrorContains(t, err, ".svg or .png")
	})
	t.Run("NoFile", func(t *testing.T) {
		err := runRender(t.Context(), nil, nil, new(bytes.Buffer), new(bytes.Buffer))
		assert.ErrorContains(t, err, "want one map document")
	})
	t.Run("InvalidDocument", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.json")
		require.NoError(t, os.WriteFile(bad, []byte(`{"title": "x", "functions": [{"name": "A"}], "relations": [{"a": "a", "b": "zz"}]}`), 0o644))
		err := runRender(t.Context(), []string{bad}, nil, new(bytes.Buffer), new(bytes.Buffer))
		assert.ErrorIs(t, err, graph.ErrInvalid)
	})
}
