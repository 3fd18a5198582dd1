package browsertest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fnSel(id string) string  { return fmt.Sprintf(`g.function[data-function-id="%s"]`, id) }
func relSel(id string) string { return fmt.Sprintf(`g.relation[data-relation-id="%s"]`, id) }

// countJS is an expression that is true when selector matches n elements.
func countJS(selector string, n int) string {
	return fmt.Sprintf(`document.querySelectorAll(%q).length === %d`, selector, n)
}

// TestWorkshop_Smoke is the quick test of the default run: create a map on
// the front page, add three functions, connect two, rate the relation Low,
// see it in the server's SVG, reload and see it kept.
func TestWorkshop_Smoke(t *testing.T) {
	s := newSite(t)
	tb := newBrowser(t, 1366, 768)
	tb.run(t, chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(`#create-form`, chromedp.ByQuery),
		chromedp.SendKeys(`#create-title`, "Røgfri skole", chromedp.ByQuery),
		chromedp.Click(`#create-form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#created`, chromedp.ByQuery))
	var editURL string
	tb.run(t, chromedp.Value(`#created-edit`, &editURL, chromedp.ByQuery))
	require.Contains(t, editURL, "#edit=")
	id := strings.TrimPrefix(strings.SplitN(editURL, "#", 2)[0], s.URL+"/m/")
	edit := strings.SplitN(editURL, "#edit=", 2)[1]

	tb.run(t, chromedp.Click(`#created-open`, chromedp.ByQuery), chromedp.WaitVisible(`#add-name`, chromedp.ByQuery), waitLive())
	for i, name := range []string{"Eleverne", "Lærerne", "Forældrene"} {
		tb.run(t, chromedp.SendKeys(`#add-name`, name+"\r", chromedp.ByQuery), waitJS(countJS(`#diagram g.function`, i+1)))
	}
	ids := map[string]string{}
	for _, f := range s.get(t, id, edit).Functions {
		ids[f.Name] = f.ID
	}
	require.Len(t, ids, 3)

	// Connect two with the pickers; the new relation is selected, so the
	// key 3 rates it Low.
	tb.run(t, chromedp.SetValue(`#connect-a`, ids["Eleverne"], chromedp.ByQuery),
		chromedp.SetValue(`#connect-b`, ids["Lærerne"], chromedp.ByQuery),
		chromedp.Click(`#connect-form button[type=submit]`, chromedp.ByQuery),
		waitJS(countJS(`#diagram g.relation`, 1)),
		waitJS(`!document.querySelector('#sel-relation').hidden`),
		chromedp.KeyEvent("3"),
		waitJS(countJS(`#diagram g.relation.rating-3`, 1)))
	m := s.get(t, id, edit)
	require.Len(t, m.Relations, 1)
	require.NotNil(t, m.Relations[0].Rating)
	assert.Equal(t, 3, *m.Relations[0].Rating)
	var source string
	tb.run(t, waitVersion(m.Version), chromedp.AttributeValue(`#diagram`, "data-source", &source, nil, chromedp.ByQuery))
	assert.Equal(t, "server", source, "the diagram is not the server's SVG")

	// Reload: the rating comes back from the server.
	tb.run(t, chromedp.Reload(), waitVersion(m.Version), waitJS(countJS(`#diagram g.function`, 3)),
		waitJS(countJS(`#diagram g.relation.rating-3`, 1)), waitLive())
	tb.screenshot(t, "smoke")
	tb.clean(t)
}

