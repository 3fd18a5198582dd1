package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relationskort/relationskort/api"
	"github.com/relationskort/relationskort/static"
	"github.com/relationskort/relationskort/store"
)

// demensDoc is the demens example map (static/examples/demens.json):
// relations r1 … r18 in the file's order.
func demensDoc(t *testing.T) string {
	t.Helper()
	doc, err := fs.ReadFile(static.Files, "examples/demens.json")
	require.NoError(t, err)
	return string(doc)
}

type roundReply struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	JoinToken  string `json:"join_token"`
	JoinURL    string `json:"join_url"`
	SnapshotID string `json:"snapshot_id"`
}

func (ts *testServer) startRound(t testing.TB, mapID, edit, body string) roundReply {
	t.Helper()
	rec := ts.do(t, req{method: "POST", path: "/api/v1/maps/" + mapID + "/rounds", token: edit, body: body})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var r roundReply
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &r))
	return r
}

// joinAs joins round rid for function from and returns the participant
// token.
func (ts *testServer) joinAs(t testing.TB, rid, join, from string) string {
	t.Helper()
	rec := ts.do(t, req{method: "POST", path: "/api/v1/rounds/" + rid + "/participants", token: join, body: `{"from":"` + from + `"}`})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var p struct {
		Token string `json:"participant_token"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
	require.Len(t, p.Token, 43)
	return p.Token
}

func (ts *testServer) answer(t *testing.T, rid, token, relation, answers string) {
	t.Helper()
	rec := ts.do(t, req{method: "PUT", path: "/api/v1/rounds/" + rid + "/responses/" + relation, token: token, body: `{"answers":` + answers + `}`})
	require.Equal(t, http.StatusOK, rec.Code, "%s %s: %s", relation, answers, rec.Body.String())
}

// TestRound_Demens: a round of 12 participants on the demens example with
// known answers; the results equal the table computed by hand, the close
// keeps the medians as a snapshot, and compare shows the change.
func TestRound_Demens(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demensDoc(t))
	base := "/api/v1/maps/" + c.ID
	rec := ts.do(t, req{method: "POST", path: base + "/snapshots", token: c.EditToken, body: `{"label":"Før runden"}`})
	require.Equal(t, http.StatusCreated, rec.Code)
	var before struct {
		ID string `json:"id"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &before))

	r := ts.startRound(t, c.ID, c.EditToken, `{"title":"Runde november","questions":["respekt","overall"]}`)
	assert.Equal(t, "open", r.Status)
	assert.Equal(t, "http://example.com/r/"+r.ID+"#join="+r.JoinToken, r.JoinURL, "the join token travels in the fragment")

	// The participants and their answers (overall unless said):
	//   home care h1–h4, the GP l1–l3, home nursing s1–s3, the dementia
	//   coordinator d1–d2.
	join := func(from string, n int) []string {
		var toks []string
		for range n {
			toks = append(toks, ts.joinAs(t, r.ID, r.JoinToken, from))
		}
		return toks
	}
	h, l, s, d := join("hjemmepleje", 4), join("laege", 3), join("sygepleje", 3), join("demenskoord", 2)
	ans := func(toks []string, rel string, answers ...string) {
		for i, a := range answers {
			if a != "" {
				ts.answer(t, r.ID, toks[i], rel, a)
			}
		}
	}
	o := func(x string) string { return `{"overall":` + x + `}` }
	// r7 home care–GP: home care 3 3 3 2, respekt 1 1 1 1; the GP 1 1 2,
	// respekt 3 3 3.
	ans(h, "r7", `{"overall":3,"respekt":1}`, `{"overall":3,"respekt":1}`, `{"overall":3,"respekt":1}`, `{"overall":2,"respekt":1}`)
	ans(l, "r7", `{"overall":1,"respekt":3}`, `{"overall":1,"respekt":3}`, `{"overall":2,"respekt":3}`)
	ans(h, "r5", o("1"), o("1"), o("2"), o("1")) // home care–home nursing
	ans(s, "r5", o("1"), o("2"), o("2"))
	ans(s, "r8", o("2"), o("2"), o("2"))    // home nursing–GP
	ans(l, "r8", o("2"), o("3"), o("null")) // a "ved ikke"
	ans(h, "r6", o("2"), o("2"), o("1"), o("1"))
	ans(d, "r6", o("3"), o("3"))
	ans(s, "r9", o("3"), o("3"))  // home nursing–geriatrics
	ans(d, "r12", o("3"), o("3")) // coordinator–geriatrics
	ans(h, "r1", o("2"), o("2"), o("2"), o("2"))
	ans(l, "r3", o("1"), o("2"), o("2"))
	ans(h, "r15", o("3"))
	// A change of mind: h4 first said 1 about r5, then 1 again after 3.
	ts.answer(t, r.ID, h[3], "r5", o("3"))
	ts.answer(t, r.ID, h[3], "r5", o("1"))

	rec = ts.do(t, req{method: "GET", path: base + "/rounds/" + r.ID + "/results", token: c.ViewToken})
	require.Equal(t, http.StatusConflict, rec.Code)
	assert.Equal(t, "round_open", decodeError(t, rec).Code, "no results while the round is open")

	rec = ts.do(t, req{method: "POST", path: base + "/rounds/" + r.ID + "/close", token: c.EditToken})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var closed roundReply
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &closed))
	assert.Equal(t, "closed", closed.Status)
	require.NotEmpty(t, closed.SnapshotID)

	rec = ts.do(t, req{method: "GET", path: base + "/rounds/" + r.ID + "/results", token: c.ViewToken})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var res struct {
		Lang         string `json:"lang"`
		Participants int    `json:"participants"`
		Functions    []struct {
			FunctionID   string `json:"function_id"`
			Participants int    `json:"participants"`
		} `json:"functions"`
		Relations []json.RawMessage `json:"relations"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &res))
	assert.Equal(t, "da", res.Lang)
	assert.Equal(t, 12, res.Participants)
	var turnout []string
	for _, f := range res.Functions {
		turnout = append(turnout, fmt.Sprintf("%s:%d", f.FunctionID, f.Participants))
	}
	assert.Equal(t, []string{"hjemmepleje:4", "sygepleje:3", "laege:3"}, turnout, "the coordinator's 2 are below the threshold")
	require.Len(t, res.Relations, 18)

	null := `{"combined":null,"a_to_b":null,"b_to_a":null,"asymmetry":null}`
	stat := func(n, c1, c2, c3, median int, dis string) string {
		return fmt.Sprintf(`{"n":%d,"counts":{"1":%d,"2":%d,"3":%d},"median":%d,"disagreement":%s}`, n, c1, c2, c3, median, dis)
	}
	// The table, computed by hand (lower median; disagreement = share
	// differing from it; k = 3).
	want := map[string]string{
		// r7: home care 3 3 3 2 (median 3, 1 of 4 differs), the GP 1 1 2
		// (median 1, 1 of 3); both shown, 2 apart. Combined 1 1 2 2 3 3 3:
		// place 4 is 2, 5 of 7 differ. Respekt: 1 1 1 1 against 3 3 3.
		"r7": `{"relation_id":"r7","a":"hjemmepleje","b":"laege","a_name":"Hjemmeplejen","b_name":"Egen læge",
			"combined":` + stat(7, 2, 2, 3, 2, "0.714286") + `,"a_to_b":` + stat(4, 0, 1, 3, 3, "0.25") + `,
			"b_to_a":` + stat(3, 2, 1, 0, 1, "0.333333") + `,"asymmetry":2,
			"dimensions":{"respekt":{"combined":` + stat(7, 4, 0, 3, 1, "0.428571") + `,"a_to_b":` + stat(4, 4, 0, 0, 1, "0") + `,
				"b_to_a":` + stat(3, 0, 0, 3, 3, "0") + `,"asymmetry":2}},
			"disputed":true,"one_sided":true,"reasons":[
			"Hjemmeplejen oplever samarbejdet med Egen læge som lavt (3); Egen læge oplever det som højt (1)",
			"Uenighed i rummet: 5 af 7 svar afviger fra medianen Middel (2); svarene spænder fra Høj (1) til Lav (3)"]}`,
		// r5: home care 1 1 2 1, home nursing 1 2 2: 1 against 2.
		"r5": `{"relation_id":"r5","a":"hjemmepleje","b":"sygepleje","a_name":"Hjemmeplejen","b_name":"Hjemmesygeplejen",
			"combined":` + stat(7, 4, 3, 0, 1, "0.428571") + `,"a_to_b":` + stat(4, 3, 1, 0, 1, "0.25") + `,
			"b_to_a":` + stat(3, 1, 2, 0, 2, "0.333333") + `,"asymmetry":1,"dimensions":{"respekt":` + null + `},
			"disputed":true,"one_sided":true,"reasons":[
			"Hjemmeplejen oplever samarbejdet med Hjemmesygeplejen som højt (1); Hjemmesygeplejen oplever det som middel (2)",
			"Uenighed i rummet: 3 af 7 svar afviger fra medianen Høj (1); svarene spænder fra Høj (1) til Middel (2)"]}`,
		// r8: home nursing 2 2 2, the GP 2 3 (and a "ved ikke"): the GP's two
		// are below the threshold, so both directions are hidden.
		"r8": `{"relation_id":"r8","a":"sygepleje","b":"laege","a_name":"Hjemmesygeplejen","b_name":"Egen læge",
			"combined":` + stat(5, 0, 4, 1, 2, "0.2") + `,"a_to_b":null,"b_to_a":null,"asymmetry":null,
			"dimensions":{"respekt":` + null + `},"disputed":false,"one_sided":false,"reasons":[]}`,
		// r6: home care 2 2 1 1, the coordinators 3 3: combined only.
		"r6": `{"relation_id":"r6","a":"hjemmepleje","b":"demenskoord","a_name":"Hjemmeplejen","b_name":"Demenskoordinator",
			"combined":` + stat(6, 2, 2, 2, 2, "0.666667") + `,"a_to_b":null,"b_to_a":null,"asymmetry":null,
			"dimensions":{"respekt":` + null + `},"disputed":true,"one_sided":false,"reasons":[
			"Uenighed i rummet: 4 af 6 svar afviger fra medianen Middel (2); svarene spænder fra Høj (1) til Lav (3)"]}`,
		// r1: only home care (b) answered: b→a shown, combined the same.
		"r1": `{"relation_id":"r1","a":"borger","b":"hjemmepleje","a_name":"Borgeren og de pårørende","b_name":"Hjemmeplejen",
			"combined":` + stat(4, 0, 4, 0, 2, "0") + `,"a_to_b":null,"b_to_a":` + stat(4, 0, 4, 0, 2, "0") + `,"asymmetry":null,
			"dimensions":{"respekt":` + null + `},"disputed":false,"one_sided":false,"reasons":[]}`,
		"r3": `{"relation_id":"r3","a":"borger","b":"laege","a_name":"Borgeren og de pårørende","b_name":"Egen læge",
			"combined":` + stat(3, 1, 2, 0, 2, "0.333333") + `,"a_to_b":null,"b_to_a":` + stat(3, 1, 2, 0, 2, "0.333333") + `,"asymmetry":null,
			"dimensions":{"respekt":` + null + `},"disputed":false,"one_sided":false,"reasons":[]}`,
	}
	// Two answers (r9, r12) and one (r15) are below the threshold; the
	// rest have none.
	ratings := map[string]int{}
	for _, raw := range res.Relations {
		var head struct {
			ID       string `json:"relation_id"`
			Combined *struct {
				Median int `json:"median"`
			} `json:"combined"`
		}
		require.NoError(t, json.Unmarshal(raw, &head))
		if w, ok := want[head.ID]; ok {
			assert.JSONEq(t, w, string(raw), head.ID)
		} else {
			assert.Nil(t, head.Combined, "%s: %s", head.ID, raw)
		}
		if head.Combined != nil {
			ratings[head.ID] = head.Combined.Median
		}
	}

	t.Run("Snapshot", func(t *testing.T) {
		rec := ts.do(t, req{method: "GET", path: base + "/snapshots/" + closed.SnapshotID, token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code)
		var sn struct {
			Label string `json:"label"`
			Map   struct {
				Relations []struct {
					ID     string `json:"id"`
					Rating *int   `json:"rating"`
				} `json:"relations"`
			} `json:"map"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &sn))
		assert.Equal(t, "Runde november", sn.Label)
		got := map[string]int{}
		for _, rel := range sn.Map.Relations {
			if rel.Rating != nil {
				got[rel.ID] = *rel.Rating
			}
		}
		assert.Equal(t, map[string]int{"r7": 2, "r5": 1, "r8": 2, "r6": 2, "r1": 2, "r3": 2}, got)
		assert.Equal(t, ratings, got, "the snapshot's ratings are the combined medians")
	})
	t.Run("Compare", func(t *testing.T) {
		rec := ts.do(t, req{method: "GET", path: base + "/compare?from=" + before.ID + "&to=" + closed.SnapshotID, token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		var cmp struct {
			Changes []struct {
				RelationID string `json:"relation_id"`
				Before     *int   `json:"before"`
				After      *int   `json:"after"`
				Change     string `json:"change"`
			} `json:"changes"`
			Counts map[string]int `json:"counts"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &cmp))
		kinds := map[string]string{}
		for _, ch := range cmp.Changes {
			kinds[ch.RelationID] = ch.Change
		}
		assert.Equal(t, "improved", kinds["r7"], "home care–GP: Low before, Middle in the room")
		assert.Equal(t, "unchanged", kinds["r5"])
		assert.Equal(t, "unrated", kinds["r9"], "too few answers: no rating")
		assert.Equal(t, map[string]int{"improved": 1, "worsened": 0, "unchanged": 6, "added": 0, "removed": 0, "rated": 0, "unrated": 11}, cmp.Counts)
	})
	t.Run("Analysis", func(t *testing.T) {
		rec := ts.do(t, req{method: "GET", path: base + "/analysis?lang=en&round=" + r.ID, token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		var a struct {
			Counts struct{ High, Middle, Low, Unrated int }
			Round  struct {
				Disputed []struct {
					RelationID string   `json:"relation_id"`
					Reasons    []string `json:"reasons"`
				} `json:"disputed"`
				OneSided []struct {
					RelationID string   `json:"relation_id"`
					AToB       int      `json:"a_to_b"`
					BToA       int      `json:"b_to_a"`
					Reasons    []string `json:"reasons"`
				} `json:"one_sided"`
			} `json:"round"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &a))
		assert.Equal(t, 1, a.Counts.High, "the analysis is of the round's map")
		assert.Equal(t, 5, a.Counts.Middle)
		var disputed, oneSided []string
		for _, x := range a.Round.Disputed {
			disputed = append(disputed, x.RelationID)
		}
		for _, x := range a.Round.OneSided {
			oneSided = append(oneSided, x.RelationID)
		}
		assert.Equal(t, []string{"r7", "r6", "r5"}, disputed, "most disagreement first")
		assert.Equal(t, []string{"r7", "r5"}, oneSided, "largest gap first")
		assert.Equal(t, "Hjemmeplejen experiences the cooperation with Egen læge as low (3); Egen læge experiences it as high (1)",
			a.Round.OneSided[0].Reasons[0])
	})
	t.Run("Export", func(t *testing.T) {
		rec := ts.do(t, req{method: "GET", path: base + "/rounds/" + r.ID + "/export?format=json", token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code)
		body := rec.Body.String()
		for _, tok := range append(append(append(h, l...), s...), d...) {
			assert.NotContains(t, body, tok, "no participant token")
		}
		assert.NotContains(t, body, "participant_id")
		var exp struct {
			Answers []map[string]any `json:"answers"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &exp))
		// Shown directions only: r7 overall and respekt (7 each), r5 (7),
		// r1 and r3 from one side (4 and 3).
		per := map[string]int{}
		for _, x := range exp.Answers {
			assert.Len(t, x, 5, "relation_id, from, to, question, rating: nothing else")
			per[x["relation_id"].(string)+"/"+x["question"].(string)]++
		}
		assert.Equal(t, map[string]int{"r7/overall": 7, "r7/respekt": 7, "r5/overall": 7, "r1/overall": 4, "r3/overall": 3}, per)

		rec = ts.do(t, req{method: "GET", path: base + "/rounds/" + r.ID + "/export?format=csv&table=aggregates", token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code)
		lines := strings.Split(strings.TrimPrefix(rec.Body.String(), "\ufeff"), "\r\n")
		assert.Equal(t, "Fra;Til;Spørgsmål;Samlet antal;Samlet Høj;Samlet Middel;Samlet Lav;Samlet median;Samlet uenighed;"+
			"Fra → til antal;Fra → til median;Fra → til uenighed;Til → fra antal;Til → fra median;Til → fra uenighed;Asymmetri", lines[0])
		assert.Contains(t, lines, "Hjemmeplejen;Egen læge;Samlet vurdering;7;2;2;3;2;0,714286;4;3;0,25;3;1;0,333333;2")
		assert.Contains(t, lines, "Hjemmesygeplejen;Egen læge;Samlet vurdering;5;0;4;1;2;0,2;;;;;;;")
		assert.Contains(t, rec.Header().Get("Content-Disposition"), "runde-november-aggregates.csv")
	})
	t.Run("Picture", func(t *testing.T) {
		rec := ts.do(t, req{method: "GET", path: base + "/map.svg?round=" + r.ID, token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code)
		plain := ts.do(t, req{method: "GET", path: base + "/map.svg", token: c.ViewToken})
		assert.NotEqual(t, plain.Body.String(), rec.Body.String(), "the round's medians are drawn, not the map's ratings")
		assert.NotEqual(t, plain.Header().Get("ETag"), rec.Header().Get("ETag"))
		svg := rec.Body.String()
		// the SVG contract of issue 15, with the hand-computed figures
		assert.Contains(t, svg, `<g class="relation rating-2 disputed asymmetric" data-relation-id="r7" data-rating="2" data-a="hjemmepleje" data-b="laege" data-median="2" data-disagreement="0.714286" data-a-to-b="3" data-b-to-a="1" >`)
		assert.Contains(t, svg, `<g class="relation rating-2 disputed" data-relation-id="r6" data-rating="2" data-a="hjemmepleje" data-b="demenskoord" data-median="2" data-disagreement="0.666667" data-a-to-b="" data-b-to-a="" >`,
			"both sides hidden by the coordinators' two")
		assert.Contains(t, svg, `data-relation-id="r9" data-rating="" data-a="sygepleje" data-b="geriatri" data-median="" data-disagreement="" data-a-to-b="" data-b-to-a=""`,
			"two answers: nothing shown")
		assert.Contains(t, svg, `data-range="1–3"`)
		assert.NotContains(t, plain.Body.String(), "data-median", "the map's own picture has no round figures")

		rec = ts.do(t, req{method: "GET", path: base + "/map.svg?panel=attention&lang=en&round=" + r.ID, token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code)
		assert.Contains(t, rec.Body.String(), ">Disagreement and one-sided ties<")
		assert.Contains(t, rec.Body.String(), `class="marker attention round" data-relation-id="r7"`)

		rec = ts.do(t, req{method: "GET", path: base + "/map.png?palette=colorblind&round=" + r.ID, token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code)
		assert.Equal(t, "image/png", rec.Header().Get("Content-Type"))
	})
	t.Run("Report", func(t *testing.T) {
		// issue 16, item 5: the report of a round has a page of its most
		// disputed and most one-sided ties, with the reasons the results give
		rec := ts.do(t, req{method: "GET", path: base + "/rounds/" + r.ID + "/results?lang=en", token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code)
		var res struct {
			Relations []struct {
				RelationID string   `json:"relation_id"`
				Reasons    []string `json:"reasons"`
			} `json:"relations"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &res))
		rec = ts.do(t, req{method: "GET", path: base + "/report.pdf?lang=en&round=" + r.ID, token: c.ViewToken})
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		text := strings.Join(strings.Fields(pdfToText(t, rec.Body.Bytes())), " ")
		for _, want := range []string{"Rating round: Runde november", "Most disputed ties", "Most one-sided ties", "Hjemmeplejen – Egen læge"} {
			assert.Contains(t, text, want)
		}
		reasons := 0
		for _, rr := range res.Relations {
			for _, reason := range rr.Reasons {
				assert.Contains(t, text, strings.Join(strings.Fields(reason), " "), "relation %s", rr.RelationID)
				reasons++
			}
		}
		assert.Positive(t, reasons)
		plain := ts.do(t, req{method: "GET", path: base + "/report.pdf?lang=en", token: c.ViewToken})
		assert.NotContains(t, pdfToText(t, plain.Body.Bytes()), "Rating round", "the map's own report has no round page")
		bad := ts.do(t, req{method: "GET", path: base + "/report.pdf?round=" + r.ID + "&snapshot=" + closed.SnapshotID, token: c.ViewToken})
		assert.Equal(t, http.StatusBadRequest, bad.Code)
		bad = ts.do(t, req{method: "GET", path: base + "/report.pdf?round=nope", token: c.ViewToken})
		assert.Equal(t, http.StatusBadRequest, bad.Code)
	})
}

