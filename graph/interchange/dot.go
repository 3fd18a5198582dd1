package interchange

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/relationskort/relationskort/graph"
)

// exportDOT writes m as an undirected Graphviz graph: the title and task as
// the graph's label, each group as a cluster, the centre as an ellipse, and
// each relation with its rating as weight (tie strength), colour and a
// custom "rating" attribute.
//
// Every id and text is written as a quoted string by dotString, never
// bare and never as <…>, so that a name such as "<b>Læge</b>" is the
// literal text and not an HTML label.
func exportDOT(buf *bytes.Buffer, m *graph.Map, v *vocabulary, pal map[graph.Rating]string) error {
	buf.WriteString("graph \"relationskort\" {\n")
	var label []string
	for _, s := range []string{m.Title, m.Task} {
		if s != "" {
			label = append(label, s)
		}
	}
	if len(label) > 0 {
		fmt.Fprintf(buf, "\tgraph [label=%s, labelloc=\"t\", fontsize=\"16\"];\n", dotString(strings.Join(label, "\n")))
	}
	buf.WriteString("\tnode [shape=\"box\", style=\"rounded,filled\", fillcolor=\"#ffffff\"];\n")
	buf.WriteString("\tedge [penwidth=\"2\"];\n")

	// Groups in the order they first appear, so the output follows the map.
	var groups []string
	members := map[string][]graph.Function{}
	for _, f := range m.Functions {
		if _, ok := members[f.Group]; !ok && f.Group != "" {
			groups = append(groups, f.Group)
		}
		members[f.Group] = append(members[f.Group], f)
	}
	for i, g := range groups {
		fmt.Fprintf(buf, "\tsubgraph %s {\n\t\tlabel=%s;\n", dotString(fmt.Sprintf("cluster_%d", i+1)), dotString(g))
		for _, f := range members[g] {
			buf.WriteString("\t\t")
			dotNode(buf, &f)
		}
		buf.WriteString("\t}\n")
	}
	for _, f := range members[""] {
		buf.WriteByte('\t')
		dotNode(buf, &f)
	}
	for _, r := range m.Relations {
		attrs := []string{"id=" + dotString(r.ID), "color=" + dotString(pal[r.Rating])}
		if r.Rating.Rated() {
			attrs = append(attrs, fmt.Sprintf("weight=\"%d\"", strength(r.Rating)), fmt.Sprintf("rating=\"%d\"", r.Rating))
		} else {
			attrs = append(attrs, `style="dashed"`)
		}
		tip := v.rating[r.Rating]
		if r.Note != "" {
			tip += "\n" + r.Note
		}
		attrs = append(attrs, "tooltip="+dotString(tip))
		fmt.Fprintf(buf, "\t%s -- %s [%s];\n", dotString(r.A), dotString(r.B), strings.Join(attrs, ", "))
	}
	buf.WriteString("}\n")
	return nil
}

func dotNode(buf *bytes.Buffer, f *graph.Function) {
	attrs := []string{"label=" + dotString(f.Name)}
	if f.Group != "" {
		attrs = append(attrs, "group="+dotString(f.Group))
	}
	if f.Center {
		attrs = append(attrs, `shape="ellipse"`, `penwidth="2"`)
	}
	if f.Note != "" {
		attrs = append(attrs, "tooltip="+dotString(f.Note))
	}
	fmt.Fprintf(buf, "%s [%s];\n", dotString(f.ID), strings.Join(attrs, ", "))
}

// dotEscaper escapes text for a DOT double-quoted string read as an
// escString: a backslash stays a backslash (not \N, \G, \l…), a quote does
// not end the string, and a line break is \n.
var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

func dotString(s string) string { return `"` + dotEscaper.Replace(s) + `"` }