// TestWorkshop_BuildRatePersist is the main flow by mouse: create a map on
// the front page, add three functions, connect them by clicking circles and
// with the pickers, rate one Low, see it in the SVG, reload and see it kept.
func TestWorkshop_BuildRatePersist(t *testing.T) {
	slow(t)
	s := newSite(t)
	tb := newBrowser(t, 1920, 1080)

	tb.run(t,
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(`#create-form`, chromedp.ByQuery),
		chromedp.SendKeys(`#create-title`, "Demensindsats", chromedp.ByQuery),
		chromedp.SendKeys(`#create-task`, "Sammenhængende forløb for hjemmeboende borgere med demens", chromedp.ByQuery),
		chromedp.Click(`#create-form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#created`, chromedp.ByQuery),
	)
	var editURL, viewURL string
	tb.run(t, chromedp.Value(`#created-edit`, &editURL, chromedp.ByQuery), chromedp.Value(`#created-view`, &viewURL, chromedp.ByQuery))
	require.Contains(t, editURL, "#edit=")
	require.Contains(t, viewURL, "#view=")
	tb.screenshot(t, "front-created")

	tb.run(t, chromedp.Click(`#created-open`, chromedp.ByQuery), chromedp.WaitVisible(`#add-name`, chromedp.ByQuery))
	id := strings.TrimPrefix(strings.SplitN(editURL, "#", 2)[0], s.URL+"/m/")
	edit := strings.SplitN(editURL, "#edit=", 2)[1]

	// Add three functions by typing a name and pressing Enter.
	for i, f := range []struct{ name, group string }{{"Borgeren", ""}, {"Hjemmeplejen", "Kommune"}, {"Egen læge", "Almen praksis"}} {
		tb.run(t, chromedp.Evaluate(fmt.Sprintf(`document.querySelector('#add-group').value = %q`, f.group), nil),
			chromedp.SendKeys(`#add-name`, f.name+"\r", chromedp.ByQuery),
			waitJS(countJS(`#diagram g.function`, i+1)))
	}
	m := s.get(t, id, edit)
	require.Len(t, m.Functions, 3)
	ids := map[string]string{}
	for _, f := range m.Functions {
		ids[f.Name] = f.ID
	}
	borger, hjem, laege := ids["Borgeren"], ids["Hjemmeplejen"], ids["Egen læge"]

	// Mark the citizen as the centre.
	clickFn(t, tb, borger)
	tb.run(t, chromedp.WaitVisible(`#btn-center`, chromedp.ByQuery),
		chromedp.Click(`#btn-center`, chromedp.ByQuery),
		waitJS(`document.querySelector('#btn-center').disabled`))
	// Connect by clicking one circle, then another.
	tb.run(t, chromedp.KeyEvent(kb_Escape), waitJS(`document.querySelector('#sel-function').hidden`))
	clickFn(t, tb, hjem)
	tb.run(t, waitJS(`!document.querySelector('#sel-function').hidden`))
	clickFn(t, tb, laege)
	tb.run(t, waitJS(countJS(`#diagram g.relation`, 1)))
	// And with the two pickers.
	tb.run(t, chromedp.SetValue(`#connect-a`, borger, chromedp.ByQuery),
		chromedp.SetValue(`#connect-b`, hjem, chromedp.ByQuery),
		chromedp.Click(`#connect-form button[type=submit]`, chromedp.ByQuery),
		waitJS(countJS(`#diagram g.relation`, 2)),
		waitJS(`document.querySelector('#sel-r-name').textContent.includes('Borgeren')`))

	m = s.get(t, id, edit)
	require.Len(t, m.Relations, 2)
	var weak string
	for _, r := range m.Relations {
		if (r.A == hjem && r.B == laege) || (r.A == laege && r.B == hjem) {
			weak = r.ID
		}
	}
	require.NotEmpty(t, weak, "no relation between the clicked circles")

	// Rate it Low with the key 3, then write a note.
	clickLine(t, tb, weak)
	tb.run(t, waitJS(`document.querySelector('#sel-r-name').textContent.includes('Egen læge')`),
		chromedp.KeyEvent("3"),
		waitJS(countJS(`#diagram g.relation.rating-3`, 1)),
		chromedp.SendKeys(`#note`, "Medicinlister opdateres ikke", chromedp.ByQuery),
		chromedp.Click(`#note-form button[type=submit]`, chromedp.ByQuery),
		waitJS(`document.querySelector('#weak-list').textContent.includes('Medicinlister')`))
	// And rate the other High with the button.
	var other string
	for _, r := range m.Relations {
		if r.ID != weak {
			other = r.ID
		}
	}
	tb.run(t, clickAt(`[data-select="r:`+other+`"]`),
		chromedp.Click(`#sel-relation [data-rate="1"]`, chromedp.ByQuery),
		waitJS(countJS(`#diagram g.relation.rating-1`, 1)))
	tb.run(t, waitJS(fmt.Sprintf(`document.querySelector('%s').dataset.rating === '3'`, relSel(weak))))

	// Drag Egen læge; the position is saved as a pin.
	tb.run(t, chromedp.Evaluate(`window.scrollTo(0, 0)`, nil))
	var box []float64
	tb.run(t, chromedp.Evaluate(fmt.Sprintf(`(() => { const r = document.querySelector('%s circle').getBoundingClientRect(); return [r.x + r.width/2, r.y + r.height/2]; })()`, fnSel(laege)), &box))
	tb.run(t, chromedp.ActionFunc(func(ctx contextT) error {
		x, y := box[0], box[1]
		if err := input.DispatchMouseEvent(input.MousePressed, x, y).WithButton(input.Left).WithClickCount(1).Do(ctx); err != nil {
			return err
		}
		for i := 1; i <= 10; i++ {
			if err := input.DispatchMouseEvent(input.MouseMoved, x+float64(i)*8, y+float64(i)*5).WithButton(input.Left).Do(ctx); err != nil {
				return err
			}
		}
		return input.DispatchMouseEvent(input.MouseReleased, x+80, y+50).WithButton(input.Left).WithClickCount(1).Do(ctx)
	}))
	require.Eventually(t, func() bool {
		for _, f := range s.get(t, id, edit).Functions {
			if f.ID == laege {
				return f.X != nil && f.Y != nil
			}
		}
		return false
	}, 10*time.Second, 50*time.Millisecond, "dragging did not pin the function")
	tb.run(t, waitJS(`!document.querySelector('#diagram g.function.dragging')`))
	tb.run(t, clickAt(`[data-select="r:`+weak+`"]`))
	tb.screenshot(t, "map-editing")

	// Reload: everything is still there, from the server.
	tb.run(t, chromedp.Reload(), waitJS(countJS(`#diagram g.relation.rating-3`, 1)), waitJS(countJS(`#diagram g.function`, 3)))
	m = s.get(t, id, edit)
	for _, r := range m.Relations {
		if r.ID == weak {
			require.NotNil(t, r.Rating)
			assert.Equal(t, 3, *r.Rating)
			assert.Equal(t, "Medicinlister opdateres ikke", r.Note)
		}
	}
	var source string
	tb.run(t, chromedp.AttributeValue(`#diagram`, "data-source", &source, nil, chromedp.ByQuery))
	t.Logf("diagram drawn by: %s", source)

	// Presentation mode: the tools and the page's own header go; the
	// server's picture (title, legend, footer) fills the screen, and the
	// attention panel is the server's or, failing that, the page's.
	tb.run(t, chromedp.Click(`#btn-present`, chromedp.ByQuery),
		waitJS(`document.body.classList.contains('presenting')`),
		chromedp.WaitNotVisible(`#add-form`, chromedp.ByQuery),
		chromedp.WaitNotVisible(`.topbar`, chromedp.ByQuery),
		waitJS(`document.body.classList.contains('server-panel') || !!document.querySelector('#weak-list li')?.offsetParent`))
	var fill []float64
	// The picture is the map and the server's panel beside it, together.
	tb.run(t, chromedp.Evaluate(`(() => { const rs = [...document.querySelectorAll('#diagram svg, #present-side svg')].map((svg) => {
					const r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal, s = Math.min(r.width / vb.width, r.height / vb.height);
					const w = vb.width * s, h = vb.height * s, x = r.left + (r.width - w) / 2, y = r.top + (r.height - h) / 2;
					return {x, y, r: x + w, b: y + h}; });
				const x = Math.min(...rs.map((q) => q.x)), y = Math.min(...rs.map((q) => q.y)), right = Math.max(...rs.map((q) => q.r)), bottom = Math.max(...rs.map((q) => q.b));
		return [(right - x) / innerWidth, (bottom - y) / innerHeight]; })()`, &fill))
	require.Len(t, fill, 2)
	assert.True(t, fill[0] > 0.65 || fill[1] > 0.9, "the picture is small in presentation: %.2f of the width, %.2f of the height", fill[0], fill[1])
	tb.screenshot(t, "presentation")
	tb.run(t, chromedp.KeyEvent(kb_Escape), waitJS(`!document.body.classList.contains('presenting')`))

	// The QR code of the view link.
	tb.run(t, chromedp.Click(`#btn-qr-view`, chromedp.ByQuery),
		waitJS(`document.querySelector('#qr-dialog').open && document.querySelector('#qr-box img')?.naturalWidth > 0`))
	tb.screenshot(t, "qr")
	tb.run(t, chromedp.Click(`#qr-dialog form button`, chromedp.ByQuery))

	// English.
	tb.run(t, chromedp.Click(`#btn-lang`, chromedp.ByQuery), waitJS(`document.documentElement.lang === 'en'`))
	assert.Equal(t, "Add a function", textOf(t, tb, `#add-h`))
	tb.run(t, chromedp.Click(`#btn-lang`, chromedp.ByQuery), waitJS(`document.documentElement.lang === 'da'`))

	// The front page lists the map.
	tb.run(t, chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(`#recent-list li`, chromedp.ByQuery))
	assert.Contains(t, textOf(t, tb, `#recent-list`), "Demensindsats")
	tb.screenshot(t, "front")
	tb.clean(t)
}

