package graph_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/relationskort/relationskort/graph"
)

// FuzzDecodeMap: decoding and validating any input never panics; it either
// fails with an error of the vocabulary or yields a map that is valid and
// survives a JSON round trip unchanged.
func FuzzDecodeMap(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(examplesDir, "*.json"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"title":"a","functions":[{"id":"x","name":"X"},{"id":"y","name":"Y"}],"relations":[{"a":"x","b":"y","rating":3}]}`))
	f.Add([]byte(`{"functions":[{"name":"<b>Læge</b>","x":1e308,"y":-0}],"relations":[{"a":"","b":null,"rating":null}]}`))
	f.Add([]byte(`{"title":"\u0000","task":"\ud800"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := graph.DecodeMapBytes(data)
		if err != nil {
			if m != nil {
				t.Fatal("a map came back with an error")
			}
			if !errors.Is(err, graph.ErrInvalid) && !errors.Is(err, graph.ErrSyntax) && !errors.Is(err, graph.ErrTooLarge) {
				t.Fatalf("error outside the vocabulary: %v", err)
			}
			return
		}
		if err := m.PrepareNew(); err != nil {
			if !errors.Is(err, graph.ErrInvalid) && !errors.Is(err, graph.ErrTooLarge) {
				t.Fatalf("validation error outside the vocabulary: %v", err)
			}
			return
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("a valid map does not marshal: %v", err)
		}
		again, err := graph.DecodeMapBytes(out)
		if err != nil {
			t.Fatalf("a valid map does not decode again: %v\n%s", err, out)
		}
		if err := again.PrepareNew(); err != nil {
			t.Fatalf("a valid map is not valid again: %v\n%s", err, out)
		}
		out2, _ := json.Marshal(again)
		if string(out) != string(out2) {
			t.Fatalf("round trip changed the map:\n%s\n%s", out, out2)
		}
	})
}
