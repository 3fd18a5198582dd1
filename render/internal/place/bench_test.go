package place

import "testing"

// benchmark maps: an example of 12 functions, and random maps of 120/360
// and 500/5,000 (the limit map).
func benchInputs(b testing.TB) []struct {
	name string
	in   Input
} {
	var fly Input
	for _, tm := range examples(b) {
		if tm.name == "flyafgang" {
			fly = tm.in
		}
	}
	return []struct {
		name string
		in   Input
	}{
		{"n=12", fly},
		{"n=30,m=60", randomInput(30, 60, 4, 30)},
		{"n=120,m=360", randomInput(120, 360, 6, 120)},
		{"n=500,m=5000", randomInput(500, 5000, 8, 500)},
	}
}

// BenchmarkPlace lays maps out from scratch.
func BenchmarkPlace(b *testing.B) {
	for _, bi := range benchInputs(b) {
		b.Run(bi.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Place(bi.in)
			}
		})
	}
}