// TestWorkshop_DeleteUndo deletes a function with its relations and undoes it.
func TestWorkshop_DeleteUndo(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, map[string]any{"title": "Fortryd", "functions": []map[string]any{
		{"id": "a", "name": "Alfa"}, {"id": "b", "name": "Beta"}, {"id": "c", "name": "Gamma"}},
		"relations": []map[string]any{{"id": "r1", "a": "a", "b": "b", "rating": 3, "note": "svær"}, {"id": "r2", "a": "a", "b": "c", "rating": 1}}})
	tb := newBrowser(t, 1920, 1080)
	tb.run(t, chromedp.Navigate(m.EditURL), waitJS(countJS(`#diagram g.function`, 3)),
		clickAt(`[data-select="f:a"]`),
		chromedp.Click(`#btn-del-f`, chromedp.ByQuery),
		waitJS(countJS(`#diagram g.function`, 2)),
		chromedp.WaitVisible(`#toast-undo`, chromedp.ByQuery))
	assert.Contains(t, textOf(t, tb, `#toast-text`), "Slettet")
	assert.Len(t, s.get(t, m.ID, m.EditToken).Relations, 0)
	tb.run(t, chromedp.Click(`#toast-undo`, chromedp.ByQuery), waitJS(countJS(`#diagram g.relation`, 2)))
	got := s.get(t, m.ID, m.EditToken)
	require.Len(t, got.Functions, 3)
	require.Len(t, got.Relations, 2)
	for _, r := range got.Relations {
		if r.ID == "r1" {
			require.NotNil(t, r.Rating)
			assert.Equal(t, 3, *r.Rating)
			assert.Equal(t, "svær", r.Note)
		}
	}
	tb.clean(t)
}

