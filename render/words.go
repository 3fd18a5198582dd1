package render

import (
	"fmt"

	"github.com/relationskort/relationskort/graph"
)

// words are the fixed texts of the diagram in one language.
type words struct {
	ratings                  [4]string // by graph.Rating
	relations, groups        string
	noGroup, more            string
	updated, version         string
	months                   [12]string
	noFunctions, defaultName string
	summary                  func(nf, nr int, counts [4]int) string
	lowList                  string

	panel     panelWords
	round     roundWords
	compare   compareWords
	matrix    matrixWords
	groupView groupWords
}

// groupWords are the texts of a map drawn by group in one language.
type groupWords struct {
	// note says that the map is drawn by group, on the map and in its
	// description.
	note string
	// functions is a group's number of functions.
	functions func(n int) string
	// meanCount explains the labels of the lines in the legend.
	meanCount string
	// internal describes the relations within a group in its title:
	// count, mean, rated.
	internal string
}

// panelWords are the attention panel's fixed texts in one language.
type panelWords struct {
	heading, score, noScore, rated, none, more string
}

// roundWords are the texts of a map drawn from a rating round in one
// language.
type roundWords struct {
	// the legend: the two marks and what they mean
	disputed, disputedNote string
	oneSided, oneSidedNote string
	// sides is a relation's title's addition for its two directions: A's
	// name, A's rating, B's name, B's rating.
	sides string
	// spread is a disputed relation's title's addition: the share
	// differing in percent, the lowest and the highest rating.
	spread string
	// summary opens the description: the round's title and its number of
	// participants; disputedList and oneSidedList head its lists.
	summary                    string
	disputedList, oneSidedList string
	// panel is the attention panel's section heading; kinds name a tie's
	// marks in it.
	panel, more            string
	kindDisputed, kindBoth string
	kindOneSided           string
}

// compareWords are the comparison view's fixed texts in one language.
type compareWords struct {
	heading, score, noScore, pct, newWord, removed string
	kinds                                          map[graph.ChangeKind]string
}

// matrixWords are the heat map's fixed texts in one language.
type matrixWords struct {
	subtitle                  map[string]string // by "group" or "function"
	noRelation, unrated, mean string
	cellTitle                 string // a, b, mean, relations, rated
	decimal                   string
}

