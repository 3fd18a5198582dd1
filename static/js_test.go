package static

import (
	"os/exec"
	"testing"
)

// TestJavaScript runs the unit tests of the page's pure modules (state
// transitions, undo, drafts, messages) with Node's built-in test runner,
// so that go test ./... covers them. It skips where Node is missing.
func TestJavaScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed (apt-get install nodejs): skipping the JavaScript unit tests in static/test")
	}
	cmd := exec.Command(node, "--test", "test/")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test test/: %v\n%s", err, out)
	}
	t.Logf("node --test test/: passed")
}