// TestWorkshop_LiveUpdate: a second tab sees an edit from the first within
// a second of the write. Both moments are taken in the browser, so a slow
// test machine cannot stretch them: when the first tab's POST was answered
// (Resource Timing) and when the second tab showed the new version.
func TestWorkshop_LiveUpdate(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, map[string]any{"title": "Live", "functions": []map[string]any{{"id": "a", "name": "Alfa"}}})
	v0 := s.get(t, m.ID, m.EditToken).Version
	one := newBrowser(t, 1920, 1080)
	two := one.newTab(t)
	for _, tb := range []*tab{one, two} {
		tb.run(t, chromedp.Navigate(m.EditURL), waitVersion(v0), waitJS(countJS(`#diagram g.function`, 1)), waitLive())
	}
	two.run(t, chromedp.Evaluate(`window.__shownAt = {};
		new MutationObserver(() => {
			const v = document.querySelector('#diagram').dataset.version;
			if (!(v in window.__shownAt)) window.__shownAt[v] = performance.timeOrigin + performance.now();
		}).observe(document.querySelector('#diagram'), { attributes: true, attributeFilter: ['data-version'] });`, nil))

	one.run(t, chromedp.SendKeys(`#add-name`, "Beta\r", chromedp.ByQuery), waitJS(countJS(`#diagram g.function`, 2)))
	v := s.get(t, m.ID, m.EditToken).Version
	require.Greater(t, v, v0)
	two.run(t, waitVersion(v), waitJS(countJS(`#diagram g.function`, 2)))

	var wrote, shown float64
	one.run(t, chromedp.Evaluate(`(() => {
		const e = performance.getEntriesByType('resource').filter((e) => /\/functions$/.test(e.name)).pop();
		return e ? performance.timeOrigin + e.responseEnd : 0; })()`, &wrote))
	two.run(t, chromedp.Evaluate(fmt.Sprintf(`window.__shownAt['%d'] || 0`, v), &shown))
	require.NotZero(t, wrote, "the first tab's POST …/functions is not in its resource timing")
	require.NotZero(t, shown, "the second tab never recorded showing version %d", v)
	lag := time.Duration((shown - wrote) * float64(time.Millisecond))
	t.Logf("the second tab showed version %d %v after the first tab's write was answered", v, lag)
	assert.LessOrEqual(t, lag, time.Second, "the second tab showed the edit %v after the write; want within 1s", lag)
	one.clean(t)
	two.clean(t)
}

