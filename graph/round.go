package graph

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Rating rounds (issue 15). In a round every participant rates, from the
// side of their own function, the relations of that function: how home care
// experiences its cooperation with the GP, and how the GP experiences home
// care. The answers are kept per direction (from → to) and summed up per
// relation by Results, which hides whatever could tell one person's answer
// (see Results for the rule).

// Limits of rounds.
const (
	MaxRoundsPerMap = 20  // rounds kept per map, open and closed
	MaxParticipants = 300 // participants per round
	MinGroupLeast   = 1   // the smallest anonymity threshold a round may have
	MinGroupMost    = 10  // the largest
	DefaultMinGroup = 3   // the threshold when the facilitator does not choose
)

// QuestionOverall is the question every round asks: how do you experience
// the cooperation with this function, all in all? Its answers are the
// ratings of the round's map.
const QuestionOverall = "overall"

// Dimensions are the optional questions of a round, the six dimensions of
// relational coordination as the RC 2.0 questions used in Danish
// municipalities name them: cooperation, sharing of knowledge, knowing each
// other's work, problem solving, innovation and respect. A round asks them
// in this order, after the overall question.
var Dimensions = []string{"samarbejde", "videndeling", "kendskab", "problemloesning", "innovation", "respekt"}

// RoundStatus is whether a round takes answers.
type RoundStatus string

// The states of a round: open takes joins and answers; closed takes
// nothing, and its results can be read.
const (
	RoundOpen   RoundStatus = "open"
	RoundClosed RoundStatus = "closed"
)

// Round is one rating round on a map. The JSON is the API's.
type Round struct {
	ID     string      `json:"id"`
	MapID  string      `json:"map_id"`
	Title  string      `json:"title"`
	Status RoundStatus `json:"status"`
	// Questions are "overall" and any of Dimensions, in that order.
	Questions []string `json:"questions"`
	// MinGroup is the anonymity threshold: a figure is shown only when it
	// sums up at least this many answers (see Results).
	MinGroup  int        `json:"min_group"`
	CreatedAt time.Time  `json:"created_at"`
	ClosedAt  *time.Time `json:"closed_at"`
	// SnapshotID is the snapshot taken when the round closed, with the
	// round's combined medians as the ratings; empty while open.
	SnapshotID string `json:"snapshot_id,omitempty"`
}

// Asks reports whether the round asks question q.
func (r *Round) Asks(q string) bool { return slices.Contains(r.Questions, q) }

// Participant is one person taking part in a round, anonymously: the round
// knows only which function they answer for.
type Participant struct {
	ID      string
	RoundID string
	// From is the id of the participant's function.
	From      string
	CreatedAt time.Time
}

// Response is one answer of one participant: how the participant's
// function (From) experiences its relation (RelationID) with the function
// at the other end (To), for one question. Rating Unrated is "ved ikke /
// ikke relevant": an answer, but not a rating, so it counts in no figure.
type Response struct {
	Participant string
	RelationID  string
	From, To    string
	Question    string
	Rating      Rating
}

// Answers are one participant's answers about one relation: question →
// rating (Unrated for "ved ikke").
type Answers map[string]Rating

// MarshalJSON writes the ratings as 1, 2, 3 or null, the questions in the
// order of QuestionOrder.
func (a Answers) MarshalJSON() ([]byte, error) {
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y string) int { return questionIndex(x) - questionIndex(y) })
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		rb, err := a[k].MarshalJSON()
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(rb)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// QuestionOrder lists every question a round may ask, overall first.
func QuestionOrder() []string { return append([]string{QuestionOverall}, Dimensions...) }

// questionIndex is a question's place in QuestionOrder; unknown ones last.
func questionIndex(q string) int {
	if i := slices.Index(QuestionOrder(), q); i >= 0 {
		return i
	}
	return len(Dimensions) + 1
}

// NewRoundID returns a new random round id, like a map id (16 characters
// of lower-case base32). Round ids are not secrets; the join and
// participant tokens are.
func NewRoundID() string { return NewMapID() }

