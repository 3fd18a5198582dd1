package interchange

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/relationskort/relationskort/graph"
)

// The export of a rating round (GET …/rounds/{rid}/export): its results
// (graph.RoundResults, under the anonymity rule) and its answers one by
// one where a direction is shown (graph.RoundResults.ShownAnswers), in the
// order the caller gives — which must be shuffled, so that the order tells
// nothing of who answered when. No participant id or token is written.
//
//   - json: {"results": the results as the API serves them, "answers":
//     [{"relation_id", "from", "to", "question", "rating"}]}.
//   - csv: the zip of two tables for (Danish) Excel like the map's CSV: the
//     aggregates (one row a relation and question: the combined figure, each
//     direction's and the asymmetry, empty where hidden) and the answers;
//     or one of them with table=aggregates|answers.

// The tables of a round's CSV export.
const (
	TableAggregates = "aggregates"
	TableAnswers    = "answers"
)

// RoundFormats are the formats of a round's export.
var RoundFormats = []string{"json", "csv"}

// roundAnswer is one exported answer.
type roundAnswer struct {
	RelationID string       `json:"relation_id"`
	From       string       `json:"from"`
	To         string       `json:"to"`
	Question   string       `json:"question"`
	Rating     graph.Rating `json:"rating"`
}

type roundDoc struct {
	Results *graph.RoundResults `json:"results"`
	Answers []roundAnswer       `json:"answers"`
}

// ExportRound writes the export of a round's results res and its shown
// answers (already filtered and shuffled by the caller) in format "json"
// or "csv" (table "", TableAggregates or TableAnswers); texts in the
// results' language. It returns a *graph.ValidationError for the field
// "format" or "table" when they are not known.
func ExportRound(buf *bytes.Buffer, res *graph.RoundResults, answers []graph.Response, format, table string) error {
	out := make([]roundAnswer, len(answers))
	for i, x := range answers {
		out[i] = roundAnswer{RelationID: x.RelationID, From: x.From, To: x.To, Question: x.Question, Rating: x.Rating}
	}
	switch format {
	case "json":
		if table != "" {
			return graph.Invalid("table", "is for format=csv only")
		}
		enc := json.NewEncoder(buf)
		enc.SetIndent("", "  ")
		return enc.Encode(roundDoc{Results: res, Answers: out})
	case "csv":
	default:
		return graph.Invalid("format", "must be json or csv")
	}
	v := roundWords[res.Lang]
	if v == nil {
		v = roundWords[graph.Danish]
	}
	switch table {
	case TableAggregates:
		return writeTable(buf, aggregatesTable(res, v), aggregateNumbers...)
	case TableAnswers:
		return writeTable(buf, answersTable(res, out, v), 4)
	case "":
	default:
		return graph.Invalid("table", "must be %s or %s", TableAggregates, TableAnswers)
	}
	modified := res.Round.CreatedAt
	if res.Round.ClosedAt != nil {
		modified = *res.Round.ClosedAt
	}
	return writeZipTables(buf, modified, []csvTable{
		{RoundFilename(res, "csv", TableAggregates), aggregatesTable(res, v), aggregateNumbers},
		{RoundFilename(res, "csv", TableAnswers), answersTable(res, out, v), []int{4}},
	})
}

// roundVocabulary are the words of a round's CSV tables.
type roundVocabulary struct {
	*vocabulary
	question, combined, aToB, bToA, n, median, disagreement, asymmetry string
	questions                                                          map[string]string
}

var roundWords = map[graph.Lang]*roundVocabulary{
	graph.Danish: {vocabulary: &danishWords, question: "Spørgsmål", combined: "Samlet", aToB: "Fra → til", bToA: "Til → fra",
		n: "antal", median: "median", disagreement: "uenighed", asymmetry: "Asymmetri",
		questions: map[string]string{"overall": "Samlet vurdering", "samarbejde": "Samarbejde", "videndeling": "Videndeling",
			"kendskab": "Kendskab", "problemloesning": "Problemløsning", "innovation": "Innovation", "respekt": "Respekt"}},
	graph.English: {vocabulary: &englishWords, question: "Question", combined: "Combined", aToB: "From → to", bToA: "To → from",
		n: "n", median: "median", disagreement: "disagreement", asymmetry: "Asymmetry",
		questions: map[string]string{"overall": "Overall", "samarbejde": "Cooperation", "videndeling": "Sharing knowledge",
			"kendskab": "Knowing each other's work", "problemloesning": "Problem solving", "innovation": "Innovation", "respekt": "Respect"}},
}

// aggregateNumbers are the columns of the aggregates table that hold
// numbers (written as they are, never neutralized).
var aggregateNumbers = []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}

func aggregatesTable(res *graph.RoundResults, v *roundVocabulary) [][]string {
	head := []string{v.from, v.to, v.question}
	for _, side := range []string{v.combined, v.aToB, v.bToA} {
		head = append(head, side+" "+v.n)
		if side == v.combined {
			for _, r := range []graph.Rating{graph.High, graph.Middle, graph.Low} {
				head = append(head, side+" "+v.rating[r])
			}
		}
		head = append(head, side+" "+v.median, side+" "+v.disagreement)
	}
	head = append(head, v.asymmetry)
	rows := [][]string{head}
	for _, rr := range res.Relations {
		for _, q := range res.Round.Questions {
			qr, ok := rr.QuestionResult, q == graph.QuestionOverall
			if !ok {
				qr = rr.Dimensions[q]
			}
			row := []string{rr.AName, rr.BName, v.questions[q]}
			for i, s := range []*graph.Stat{qr.Combined, qr.AToB, qr.BToA} {
				cells := 3
				if i == 0 {
					cells = 6
				}
				if s == nil {
					for range cells {
						row = append(row, "")
					}
					continue
				}
				row = append(row, strconv.Itoa(s.N))
				if i == 0 {
					row = append(row, strconv.Itoa(s.Counts.High), strconv.Itoa(s.Counts.Middle), strconv.Itoa(s.Counts.Low))
				}
				row = append(row, strconv.Itoa(int(s.Median)), v.decimal(s.Disagreement))
			}
			asym := ""
			if qr.Asymmetry != nil {
				asym = strconv.Itoa(*qr.Asymmetry)
			}
			rows = append(rows, append(row, asym))
		}
	}
	return rows
}

func answersTable(res *graph.RoundResults, answers []roundAnswer, v *roundVocabulary) [][]string {
	names := map[string]string{}
	for _, rr := range res.Relations {
		names[rr.A], names[rr.B] = rr.AName, rr.BName
	}
	rows := [][]string{{v.from, v.to, v.question, v.ratingWord, v.ratingCol}}
	for _, a := range answers {
		rows = append(rows, []string{names[a.From], names[a.To], v.questions[a.Question], v.rating[a.Rating], strconv.Itoa(int(a.Rating))})
	}
	return rows
}

// RoundFilename is the name of a download of a round's export: the slug
// of the round's title and the table.
func RoundFilename(res *graph.RoundResults, format, table string) string {
	base := graph.Slug(res.Round.Title, maxFileSlug)
	if base == "" {
		base = "runde"
	}
	return base + suffix(format, table)
}

// RoundContentDisposition is the Content-Disposition of a download of a
// round's export (see ContentDisposition).
func RoundContentDisposition(res *graph.RoundResults, format, table string) string {
	return `attachment; filename="` + RoundFilename(res, format, table) + `"; filename*=UTF-8''` +
		percentEncode(displayName(res.Round.Title)+suffix(format, table))
}
