package browsertest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// demoMap is a rated map with enough functions to make the tools column
// longer than a screen.
func demoMap() map[string]any {
	fns := []map[string]any{{"id": "borger", "name": "Borgeren", "center": true},
		{"id": "hp", "name": "Hjemmeplejen", "group": "Kommune"}, {"id": "laege", "name": "Egen læge", "group": "Almen praksis"},
		{"id": "pa", "name": "Pårørende", "group": "Familie"}, {"id": "sygehus", "name": "Sygehuset", "group": "Region"},
		{"id": "demens", "name": "Demenskoordinator", "group": "Kommune"}, {"id": "tandlaege", "name": "Tandlægen", "group": "Privat"}}
	rels := []map[string]any{{"id": "r1", "a": "hp", "b": "laege", "rating": 3, "note": "Medicinlister opdateres ikke"},
		{"id": "r2", "a": "borger", "b": "hp", "rating": 1}, {"id": "r3", "a": "pa", "b": "hp", "rating": 2},
		{"id": "r4", "a": "sygehus", "b": "laege", "rating": 3}, {"id": "r5", "a": "demens", "b": "pa", "rating": 1},
		{"id": "r6", "a": "borger", "b": "laege"}}
	return map[string]any{"title": "Demensindsats", "task": "Sammenhængende forløb for hjemmeboende borgere med demens",
		"functions": fns, "relations": rels}
}

// TestWorkshop_FreshProfileEditLink opens an edit link in a browser that
// has never seen the map (no localStorage): the page asks the server for
// the view link and shows it, ready to share.
func TestWorkshop_FreshProfileEditLink(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, map[string]any{"title": "Frisk"})
	tb := newBrowser(t, 1920, 1080)
	var stored int
	tb.run(t, chromedp.Navigate(s.URL+"/"), chromedp.Evaluate(`localStorage.length`, &stored))
	require.Equal(t, 0, stored, "the profile is not fresh")
	tb.run(t, chromedp.Navigate(m.EditURL), waitJS(`document.querySelector('#share-view').value.includes('#view=')`))
	var view string
	tb.run(t, chromedp.Value(`#share-view`, &view, chromedp.ByQuery))
	assert.Equal(t, s.URL+"/m/"+m.ID+"#view="+m.ViewToken, view)
	var missing bool
	tb.run(t, chromedp.Evaluate(`document.querySelector('#share-view-missing').hidden && !document.querySelector('#btn-qr-view').hidden`, &missing))
	assert.True(t, missing, "the view link is known, so no 'unknown' note and a QR button")
	tb.clean(t)
}

// TestWorkshop_Downloads downloads the pictures and the data: each arrives
// as a file with the server's name and the right content.
func TestWorkshop_Downloads(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, demoMap())
	tb := newBrowser(t, 1920, 1080)
	dir := t.TempDir()
	tb.run(t, chromedp.ActionFunc(func(ctx contextT) error {
		return browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir).Do(ctx)
	}), chromedp.Navigate(m.EditURL), waitJS(countJS(`#diagram g.function`, 7)))

	tests := []struct {
		kind, mime, file string
		magic            []byte
	}{
		{"svg", "image/svg+xml", "demensindsats.svg", []byte("<svg")},
		{"png", "image/png", "demensindsats.png", []byte("\x89PNG\r\n\x1a\n")},
		{"csv-relations", "text/csv", "Demensindsats-relations.csv", []byte("")},
		{"json", "application/json", "Demensindsats.json", []byte("{")},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			tb.run(t, clickAt(fmt.Sprintf(`[data-download=%q]`, tt.kind)),
				waitJS(fmt.Sprintf(`document.querySelector('#download-status').dataset.kind === %q`, tt.kind)))
			var typ string
			tb.run(t, chromedp.Evaluate(`document.querySelector('#download-status').dataset.type`, &typ))
			assert.True(t, strings.HasPrefix(typ, tt.mime), "download %s: type %q; want %s", tt.kind, typ, tt.mime)
			assert.Contains(t, textOf(t, tb, `#download-status`), tt.file)
			var body []byte
			require.Eventually(t, func() bool {
				b, err := os.ReadFile(filepath.Join(dir, tt.file))
				body = b
				return err == nil && len(b) > 0
			}, 10*time.Second, 50*time.Millisecond, "no file %s in the download folder", tt.file)
			switch tt.kind {
			case "svg":
				assert.Contains(t, string(body), "<svg")
				assert.Contains(t, string(body), "Demensindsats")
			case "csv-relations":
				assert.Contains(t, string(body), "Hjemmeplejen")
				assert.Contains(t, string(body), "Medicinlister opdateres ikke")
			default:
				assert.True(t, bytes.HasPrefix(body, tt.magic), "download %s starts %q", tt.kind, body[:min(len(body), 16)])
			}
		})
	}
	tb.screenshot(t, "downloads")
	tb.clean(t)
}

