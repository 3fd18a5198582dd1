package interchange

import (
	"bytes"
	"encoding/json"

	"github.com/relationskort/relationskort/graph"
)

// exportJSON writes the document form of m (no id, version or timestamps),
// indented, so that it re-imports to an equal map.
func exportJSON(buf *bytes.Buffer, m *graph.Map) error {
	b, err := json.MarshalIndent(m.Document(), "", "  ")
	if err != nil {
		return err
	}
	buf.Write(b)
	buf.WriteByte('\n')
	return nil
}

func importJSON(data []byte) (*graph.Map, error) {
	m, err := graph.DecodeMapBytes(data)
	if err != nil {
		return nil, err
	}
	if err := m.PrepareNew(); err != nil {
		return nil, err
	}
	return m, nil
}
