package place

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

func threadCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestCPU prints the thread CPU time of Place per benchmark map (temporary).
func TestCPU(t *testing.T) {
	if os.Getenv("CPU") == "" {
		t.Skip()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, bi := range benchInputs(t) {
		if f := os.Getenv("ONLY"); f != "" && f != bi.name {
			continue
		}
		reps := 1
		if len(bi.in.Nodes) < 50 {
			reps = 200
		}
		best := time.Duration(1 << 62)
		for r := 0; r < 3; r++ {
			t0 := threadCPU()
			for i := 0; i < reps; i++ {
				Place(bi.in)
			}
			best = min(best, (threadCPU()-t0)/time.Duration(reps))
		}
		fmt.Printf("%-14s %v\n", bi.name, best)
	}
}