// TestRound_ParticipantPower: the join and participant tokens open only
// their own part: not the map, its notes, the results or other answers.
func TestRound_ParticipantPower(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	base := "/api/v1/maps/" + c.ID
	r := ts.startRound(t, c.ID, c.EditToken, `{"title":"Runde","min_group":1}`)
	p1 := ts.joinAs(t, r.ID, r.JoinToken, "hjemmepleje")
	p2 := ts.joinAs(t, r.ID, r.JoinToken, "laege")
	ts.answer(t, r.ID, p1, "r1", `{"overall":3}`)
	ts.answer(t, r.ID, p2, "r1", `{"overall":1}`)

	for _, tok := range []string{r.JoinToken, p1} {
		for _, path := range []string{base, base + "/analysis", base + "/rounds", base + "/rounds/" + r.ID,
			base + "/rounds/" + r.ID + "/results", base + "/export"} {
			rec := ts.do(t, req{method: "GET", path: path, token: tok})
			assert.Equal(t, http.StatusForbidden, rec.Code, "GET %s with a round's token", path)
		}
	}
	rec := ts.do(t, req{method: "GET", path: "/api/v1/rounds/" + r.ID + "/me", token: p1})
	require.Equal(t, http.StatusOK, rec.Code)
	body := rec.Body.String()
	assert.Contains(t, body, `"answers":{"r1":{"overall":3}}`)
	assert.NotContains(t, body, "Medicinlister", "no note of the map")
	var me struct {
		Relations []struct {
			RelationID string `json:"relation_id"`
			ToName     string `json:"to_name"`
		} `json:"relations"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &me))
	require.Len(t, me.Relations, 1)
	assert.Equal(t, "Egen læge", me.Relations[0].ToName)

	rec = ts.do(t, req{method: "GET", path: "/api/v1/rounds/" + r.ID, token: r.JoinToken})
	require.Equal(t, http.StatusOK, rec.Code)
	assert.NotContains(t, rec.Body.String(), "Medicinlister")
	assert.NotContains(t, rec.Body.String(), `"rating"`)

	// Another round's token opens nothing of this one.
	other := ts.create(t, demens)
	r2 := ts.startRound(t, other.ID, other.EditToken, `{"title":"Anden"}`)
	p3 := ts.joinAs(t, r2.ID, r2.JoinToken, "laege")
	rec = ts.do(t, req{method: "GET", path: "/api/v1/rounds/" + r.ID + "/me", token: p3})
	assert.Equal(t, http.StatusForbidden, rec.Code)
	rec = ts.do(t, req{method: "PUT", path: "/api/v1/rounds/" + r.ID + "/responses/r1", token: p3, body: `{"answers":{"overall":1}}`})
	assert.Equal(t, http.StatusForbidden, rec.Code)

	// The edit token shows the join link again; the view token does not.
	rec = ts.do(t, req{method: "GET", path: base + "/rounds/" + r.ID, token: c.EditToken})
	require.Equal(t, http.StatusOK, rec.Code)
	var got roundReply
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	assert.Equal(t, r.JoinToken, got.JoinToken)
	rec = ts.do(t, req{method: "GET", path: base + "/rounds/" + r.ID, token: c.ViewToken})
	assert.NotContains(t, rec.Body.String(), r.JoinToken)
	assert.Contains(t, rec.Body.String(), `"progress":{"round_id"`)
}

// TestRound_Refusals: answers that break a rule are refused with the field
// named and change nothing.
func TestRound_Refusals(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	r := ts.startRound(t, c.ID, c.EditToken, `{"title":"Runde"}`)
	p := ts.joinAs(t, r.ID, r.JoinToken, "hjemmepleje")
	ts.answer(t, r.ID, p, "r1", `{"overall":2}`)
	for _, tt := range []struct {
		name, rel, body, field string
		status                 int
	}{
		{"NotMine", "r2", `{"answers":{"overall":3}}`, "relation_id", 422},
		{"Unknown", "r99", `{"answers":{"overall":3}}`, "relation_id", 422},
		{"Four", "r1", `{"answers":{"overall":4}}`, "answers.overall", 422},
		{"Text", "r1", `{"answers":{"overall":"3"}}`, "answers.overall", 422},
		{"NotAsked", "r1", `{"answers":{"respekt":3}}`, "answers.respekt", 422},
		{"Empty", "r1", `{"answers":{}}`, "answers", 422},
		{"Unknown field", "r1", `{"answers":{"overall":1},"note":"x"}`, "note", 422},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := ts.do(t, req{method: "PUT", path: "/api/v1/rounds/" + r.ID + "/responses/" + tt.rel, token: p, body: tt.body})
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			e := decodeError(t, rec)
			require.NotEmpty(t, e.Details)
			assert.Equal(t, tt.field, e.Details[0].Field)
		})
	}
	rec := ts.do(t, req{method: "GET", path: "/api/v1/rounds/" + r.ID + "/me", token: p})
	assert.Contains(t, rec.Body.String(), `"answers":{"r1":{"overall":2}}`, "nothing stored by the refused answers")

	rec = ts.do(t, req{method: "POST", path: "/api/v1/maps/" + c.ID + "/rounds/" + r.ID + "/close", token: c.EditToken})
	require.Equal(t, http.StatusOK, rec.Code)
	rec = ts.do(t, req{method: "PUT", path: "/api/v1/rounds/" + r.ID + "/responses/r1", token: p, body: `{"answers":{"overall":1}}`})
	require.Equal(t, http.StatusConflict, rec.Code)
	assert.Equal(t, "round_closed", decodeError(t, rec).Code)
	rec = ts.do(t, req{method: "GET", path: "/api/v1/rounds/" + r.ID + "/me", token: p})
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Body.String(), `"status":"closed"`, "the page can say thank you")
	assert.Contains(t, rec.Body.String(), `"answers":{"r1":{"overall":2}}`)
}

// TestRound_JoinRateLimit: joins are limited per client address.
func TestRound_JoinRateLimit(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	e := api.NewServer(st, nil, slog.New(slog.DiscardHandler), api.Config{RateLimit: api.RateLimit{Joins: 3}})
	ts := &testServer{e: e}
	c := ts.create(t, demens)
	r := ts.startRound(t, c.ID, c.EditToken, `{"title":"Runde"}`)
	for range 3 {
		ts.joinAs(t, r.ID, r.JoinToken, "laege")
	}
	rec := ts.do(t, req{method: "POST", path: "/api/v1/rounds/" + r.ID + "/participants", token: r.JoinToken, body: `{"from":"laege"}`})
	require.Equal(t, http.StatusTooManyRequests, rec.Code)
	assert.NotEmpty(t, rec.Header().Get("Retry-After"))
}

// TestRound_Events: the facilitator's event stream tells the counts as
// people join and answer — per function, never a rating.
func TestRound_Events(t *testing.T) {
	ts := newTestServer(t)
	c := ts.create(t, demens)
	srv := httptest.NewServer(ts.handler(t))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/maps/"+c.ID+"/events?token="+c.ViewToken, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(hr)
	require.NoError(t, err)
	defer resp.Body.Close()
	events := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var ev string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && ev == "round":
				events <- strings.TrimPrefix(line, "data: ")
			}
		}
		close(events)
	}()
	// await returns the first round event whose data holds want.
	await := func(want string) string {
		t.Helper()
		for {
			select {
			case data, ok := <-events:
				require.True(t, ok, "the stream ended")
				assert.NotContains(t, data, "median")
				assert.NotContains(t, data, "rating")
				if strings.Contains(data, want) {
					return data
				}
			case <-ctx.Done():
				t.Fatalf("no round event with %s", want)
			}
		}
	}
	r := ts.startRound(t, c.ID, c.EditToken, `{"title":"Runde"}`)
	await(`"status":"open","participants":0`)
	p := ts.joinAs(t, r.ID, r.JoinToken, "hjemmepleje")
	ts.joinAs(t, r.ID, r.JoinToken, "laege")
	await(`"participants":2`)
	ts.answer(t, r.ID, p, "r1", `{"overall":3}`)
	data := await(`"answers":1`)
	assert.JSONEq(t, `{"round_id":"`+r.ID+`","status":"open","participants":2,"answers":1,"functions":[
		{"function_id":"hjemmepleje","participants":1,"answers":1},{"function_id":"laege","participants":1,"answers":0}]}`, data)
	rec := ts.do(t, req{method: "POST", path: "/api/v1/maps/" + c.ID + "/rounds/" + r.ID + "/close", token: c.EditToken})
	require.Equal(t, http.StatusOK, rec.Code)
	await(`"status":"closed"`)
	rec = ts.do(t, req{method: "DELETE", path: "/api/v1/maps/" + c.ID + "/rounds/" + r.ID, token: c.EditToken})
	require.Equal(t, http.StatusNoContent, rec.Code)
	await(`"status":"deleted"`)
}