// TestWorkshop_KeyboardOnly builds and rates a map without the mouse.
func TestWorkshop_KeyboardOnly(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, map[string]any{"title": "Tastatur"})
	tb := newBrowser(t, 1920, 1080)
	tb.run(t, chromedp.Navigate(m.EditURL), chromedp.WaitVisible(`#add-name`, chromedp.ByQuery))

	tabTo(t, tb, `#add-name`)
	for i, name := range []string{"Alfa", "Beta", "Gamma"} {
		tb.run(t, chromedp.KeyEvent(name+"\r"), waitJS(countJS(`#diagram g.function`, i+1)))
	}
	// The pickers: Alfa, Beta, Gamma are sorted by name.
	// A closed <select> picks the option whose name starts with the typed letter.
	tabTo(t, tb, `#connect-a`)
	tb.run(t, chromedp.KeyEvent("A"), waitJS(`document.querySelector('#connect-a').selectedOptions[0].text === 'Alfa'`))
	tabTo(t, tb, `#connect-b`)
	tb.run(t, chromedp.KeyEvent("G"), waitJS(`document.querySelector('#connect-b').selectedOptions[0].text === 'Gamma'`))
	tabTo(t, tb, `#connect-form button`)
	tb.run(t, chromedp.KeyEvent("\r"), waitJS(countJS(`#diagram g.relation`, 1)))

	// Reach the relation in the diagram by Tab, rate it Low with 3.
	tabTo(t, tb, `#diagram g.relation`)
	tb.run(t, chromedp.KeyEvent("\r"), waitJS(`!document.querySelector('#sel-relation').hidden`),
		chromedp.KeyEvent("3"), waitJS(countJS(`#diagram g.relation.rating-3`, 1)))
	// The focus stays on the relation after the diagram is redrawn, so the
	// next key works too: 2, then 0 clears.
	tb.run(t, waitJS(`document.activeElement.matches('#diagram g.relation')`),
		chromedp.KeyEvent("2"), waitJS(countJS(`#diagram g.relation.rating-2`, 1)),
		chromedp.KeyEvent("0"), waitJS(countJS(`#diagram g.relation.rating-none`, 1)),
		chromedp.KeyEvent("3"), waitJS(countJS(`#diagram g.relation.rating-3`, 1)))
	tb.screenshot(t, "keyboard-focus")
	got := s.get(t, m.ID, m.EditToken)
	require.Len(t, got.Relations, 1)
	require.NotNil(t, got.Relations[0].Rating)
	assert.Equal(t, 3, *got.Relations[0].Rating)
	names := map[string]bool{}
	for _, f := range got.Functions {
		if f.ID == got.Relations[0].A || f.ID == got.Relations[0].B {
			names[f.Name] = true
		}
	}
	assert.Equal(t, map[string]bool{"Alfa": true, "Gamma": true}, names)

	// Delete with the Delete key, then Escape clears nothing harmful.
	tb.run(t, chromedp.KeyEvent(kb_Delete), waitJS(countJS(`#diagram g.relation`, 0)),
		chromedp.WaitVisible(`#toast-undo`, chromedp.ByQuery))
	tb.clean(t)
}

