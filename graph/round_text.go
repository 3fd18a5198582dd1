package graph

import "fmt"

// roundPhrases are the words of a round's reasons in one language.
type roundPhrases struct {
	as       map[Rating]string // "som lavt": how a side experiences a tie
	word     map[Rating]string // the rating's name
	oneSided string            // A's name, B's name, as-word, number, B's name, as-word, number
	disputed string            // differing, n, median word, median, lowest word, lowest, highest word, highest
}

var roundTexts = map[Lang]roundPhrases{
	Danish: {
		as:       map[Rating]string{High: "højt", Middle: "middel", Low: "lavt"},
		word:     map[Rating]string{High: "Høj", Middle: "Middel", Low: "Lav"},
		oneSided: "%s oplever samarbejdet med %s som %s (%d); %s oplever det som %s (%d)",
		disputed: "Uenighed i rummet: %d af %d svar afviger fra medianen %s (%d); svarene spænder fra %s (%d) til %s (%d)",
	},
	English: {
		as:       map[Rating]string{High: "high", Middle: "middle", Low: "low"},
		word:     map[Rating]string{High: "High", Middle: "Middle", Low: "Low"},
		oneSided: "%s experiences the cooperation with %s as %s (%d); %s experiences it as %s (%d)",
		disputed: "Disagreement in the room: %d of %d answers differ from the median %s (%d); the answers range from %s (%d) to %s (%d)",
	},
}

// roundReasons says in words why rr is marked one-sided or disputed: the
// two sides' medians, and how far the room's answers spread. It uses only
// the figures rr shows.
func roundReasons(lang Lang, rr *RelationResult) []string {
	t := roundTexts[lang]
	out := []string{}
	if rr.OneSided {
		a, b := rr.AToB.Median, rr.BToA.Median
		out = append(out, fmt.Sprintf(t.oneSided, rr.AName, rr.BName, t.as[a], a, rr.BName, t.as[b], b))
	}
	if rr.Disputed {
		c := rr.Combined
		lo, hi := Unrated, Unrated
		for _, r := range []Rating{High, Middle, Low} {
			if c.Counts.Of(r) > 0 {
				if lo == Unrated {
					lo = r
				}
				hi = r
			}
		}
		out = append(out, fmt.Sprintf(t.disputed, c.N-c.Counts.Of(c.Median), c.N, t.word[c.Median], c.Median,
			t.word[lo], lo, t.word[hi], hi))
	}
	return out
}