// NewParticipantID returns a new random participant id.
func NewParticipantID() string { return NewMapID() }

// DecodeRoundRequest reads {"title":…, "questions":[…], "min_group":n},
// the body that starts a round, strictly (like every request body), and
// returns the round it asks for, normalized and validated: the title
// trimmed, the questions in their order (default ["overall"]), MinGroup
// (default DefaultMinGroup). It returns a *ValidationError naming the
// fields at fault.
func DecodeRoundRequest(data []byte) (*Round, error) {
	obj, err := decodeObject(data, "", []string{"title", "questions", "min_group"})
	if err != nil {
		return nil, err
	}
	r := &Round{Status: RoundOpen, MinGroup: DefaultMinGroup, Questions: []string{QuestionOverall}}
	ve := &ValidationError{}
	decodeString(ve, obj, "title", "title", &r.Title)
	if raw, ok := obj["questions"]; ok {
		var qs []string
		if isNull(raw) || json.Unmarshal(raw, &qs) != nil {
			ve.add("questions", "must be a list of question names (%s)", strings.Join(QuestionOrder(), ", "))
		} else {
			r.Questions = qs
		}
	}
	if raw, ok := obj["min_group"]; ok {
		var n float64
		if isNull(raw) || json.Unmarshal(raw, &n) != nil || n != float64(int(n)) {
			ve.add("min_group", "must be a whole number from %d to %d", MinGroupLeast, MinGroupMost)
		} else {
			r.MinGroup = int(n)
		}
	}
	if err := ve.err(); err != nil {
		return nil, err
	}
	return r, r.Prepare()
}

// Prepare trims the title, puts the questions in their order and checks
// the round: a title of 1–MaxTitleLen characters on one line, questions
// that are "overall" and any of Dimensions, each once, and MinGroup from
// MinGroupLeast to MinGroupMost. It returns a *ValidationError.
func (r *Round) Prepare() error {
	r.Title = strings.TrimSpace(r.Title)
	ve := &ValidationError{}
	if r.Title == "" {
		ve.add("title", "is required: 1–%d characters", MaxTitleLen)
	} else {
		checkText(ve, "title", r.Title, MaxTitleLen, false)
	}
	seen := map[string]bool{}
	for i, q := range r.Questions {
		switch {
		case !slices.Contains(QuestionOrder(), q):
			ve.add(fmt.Sprintf("questions[%d]", i), "must be one of %s", strings.Join(QuestionOrder(), ", "))
		case seen[q]:
			ve.add(fmt.Sprintf("questions[%d]", i), "%q is given twice", q)
		}
		seen[q] = true
	}
	if len(r.Questions) == 0 || !seen[QuestionOverall] {
		ve.add("questions", "must include %q: the map is drawn from its answers", QuestionOverall)
	}
	if r.MinGroup < MinGroupLeast || r.MinGroup > MinGroupMost {
		ve.add("min_group", "must be a whole number from %d to %d", MinGroupLeast, MinGroupMost)
	}
	if err := ve.err(); err != nil {
		return err
	}
	slices.SortFunc(r.Questions, func(x, y string) int { return questionIndex(x) - questionIndex(y) })
	return nil
}

// DecodeJoinRequest reads {"from":"function id"}, the body with which a
// participant joins a round, and returns the function id.
func DecodeJoinRequest(data []byte) (string, error) {
	obj, err := decodeObject(data, "", []string{"from"})
	if err != nil {
		return "", err
	}
	ve := &ValidationError{}
	var from string
	decodeString(ve, obj, "from", "from", &from)
	from = strings.TrimSpace(from)
	if len(ve.Problems) == 0 && from == "" {
		ve.add("from", "is required: the id of your function")
	}
	return from, ve.err()
}