// TestWorkshop_412 changes the map behind the page's back (its live updates
// blocked, as on a flaky network), then edits in the page: the write is
// refused, the page reloads and says why, in Danish.
func TestWorkshop_412(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, map[string]any{"title": "Samtidig", "functions": []map[string]any{{"id": "a", "name": "Alfa"}, {"id": "b", "name": "Beta"}},
		"relations": []map[string]any{{"id": "r1", "a": "a", "b": "b"}}})
	tb := newBrowser(t, 1920, 1080)
	tb.run(t, network.Enable(), network.SetBlockedURLs().WithURLPatterns([]*network.BlockPattern{{URLPattern: "*://*:*/api/v1/maps/*/events?*", Block: true}}),
		chromedp.Navigate(m.EditURL), waitJS(countJS(`#diagram g.function`, 2)))

	require.Equal(t, 201, s.call(t, "POST", "/api/v1/maps/"+m.ID+"/functions", m.EditToken, map[string]any{"name": "Udefra"}, nil))

	tb.run(t, clickAt(`[data-select="r:r1"]`), chromedp.KeyEvent("3"),
		chromedp.WaitVisible(`#alert`, chromedp.ByQuery),
		waitJS(countJS(`#diagram g.function`, 3)))
	assert.Contains(t, textOf(t, tb, `#alert-text`), "ændret af en anden")
	got := s.get(t, m.ID, m.EditToken)
	assert.Nil(t, got.Relations[0].Rating, "the stale write must not have been applied")
	tb.screenshot(t, "conflict-412")

	// Trying again now works.
	tb.run(t, chromedp.Click(`#alert-close`, chromedp.ByQuery), clickAt(`[data-select="r:r1"]`),
		chromedp.KeyEvent("3"), waitJS(countJS(`#diagram g.relation.rating-3`, 1)))
	tb.run(t, chromedp.Evaluate(`window.__csp = []`, nil))
	tb.mu.Lock()
	tb.errors = nil // the refused write is logged on purpose (console.warn is not an error, but be safe)
	tb.mu.Unlock()
	tb.clean(t)
}