// TestWorkshop_EditTitle changes the title, the task and the description;
// they are saved (If-Match) and still there after a reload.
func TestWorkshop_EditTitle(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, map[string]any{"title": "Kladde", "task": "Ingen opgave endnu"})
	tb := newBrowser(t, 1366, 768)
	tb.run(t, chromedp.Navigate(m.EditURL), waitJS(`document.querySelector('#page-title').textContent === 'Kladde'`),
		chromedp.Click(`#btn-edit-about`, chromedp.ByQuery),
		waitJS(`document.activeElement.id === 'about-title'`),
		chromedp.Evaluate(`document.querySelector('#about-title').select()`, nil),
		chromedp.KeyEvent("Børn & unge <i>i</i> mistrivsel"),
		chromedp.Evaluate(`document.querySelector('#about-task').value = ''`, nil),
		chromedp.SendKeys(`#about-task`, "Tidlig indsats for børn i mistrivsel", chromedp.ByQuery),
		chromedp.SendKeys(`#about-desc`, "Workshop 2. oktober", chromedp.ByQuery),
		chromedp.Click(`#about-form button[type=submit]`, chromedp.ByQuery),
		waitJS(`document.querySelector('#page-title').textContent === 'Børn & unge <i>i</i> mistrivsel'`))
	got := s.get(t, m.ID, m.EditToken)
	assert.Equal(t, "Børn & unge <i>i</i> mistrivsel", got.Title)
	tb.screenshot(t, "title-edited")

	tb.run(t, chromedp.Reload(), waitJS(`document.querySelector('#page-title').textContent === 'Børn & unge <i>i</i> mistrivsel'`))
	assert.Equal(t, "Tidlig indsats for børn i mistrivsel", textOf(t, tb, `#map-task`))
	var desc string
	var italics int
	tb.run(t, chromedp.Value(`#about-desc`, &desc, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('.topbar i').length`, &italics))
	assert.Equal(t, "Workshop 2. oktober", desc)
	assert.Zero(t, italics, "the title's markup must stay text")
	tb.clean(t)
}

// TestWorkshop_SnapshotCompare saves a snapshot, changes the map and
// compares: the summary shows the score before and after (whole numbers),
// the change in percent with a decimal comma, and what improved.
func TestWorkshop_SnapshotCompare(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, map[string]any{"title": "Før og efter", "functions": []map[string]any{
		{"id": "a", "name": "Alfa"}, {"id": "b", "name": "Beta"}, {"id": "c", "name": "Gamma"}, {"id": "d", "name": "Delta"}},
		"relations": []map[string]any{{"id": "r1", "a": "a", "b": "b", "rating": 3}, {"id": "r2", "a": "a", "b": "c", "rating": 1}}})
	tb := newBrowser(t, 1920, 1080)
	tb.run(t, chromedp.Navigate(m.EditURL), waitJS(countJS(`#diagram g.relation`, 2)),
		waitJS(`document.querySelector('#score-value').textContent === '50'`),
		waitJS(`!document.querySelector('#snap-empty').hidden`))
	assert.Contains(t, textOf(t, tb, `#score-hint`), "0–100")

	tb.run(t, clickAt(`#snap-label`), chromedp.KeyEvent("Opstart september\r"),
		waitJS(countJS(`#snap-list li`, 1)))
	assert.Contains(t, textOf(t, tb, `#snap-list`), "Opstart september")

	// A new High relation: the score goes from 50 to 66.67 (+33.3 %).
	require.Equal(t, 201, s.call(t, "POST", "/api/v1/maps/"+m.ID+"/relations", m.EditToken, map[string]any{"a": "c", "b": "d", "rating": 1}, nil))
	tb.run(t, waitJS(countJS(`#diagram g.relation`, 3)),
		waitJS(`document.querySelector('#score-value').textContent === '67'`),
		clickAt(`#snap-list [data-compare]`),
		chromedp.WaitVisible(`#compare`, chromedp.ByQuery))
	score := textOf(t, tb, `#compare-score`)
	assert.Contains(t, score, "50 → 67")
	assert.Contains(t, score, "+33,3")
	counts := textOf(t, tb, `#compare-counts`)
	assert.Contains(t, counts, "Forbedret")
	assert.Contains(t, counts, "Nye relationer")
	// The server's before/after picture is shown beside the summary.
	tb.run(t, waitJS(`!document.querySelector('#compare-figure').hidden && document.querySelector('#compare-img').naturalWidth > 0`))
	tb.screenshot(t, "snapshot-compare")

	// English: the same summary with a decimal point.
	tb.run(t, chromedp.Click(`#btn-lang`, chromedp.ByQuery), waitJS(`document.querySelector('#compare-score').textContent.includes('+33.3')`))
	assert.Contains(t, textOf(t, tb, `#compare-counts`), "Improved")
	assert.Equal(t, "0–100 · 100 = every rated relation is High", textOf(t, tb, `#score-hint`))
	tb.run(t, chromedp.Click(`#btn-lang`, chromedp.ByQuery), waitJS(`document.documentElement.lang === 'da'`))
	tb.clean(t)
}

