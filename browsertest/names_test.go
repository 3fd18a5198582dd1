package browsertest

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pageCall runs fn of the page's module /filename.js on each of args and
// returns the answers.
func pageCall(t *testing.T, tb *tab, fn string, args []string) []string {
	t.Helper()
	b, err := json.Marshal(args)
	require.NoError(t, err)
	var out []string
	tb.run(t, chromedp.Evaluate(fmt.Sprintf(`import('/filename.js').then((m) => %s.map((x) => m.%s(x)))`, b, fn), &out,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	require.Len(t, out, len(args))
	return out
}

// TestPage_FileNames: the page names a download as the server does. It
// reads the server's Content-Disposition, and where there is none it makes
// the name by the server's slug rule.
func TestPage_FileNames(t *testing.T) {
	slow(t)
	s := newSite(t)
	tb := newBrowser(t, 1024, 640)
	tb.run(t, chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(`#create-form`, chromedp.ByQuery))

	slugs := []struct {
		title, want string
		edge        bool // the 60-character cut falls on a '-'
	}{
		{"Demensindsats", "demensindsats", false},
		{"Børn & unge <i>i</i> mistrivsel", "boern-unge-i-i-i-mistrivsel", false},
		{"Ærø – Åbenrå", "aeroe-aabenraa", false},
		{"Müller Straße", "mueller-strasse", false},
		{"Ärger über Öl", "aerger-ueber-oel", false},
		{"Crème brûlée à la café", "creme-brulee-a-la-cafe", false},
		{"  --Hej--  ", "hej", false},
		{"???", "relationskort", false},
		{"Sammenhængende forløb for hjemmeboende borgere med demens i Region Hovedstaden",
			"sammenhaengende-forloeb-for-hjemmeboende-borgere-med-demens", true},
		{"Sammenhængende forløb for hjemmeboende borgere med demenssygdom",
			"sammenhaengende-forloeb-for-hjemmeboende-borgere-med-demenss", false},
	}
	titles := make([]string, len(slugs))
	for i, tt := range slugs {
		titles[i] = tt.title
	}
	got := pageCall(t, tb, "slug", append(titles, ""))

	t.Run("Slug", func(t *testing.T) {
		for i, tt := range slugs {
			assert.Equal(t, tt.want, got[i], "slug(%q)", tt.title)
			assert.LessOrEqual(t, len(got[i]), 60, "slug(%q) is long", tt.title)
		}
		assert.Equal(t, "relationskort", got[len(slugs)], `slug("")`)
	})

	// The server's export names the same titles: its ASCII filename= is the
	// slug, and its filename* is what the page reads.
	t.Run("LikeServer", func(t *testing.T) {
		ascii := regexp.MustCompile(`(?:^|;)\s*filename="([^"]*)"`)
		headers := make([]string, len(slugs))
		for i, tt := range slugs {
			m := s.create(t, map[string]any{"title": tt.title})
			req, err := http.NewRequest("GET", s.URL+"/api/v1/maps/"+m.ID+"/export?format=json", nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+m.ViewToken)
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			res.Body.Close()
			require.Equal(t, http.StatusOK, res.StatusCode)
			headers[i] = res.Header.Get("Content-Disposition")
			name := ascii.FindStringSubmatch(headers[i])
			require.NotNil(t, name, "export of %q: Content-Disposition %q has no filename", tt.title, headers[i])
			assert.Equal(t, name[1], got[i]+".json", "export of %q: the server's name; the page's slug + .json", tt.title)
		}
		read := pageCall(t, tb, "dispositionName", headers)
		for i, h := range headers {
			_, params, err := mime.ParseMediaType(h)
			require.NoError(t, err, "Content-Disposition %q", h)
			assert.Equal(t, params["filename"], read[i], "dispositionName(%q)", h)
		}
	})

	t.Run("Disposition", func(t *testing.T) {
		tests := []struct{ header, want string }{
			{`attachment; filename="demensindsats.json"; filename*=UTF-8''Demensindsats.json`, "Demensindsats.json"},
			{`attachment; filename="boern.csv"; filename*=UTF-8''B%C3%B8rn%20og%20unge.csv`, "Børn og unge.csv"},
			{`attachment; filename*=utf-8'da'%C3%86r%C3%B8.dot`, "Ærø.dot"},
			{`inline; filename=relationskort.svg`, "relationskort.svg"},
			{`attachment; filename="a\"b.csv"`, `a"b.csv`},
			{`attachment; filename*=UTF-8''%E0%A4%A.csv; filename="reserve.csv"`, "reserve.csv"},
			{`attachment; filename="../../etc/passwd"`, "passwd"},
			{`inline`, ""},
			{``, ""},
		}
		headers := make([]string, len(tests))
		for i, tt := range tests {
			headers[i] = tt.header
		}
		read := pageCall(t, tb, "dispositionName", headers)
		for i, tt := range tests {
			assert.Equal(t, tt.want, read[i], "dispositionName(%q)", tt.header)
		}
	})
	tb.clean(t)
}
