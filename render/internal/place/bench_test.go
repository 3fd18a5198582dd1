package place

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// benchInputs are the benchmark maps: an example of 12 functions, a
// corpus map of 30, and random maps of 120/360 and 500/5,000 (the limit).
func benchInputs(tb testing.TB) []struct {
	name string
	in   Input
} {
	var fly, c30 Input
	for _, tm := range allMaps(tb) {
		switch tm.name {
		case "flyafgang":
			fly = tm.in
		case "corpus-20-31f":
			c30 = tm.in
		}
	}
	return []struct {
		name string
		in   Input
	}{
		{"n=12", fly},
		{"n=31,m=81", c30},
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

// BenchmarkPlaceRing lays maps out from scratch in Ring mode.
func BenchmarkPlaceRing(b *testing.B) {
	for _, bi := range benchInputs(b) {
		in := bi.in
		in.Mode = Ring
		b.Run(bi.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Place(in)
			}
		})
	}
}

// BenchmarkPlaceRemembered lays out maps whose every node remembers its
// position: a re-rated map, the common redraw.
func BenchmarkPlaceRemembered(b *testing.B) {
	for _, bi := range benchInputs(b) {
		in := withPrev(bi.in, Place(bi.in))
		b.Run(bi.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Place(in)
			}
		})
	}
}

// BenchmarkPlaceAdded lays out maps with one function added to a
// remembered layout.
func BenchmarkPlaceAdded(b *testing.B) {
	for _, bi := range benchInputs(b) {
		base := Place(bi.in)
		in, _, _ := stabilityCases[3].change(bi.in, base)
		b.Run(bi.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Place(in)
			}
		})
	}
}

// BenchmarkCrossings counts the crossings of a finished layout.
func BenchmarkCrossings(b *testing.B) {
	for _, bi := range benchInputs(b) {
		res := Place(bi.in)
		b.Run(bi.name, func(b *testing.B) {
			for b.Loop() {
				Crossings(res.X, res.Y, bi.in.Edges)
			}
		})
	}
}

// TestMemory runs the 500/5,000 limit map in a process of its own and
// checks its peak resident memory (the whole render must stay under
// 100 MB; the placer should use a small part of it).
func TestMemory(t *testing.T) {
	if os.Getenv("PLACE_MEMORY_CHILD") == "1" {
		Place(randomInput(500, 5000, 8, 500))
		return
	}
	if !slow() {
		t.Skip("runs with RELATIONSKORT_SLOW_TESTS=1")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMemory$")
	cmd.Env = append(os.Environ(), "PLACE_MEMORY_CHILD=1")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no resource usage on this system")
	}
	mb := float64(ru.Maxrss) / 1024 // kB on Linux
	t.Logf("Place(500/5,000) in a test process: peak RSS %.1f MB, %v wall", mb, time.Since(start).Round(time.Millisecond))
	if mb > 60 {
		t.Errorf("peak RSS %.1f MB; want under 60 MB, leaving room for the rest of the render", mb)
	}
	if !strings.Contains(string(out), "PASS") {
		t.Errorf("child did not pass:\n%s", out)
	}
}

// TestMethods prints what each stage of the Auto layout buys on the
// corpus (crossings, line hits, mean scale, time): go test -run
// TestMethods -methods -v. It is a measurement, not a check.
func TestMethods(t *testing.T) {
	if !*methods {
		t.Skip("runs only with -methods")
	}
	variants := []struct {
		name string
		set  func(*effort)
	}{
		{"stress, one start, no search", func(e *effort) {
			e.starts, e.keep, e.loose, e.strict, e.post, e.calm, e.regroup = 1, 1, 0, 0, 0, 0, 0
		}},
		{"stress, best of 3-6 starts, no search", func(e *effort) { e.keep, e.loose, e.strict, e.post, e.calm, e.regroup = 1, 0, 0, 0, 0, 0 }},
		{"+ search before repairs", func(e *effort) { e.keep, e.strict, e.post, e.calm, e.regroup = 1, 0, 0, 0, 0 }},
		{"+ search within constraints after repairs", func(e *effort) { e.keep, e.calm, e.regroup = 1, 0, 0 }},
		{"+ regroup and calm (the default)", func(e *effort) {}},
		{"+ two starts arranged, best kept", func(e *effort) { e.keep = 2 }},
	}
	ref := readReference(t)
	for _, v := range variants {
		effortHook = v.set
		cross, hits, neato, strays, over := 0, 0, 0, 0, 0
		scale := 0.0
		start := time.Now()
		maps := corpusMaps(t)
		for _, tm := range maps {
			res := Place(tm.in)
			cross += Crossings(res.X, res.Y, tm.in.Edges)
			hits += LineHits(res.X, res.Y, scaled(tm.in, res), tm.in.Edges, tm.in.LineMargin*res.Scale)
			scale += res.Scale
			neato += ref[tm.name].Neato
			strays += GroupStrays(res.X, res.Y, groupsOf(tm.in))
			if c := Crossings(res.X, res.Y, tm.in.Edges); c > min(ref[tm.name].Neato, ref[tm.name].Circo) {
				over++
			}
		}
		effortHook = nil
		t.Logf("%-48s crossings %5d (%.3f× neato), %d maps above min(neato, circo); line hits %d; strays %d; mean scale %.3f; %v",
			v.name, cross, float64(cross)/float64(neato), over, hits, strays, scale/float64(len(maps)), time.Since(start).Round(time.Millisecond))
	}
	fmt.Print()
}