// TestWorkshop_DiagramStaysInView: with the tools column scrolled to its
// end, the diagram is still wholly on the screen, on a projector and on a
// laptop; on a phone the diagram comes first and the tools follow.
func TestWorkshop_DiagramStaysInView(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, demoMap())
	for _, size := range []struct {
		name string
		w, h int
	}{{"projector", 1920, 1080}, {"laptop", 1366, 768}, {"small-laptop", 1024, 640}} {
		t.Run(size.name, func(t *testing.T) {
			tb := newBrowser(t, size.w, size.h)
			tb.run(t, chromedp.Navigate(m.EditURL), waitJS(countJS(`#diagram g.function`, 7)))
			tb.screenshot(t, "inview-"+size.name+"-top")
			// Tab to the last tool, as a keyboard user would scroll.
			tb.run(t, chromedp.Focus(`[data-download="dot"]`, chromedp.ByQuery), settled())
			var r struct {
				Top, Bottom, Height, Win, PageScroll, PanelScroll float64
				Visible                                           bool
			}
			tb.run(t, chromedp.Evaluate(`(() => { const b = document.querySelector('#diagram svg').getBoundingClientRect(),
				d = document.querySelector('[data-download="dot"]').getBoundingClientRect();
				return {Top: b.top, Bottom: b.bottom, Height: b.height, Win: innerHeight, PageScroll: scrollY,
				  PanelScroll: document.querySelector('#panel').scrollTop, Visible: d.top >= 0 && d.bottom <= innerHeight}; })()`, &r))
			assert.True(t, r.Visible, "the focused tool is not on the screen")
			assert.Greater(t, r.PanelScroll, 0.0, "the tools column did not scroll")
			assert.GreaterOrEqual(t, r.Top, 0.0, "the diagram left the screen at the top: %+v", r)
			assert.LessOrEqual(t, r.Bottom, r.Win+1, "the diagram left the screen at the bottom: %+v", r)
			assert.Greater(t, r.Height, r.Win*0.4, "the diagram is small: %+v", r)
			tb.screenshot(t, "inview-"+size.name+"-scrolled")
			tb.clean(t)
		})
	}
	t.Run("phone", func(t *testing.T) {
		tb := newBrowser(t, 390, 844)
		tb.run(t, chromedp.Navigate(m.EditURL), waitJS(countJS(`#diagram g.function`, 7)))
		var order bool
		tb.run(t, chromedp.Evaluate(`document.querySelector('#diagram').getBoundingClientRect().bottom <= document.querySelector('#attention').getBoundingClientRect().top`, &order))
		assert.True(t, order, "on a phone the diagram comes before the tools")
		var overflow bool
		tb.run(t, chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow))
		assert.False(t, overflow, "the page scrolls sideways on a phone")
		tb.screenshot(t, "phone-map-edit")
		tb.clean(t)
	})
}

