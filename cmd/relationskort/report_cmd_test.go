package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/graph"
)

func TestRunReport(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "map.json")
	require.NoError(t, os.WriteFile(in, []byte(doc), 0o644))
	earlier := filepath.Join(dir, "before.json")
	require.NoError(t, os.WriteFile(earlier, []byte(strings.Replace(doc, `"rating": null`, `"rating": 2`, 1)), 0o644))

	t.Run("File", func(t *testing.T) {
		out := filepath.Join(dir, "rapport.pdf")
		var stdout bytes.Buffer
		require.NoError(t, run(t.Context(), []string{"relationskort", "report", in, "-o", out, "--lang", "en", "--palette=print", "--before", earlier}, nil, nil, &stdout, new(bytes.Buffer)))
		data, err := os.ReadFile(out)
		require.NoError(t, err)
		require.True(t, bytes.HasPrefix(data, []byte("%PDF-")))
		assert.Empty(t, stdout.String())
		if _, err := exec.LookPath("pdftotext"); err != nil {
			t.Skip("pdftotext is not installed (Debian: apt-get install poppler-utils)")
		}
		text, err := exec.Command("pdftotext", "-raw", out, "-").Output()
		require.NoError(t, err)
		for _, s := range []string{"Borgeren", "Egen læge", "Hjemmeplejen", "For leadership's attention", "Page 4 of 4", "Before and after"} {
			assert.Contains(t, string(text), s)
		}
	})
	t.Run("Stdout", func(t *testing.T) {
		var stdout bytes.Buffer
		require.NoError(t, runReport(t.Context(), []string{"-o", "-", in}, nil, &stdout, new(bytes.Buffer)))
		assert.True(t, bytes.HasPrefix(stdout.Bytes(), []byte("%PDF-")))
	})
	t.Run("NoOutput", func(t *testing.T) {
		err := runReport(t.Context(), []string{in}, nil, new(bytes.Buffer), new(bytes.Buffer))
		assert.ErrorContains(t, err, "give -o")
	})
	t.Run("BadOption", func(t *testing.T) {
		err := runReport(t.Context(), []string{in, "-o", "-", "--palette", "neon"}, nil, new(bytes.Buffer), new(bytes.Buffer))
		assert.ErrorIs(t, err, graph.ErrInvalid)
	})
	t.Run("InvalidDocument", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.json")
		require.NoError(t, os.WriteFile(bad, []byte(`{"title": "x", "functions": [{"name": "A"}], "relations": [{"a": "a", "b": "zz"}]}`), 0o644))
		err := runReport(t.Context(), []string{bad, "-o", "-"}, nil, new(bytes.Buffer), new(bytes.Buffer))
		assert.ErrorIs(t, err, graph.ErrInvalid)
	})
}
