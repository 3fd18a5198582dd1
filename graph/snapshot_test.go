package graph_test

import (
	"strings"
	"testing"

	"github.com/relationskort/relationskort/graph"
)

func TestSnapshotLabel(t *testing.T) {
	for _, tt := range []struct {
		name, label, want string
		field             string // the field of the problem; "" for none
	}{
		{"OK", "  Opstart september ", "Opstart september", ""},
		{"Empty", "   ", "", "label"},
		{"TooLong", strings.Repeat("å", graph.MaxLabelLen+1), "", "label"},
		{"NUL", "Nul\x00tegn", "", "label"},
		{"Newline", "To\nlinjer", "", "label"},
		{"Tab", "Med\ttab", "Med\ttab", ""},
		{"Bidi", "før\u202Eefter", "", "label"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := graph.SnapshotLabel(tt.label)
			if tt.field == "" {
				if err != nil || got != tt.want {
					t.Errorf("SnapshotLabel(%q) = %q, %v; want %q, nil", tt.label, got, err, tt.want)
				}
				return
			}
			ve, ok := err.(*graph.ValidationError)
			if !ok || ve.Problems[0].Field != tt.field {
				t.Errorf("SnapshotLabel(%q) = %q, %v; want a problem with %s", tt.label, got, err, tt.field)
			}
		})
	}
}