// TestWorkshop_Phone looks at the front page and the map on a phone-sized
// screen and with a view link.
func TestWorkshop_Phone(t *testing.T) {
	slow(t)
	s := newSite(t)
	m := s.create(t, map[string]any{"title": "Demensindsats", "task": "Sammenhængende forløb for hjemmeboende borgere med demens",
		"functions": []map[string]any{{"id": "borger", "name": "Borgeren", "center": true}, {"id": "hp", "name": "Hjemmeplejen", "group": "Kommune"},
			{"id": "laege", "name": "Egen læge", "group": "Almen praksis"}, {"id": "pa", "name": "Pårørende", "group": "Familie"}},
		"relations": []map[string]any{{"a": "hp", "b": "laege", "rating": 3, "note": "Medicinlister opdateres ikke"},
			{"a": "borger", "b": "hp", "rating": 1}, {"a": "pa", "b": "hp", "rating": 2}, {"a": "borger", "b": "laege"}}})
	tb := newBrowser(t, 390, 844)
	tb.run(t, chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(`#create-form`, chromedp.ByQuery))
	tb.screenshot(t, "phone-front")
	tb.run(t, chromedp.Navigate(m.ViewURL), waitJS(countJS(`#diagram g.relation`, 4)))
	var editVisible bool
	tb.run(t, chromedp.Evaluate(`!!document.querySelector('#add-form').offsetParent`, &editVisible))
	assert.False(t, editVisible, "a view link must not show the editing tools")
	assert.Equal(t, "Kun visning", textOf(t, tb, `#mode-badge`))
	tb.screenshot(t, "phone-map-view")
	var overflow bool
	tb.run(t, chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow))
	assert.False(t, overflow, "the page scrolls sideways on a phone")
	tb.clean(t)
}

// clickLine clicks a relation's line at the first point along it where the
// line itself is on top (not a circle, not another line drawn across it).
func clickLine(t *testing.T, tb *tab, rid string) {
	t.Helper()
	var xy []float64
	tb.run(t, idle(), chromedp.Evaluate(fmt.Sprintf(`(() => {
		const l = document.querySelector('%s line'), svg = l.ownerSVGElement, p = svg.createSVGPoint();
		for (let f = 0.1; f < 0.95; f += 0.05) {
			p.x = l.x1.baseVal.value + (l.x2.baseVal.value - l.x1.baseVal.value) * f;
			p.y = l.y1.baseVal.value + (l.y2.baseVal.value - l.y1.baseVal.value) * f;
			const q = p.matrixTransform(svg.getScreenCTM());
			const g = document.elementFromPoint(q.x, q.y)?.closest('g.relation');
			if (g && g.dataset.relationId === %q) return [q.x, q.y];
		}
		return [];
	})()`, relSel(rid), rid), &xy))
	require.Len(t, xy, 2, "relation %s is nowhere on top", rid)
	tb.run(t, chromedp.MouseClickXY(xy[0], xy[1]))
}

// clickFn clicks the middle of a function's circle (by position: the
// diagram's nodes are replaced on every update).
func clickFn(t *testing.T, tb *tab, fid string) {
	t.Helper()
	var xy []float64
	tb.run(t, waitJS(fmt.Sprintf(`!!document.querySelector('%s circle')`, fnSel(fid))), idle())
	tb.run(t, chromedp.Evaluate(fmt.Sprintf(`(() => { const r = document.querySelector('%s circle').getBoundingClientRect(); return [r.x + r.width/2, r.y + r.height/2]; })()`, fnSel(fid)), &xy))
	tb.run(t, chromedp.MouseClickXY(xy[0], xy[1]))
}

// clickAt clicks the middle of the element selector matches, found afresh
// (the page rebuilds its lists on every update, so node ids go stale).
func clickAt(selector string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx contextT) error {
		var xy []float64
		if err := chromedp.Run(ctx, idle(), waitJS(fmt.Sprintf(`!!document.querySelector(%q)`, selector)),
			chromedp.Evaluate(fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect(); return [r.x + r.width/2, r.y + r.height/2]; })()`, selector), &xy)); err != nil {
			return err
		}
		return chromedp.MouseClickXY(xy[0], xy[1]).Do(ctx)
	})
}