// DecodeAnswersRequest reads {"answers":{"overall":1, "respekt":null, …}},
// one participant's answers about one relation, for the round r: every
// question must be one r asks, every rating 1, 2, 3 or null ("ved ikke"),
// and at least one answer given. Problems name the field
// ("answers.overall").
func DecodeAnswersRequest(data []byte, r *Round) (Answers, error) {
	obj, err := decodeObject(data, "", []string{"answers"})
	if err != nil {
		return nil, err
	}
	raw, ok := obj["answers"]
	if !ok {
		return nil, Invalid("answers", "is required: an object of question → 1, 2, 3 or null")
	}
	if isNull(raw) {
		return nil, Invalid("answers", "must be an object, not null")
	}
	inner, err := decodeObject(raw, "answers", QuestionOrder())
	if err != nil {
		return nil, err
	}
	ve := &ValidationError{}
	a := Answers{}
	for _, q := range QuestionOrder() {
		v, ok := inner[q]
		if !ok {
			continue
		}
		if !r.Asks(q) {
			ve.add("answers."+q, "is not a question of this round (it asks %s)", strings.Join(r.Questions, ", "))
			continue
		}
		rt, err := ParseRatingJSON(v)
		if err != nil {
			ve.add("answers."+q, "%s", err)
			continue
		}
		a[q] = rt
	}
	if len(ve.Problems) == 0 && len(a) == 0 {
		ve.add("answers", "must hold at least one answer")
	}
	return a, ve.err()
}

// ParticipantRelation is a relation of a participant's function, as the
// participant sees it: toward the function at the other end.
type ParticipantRelation struct {
	RelationID string `json:"relation_id"`
	To         string `json:"to"`
	ToName     string `json:"to_name"`
}

// RelationsOf lists the relations of function from in m, in the map's
// order, each toward its other end.
func RelationsOf(m *Map, from string) []ParticipantRelation {
	out := []ParticipantRelation{}
	for _, r := range m.Relations {
		to := ""
		switch from {
		case r.A:
			to = r.B
		case r.B:
			to = r.A
		default:
			continue
		}
		name := ""
		if f := m.Function(to); f != nil {
			name = f.Name
		}
		out = append(out, ParticipantRelation{RelationID: r.ID, To: to, ToName: name})
	}
	return out
}

// AnswerTarget checks that a participant of function from may answer
// about relation rid of m, and returns the function at its other end. It
// returns a *ValidationError for the field "relation_id" when m has no
// such relation or the relation is not one of from's.
func AnswerTarget(m *Map, from, rid string) (to string, err error) {
	r := m.Relation(rid)
	if r == nil {
		return "", Invalid("relation_id", "no relation of this map has the id %q", rid)
	}
	return RelationTarget(r.A, r.B, from, rid)
}

// RelationTarget is AnswerTarget for a relation already looked up: the
// relation rid joins a and b.
func RelationTarget(a, b, from, rid string) (string, error) {
	switch from {
	case a:
		return b, nil
	case b:
		return a, nil
	}
	return "", Invalid("relation_id", "relation %q is not one of your function's relations: answer only those of %q", rid, from)
}

// RoundProgress is how far a round has come, for the facilitator's screen
// while it is open: how many have joined and how many relations they have
// answered, per function. It holds counts only, never a rating.
type RoundProgress struct {
	RoundID      string             `json:"round_id"`
	Status       RoundStatus        `json:"status"`
	Participants int                `json:"participants"`
	Answers      int                `json:"answers"`
	Functions    []FunctionProgress `json:"functions"`
}

// FunctionProgress counts the participants of one function and the
// relations they have answered (a relation counts once per participant,
// whatever questions were answered, "ved ikke" included).
type FunctionProgress struct {
	FunctionID   string `json:"function_id"`
	Participants int    `json:"participants"`
	Answers      int    `json:"answers"`
}

// SortProgress puts the functions of p in natural id order.
func SortProgress(p *RoundProgress) {
	slices.SortStableFunc(p.Functions, func(x, y FunctionProgress) int { return naturalCompare(x.FunctionID, y.FunctionID) })
}