// TestWorkshop_Present shows a rated map in presentation mode on a
// projector and a laptop: no page header, the picture as large as the
// screen allows, the attention panel once (the server's or the page's),
// and Escape leads back to the tools.
func TestWorkshop_Present(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, demoMap())
	for _, size := range []struct {
		name string
		w, h int
	}{{"projector", 1920, 1080}, {"laptop", 1366, 768}} {
		t.Run(size.name, func(t *testing.T) {
			tb := newBrowser(t, size.w, size.h)
			tb.run(t, chromedp.Navigate(m.ViewURL), waitJS(countJS(`#diagram g.function`, 7)),
				chromedp.Click(`#btn-present`, chromedp.ByQuery),
				waitJS(`document.body.classList.contains('presenting')`),
				waitJS(`document.activeElement.id === 'btn-exit-present'`),
				chromedp.WaitNotVisible(`.topbar`, chromedp.ByQuery),
				waitJS(`document.body.classList.contains('server-panel') || !!document.querySelector('#weak-list li')?.offsetParent`))
			var panels int
			tb.run(t, chromedp.Evaluate(`(document.body.classList.contains('server-panel') ? 1 : 0) +
				(document.querySelector('#attention').offsetParent ? 1 : 0)`, &panels))
			assert.Equal(t, 1, panels, "the attention panel must show exactly once")
			var visibleTools bool
			tb.run(t, chromedp.Evaluate(`[...document.querySelectorAll('#panel > .tool:not(.attention)')].some((e) => e.offsetParent)`, &visibleTools))
			assert.False(t, visibleTools, "tools are visible in presentation")
			var fill []float64
			// The picture is the map and, beside it, the server's legend and
			// panel (#present-side): measured together.
			tb.run(t, chromedp.Evaluate(`(() => { const rs = [...document.querySelectorAll('#diagram svg, #present-side svg')].map((svg) => {
					const r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal, s = Math.min(r.width / vb.width, r.height / vb.height);
					const w = vb.width * s, h = vb.height * s, x = r.left + (r.width - w) / 2, y = r.top + (r.height - h) / 2;
					return {x, y, r: x + w, b: y + h}; });
				const x = Math.min(...rs.map((q) => q.x)), y = Math.min(...rs.map((q) => q.y)), right = Math.max(...rs.map((q) => q.r)), bottom = Math.max(...rs.map((q) => q.b));
				return [(right - x) / innerWidth, (bottom - y) / innerHeight, bottom / innerHeight]; })()`, &fill))
			require.Len(t, fill, 3)
			assert.True(t, fill[0] > 0.65 || fill[1] > 0.9, "the picture is small: %.2f of the width, %.2f of the height", fill[0], fill[1])
			assert.LessOrEqual(t, fill[2], 1.001, "the picture runs off the screen")
			tb.screenshot(t, "present-"+size.name)
			tb.run(t, chromedp.KeyEvent(kb_Escape), waitJS(`!document.body.classList.contains('presenting')`),
				chromedp.WaitVisible(`.topbar`, chromedp.ByQuery), waitJS(`document.activeElement.id === 'btn-present'`))
			tb.clean(t)
		})
	}
}

// TestWorkshop_Print looks at the map page as the printer sees it: the
// diagram and the attention panel, no tools and no page header.
func TestWorkshop_Print(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, demoMap())
	tb := newBrowser(t, 1123, 794) // A4 landscape at 96 dpi
	tb.run(t, chromedp.Navigate(m.ViewURL), waitJS(countJS(`#diagram g.function`, 7)),
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.WaitNotVisible(`#selection`, chromedp.ByQuery),
		chromedp.WaitNotVisible(`.topbar`, chromedp.ByQuery),
		chromedp.WaitVisible(`#attention`, chromedp.ByQuery))
	var h float64
	tb.run(t, chromedp.Evaluate(`document.querySelector('#diagram svg').getBoundingClientRect().height`, &h))
	assert.Greater(t, h, 400.0, "the printed diagram is small")
	tb.screenshot(t, "print")
	tb.clean(t)
}
