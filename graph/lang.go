package graph

// Lang is a language of the texts Relationskort writes: reasons, legends,
// headers, file words. Danish is the default.
type Lang string

// The languages.
const (
	Danish  Lang = "da"
	English Lang = "en"
)

// ParseLang reads a language parameter: "" means Danish. Any other value than
// "da" or "en" is a *ValidationError for the field "lang" (an unknown
// language is refused, never silently Danish).
func ParseLang(s string) (Lang, error) {
	switch s {
	case "", string(Danish):
		return Danish, nil
	case string(English):
		return English, nil
	}
	return "", Invalid("lang", "must be da or en")
}