// vocab holds every fixed text that render draws, one table per language.
var vocab = map[graph.Lang]words{
	graph.Danish: {
		ratings:   [4]string{"Ikke vurderet", "Høj (1)", "Middel (2)", "Lav (3)"},
		relations: "Relationer", groups: "Grupper", noGroup: "Uden gruppe", more: "+ %d flere",
		updated: "Opdateret", version: "version",
		months:      [12]string{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"},
		noFunctions: "Ingen funktioner endnu", defaultName: "Relationskort",
		summary: func(nf, nr int, c [4]int) string {
			return fmt.Sprintf("Relationskort med %d funktioner og %d relationer: %d høje (1), %d middel (2), %d lave (3), %d ikke vurderet.",
				nf, nr, c[1], c[2], c[3], c[0])
		},
		lowList: "Lave relationer",
		panel: panelWords{
			heading: "Til ledelsens opmærksomhed",
			score:   "Koordineringsscore %s af 100",
			noScore: "Ingen relationer er vurderet endnu",
			rated:   "%d af %d relationer vurderet",
			none:    "Ingen relationer er vurderet lav eller middel.",
			more:    "+ %d flere lave eller middel relationer",
		},
		round: roundWords{
			disputed: "Uenighed", disputedNote: "mindst 34 % svarer andet end medianen",
			oneSided: "Ensidig", oneSidedNote: "hver halvdel og hvert tal er én sides vurdering",
			sides:        "%s → %s: %s; %s → %s: %s",
			spread:       "uenighed: %d %% afviger fra medianen, svarene spænder fra %d til %d",
			summary:      "Vurderingsrunden „%s“ med %d deltagere: hver relation er tegnet efter medianen af svarene.",
			disputedList: "Uenighed", oneSidedList: "Ensidige relationer",
			panel: "Uenighed og ensidige relationer", more: "+ %d flere med uenighed eller ensidige",
			kindDisputed: "uenighed", kindOneSided: "ensidig", kindBoth: "ensidig, uenighed",
		},
		compare: compareWords{
			heading: "Før og efter", score: "Koordineringsscore %s → %s", noScore: "–",
			pct: "%s %% i forhold til før", newWord: "ny", removed: "fjernet",
			kinds: map[graph.ChangeKind]string{
				graph.ChangeImproved: "Forbedret", graph.ChangeWorsened: "Forværret", graph.ChangeAdded: "Ny relation",
				graph.ChangeRemoved: "Fjernet (grå stiplet)", graph.ChangeRated: "Vurderet for første gang",
				graph.ChangeUnrated: "Vurdering trukket tilbage", graph.ChangeUnchanged: "Uændret",
			},
		},
		matrix: matrixWords{
			subtitle:   map[string]string{"group": "Gennemsnitlig vurdering inden for og mellem grupper", "function": "Vurderinger mellem funktionerne"},
			noRelation: "Ingen relation", unrated: "Ikke vurderet", mean: "Gennemsnit",
			cellTitle: "%s – %s: gennemsnit %s (%d relationer, %d vurderet)", decimal: ",",
		},
		groupView: groupWords{
			note: "Kortet er tegnet efter grupper: én cirkel pr. gruppe med dens antal funktioner; linjerne viser gennemsnitlig vurdering · antal relationer.",
			functions: func(n int) string {
				if n == 1 {
					return "1 funktion"
				}
				return fmt.Sprintf("%d funktioner", n)
			},
			meanCount: "Gennemsnit · antal relationer",
			internal:  "indbyrdes %d relationer, gennemsnit %s (%d vurderet)",
		},
	},
	graph.English: {
		ratings:   [4]string{"Not rated", "High (1)", "Middle (2)", "Low (3)"},
		relations: "Relations", groups: "Groups", noGroup: "No group", more: "+ %d more",
		updated: "Updated", version: "version",
		months:      [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		noFunctions: "No functions yet", defaultName: "Relationship map",
		summary: func(nf, nr int, c [4]int) string {
			return fmt.Sprintf("Relationship map with %d functions and %d relations: %d high (1), %d middle (2), %d low (3), %d not rated.",
				nf, nr, c[1], c[2], c[3], c[0])
		},
		lowList: "Low relations",
		panel: panelWords{
			heading: "For leadership attention",
			score:   "Coordination score %s of 100",
			noScore: "No relation is rated yet",
			rated:   "%d of %d relations rated",
			none:    "No relation is rated Low or Middle.",
			more:    "+ %d more Low or Middle relations",
		},
		round: roundWords{
			disputed: "Disputed", disputedNote: "at least 34 % answer other than the median",
			oneSided: "One-sided", oneSidedNote: "each half and each number is one side's rating",
			sides:        "%s → %s: %s; %s → %s: %s",
			spread:       "disagreement: %d %% differ from the median, the answers range from %d to %d",
			summary:      "The rating round “%s” with %d participants: each relation is drawn by the median of the answers.",
			disputedList: "Disputed", oneSidedList: "One-sided ties",
			panel: "Disagreement and one-sided ties", more: "+ %d more disputed or one-sided",
			kindDisputed: "disputed", kindOneSided: "one-sided", kindBoth: "one-sided, disputed",
		},
		compare: compareWords{
			heading: "Before and after", score: "Coordination score %s → %s", noScore: "–",
			pct: "%s%% against before", newWord: "new", removed: "removed",
			kinds: map[graph.ChangeKind]string{
				graph.ChangeImproved: "Improved", graph.ChangeWorsened: "Worsened", graph.ChangeAdded: "New relation",
				graph.ChangeRemoved: "Removed (grey dashed)", graph.ChangeRated: "Rated for the first time",
				graph.ChangeUnrated: "Rating withdrawn", graph.ChangeUnchanged: "Unchanged",
			},
		},
		matrix: matrixWords{
			subtitle:   map[string]string{"group": "Mean rating within and between groups", "function": "Ratings between functions"},
			noRelation: "No relation", unrated: "Not rated", mean: "Mean",
			cellTitle: "%s – %s: mean %s (%d relations, %d rated)", decimal: ".",
		},
		groupView: groupWords{
			note: "The map is drawn by group: one circle per group with its number of functions; the lines show the mean rating · number of relations.",
			functions: func(n int) string {
				if n == 1 {
					return "1 function"
				}
				return fmt.Sprintf("%d functions", n)
			},
			meanCount: "Mean · number of relations",
			internal:  "%d relations within, mean %s (%d rated)",
		},
	},
}
