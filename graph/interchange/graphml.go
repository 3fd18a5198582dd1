package interchange

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/relationskort/relationskort/graph"
)

// The GraphML keys of an export. "name" is what Cytoscape shows, "label"
// what Gephi shows; yEd lists both as properties (Edit › Properties Mapper
// puts them on the nodes). "weight" is the tie strength (3 High, 2 Middle,
// 1 Low) for layouts; "rating" is the rating itself.
var graphMLKeys = []struct{ id, domain, name, typ, def string }{
	{"title", "graph", "title", "string", ""},
	{"task", "graph", "task", "string", ""},
	{"description", "graph", "description", "string", ""},
	{"name", "node", "name", "string", ""},
	{"label", "node", "label", "string", ""},
	{"group", "node", "group", "string", ""},
	{"center", "node", "center", "boolean", "false"},
	{"x", "node", "x", "double", ""},
	{"y", "node", "y", "double", ""},
	{"fnote", "node", "note", "string", ""},
	{"rating", "edge", "rating", "int", ""},
	{"weight", "edge", "weight", "double", ""},
	{"color", "edge", "color", "string", ""},
	{"rnote", "edge", "note", "string", ""},
}

const graphMLNS = "http://graphml.graphdrawing.org/xmlns"

func exportGraphML(buf *bytes.Buffer, m *graph.Map, pal map[graph.Rating]string) error {
	buf.WriteString(xml.Header)
	buf.WriteString(`<graphml xmlns="` + graphMLNS + `" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="` + graphMLNS + ` http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range graphMLKeys {
		fmt.Fprintf(buf, `  <key id="%s" for="%s" attr.name="%s" attr.type="%s"`, k.id, k.domain, k.name, k.typ)
		if k.def != "" {
			fmt.Fprintf(buf, "><default>%s</default></key>\n", k.def)
		} else {
			buf.WriteString("/>\n")
		}
	}
	buf.WriteString(`  <graph id="G" edgedefault="undirected">` + "\n")
	data := func(indent, key, value string) {
		if value == "" {
			return
		}
		buf.WriteString(indent + `<data key="` + key + `">`)
		xmlText(buf, value)
		buf.WriteString("</data>\n")
	}
	data("    ", "title", m.Title)
	data("    ", "task", m.Task)
	data("    ", "description", m.Description)
	for _, f := range m.Functions {
		buf.WriteString(`    <node id="`)
		xmlText(buf, f.ID)
		buf.WriteString("\">\n")
		data("      ", "name", f.Name)
		data("      ", "label", f.Name)
		data("      ", "group", f.Group)
		if f.Center {
			data("      ", "center", "true")
		}
		if f.X != nil && f.Y != nil {
			data("      ", "x", formatFloat(*f.X))
			data("      ", "y", formatFloat(*f.Y))
		}
		data("      ", "fnote", f.Note)
		buf.WriteString("    </node>\n")
	}
	for _, r := range m.Relations {
		buf.WriteString(`    <edge id="`)
		xmlText(buf, r.ID)
		buf.WriteString(`" source="`)
		xmlText(buf, r.A)
		buf.WriteString(`" target="`)
		xmlText(buf, r.B)
		buf.WriteString("\">\n")
		if r.Rating.Rated() {
			data("      ", "rating", strconv.Itoa(int(r.Rating)))
			data("      ", "weight", strconv.Itoa(strength(r.Rating)))
		}
		data("      ", "color", pal[r.Rating])
		data("      ", "rnote", r.Note)
		buf.WriteString("    </edge>\n")
	}
	buf.WriteString("  </graph>\n</graphml>\n")
	return nil
}

// xmlText escapes s for XML text and attribute values: & < > " ' and the
// line breaks and tabs (as character references, so they survive
// attribute normalization).
func xmlText(buf *bytes.Buffer, s string) {
	_ = xml.EscapeText(buf, []byte(s)) // a bytes.Buffer does not fail
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// The GraphML reader is a token loop rather than xml.Unmarshal, so that it
// can tell the line of every element, refuse DTDs, bound the nesting and
// stop at the limits.
type gmlKey struct {
	domain, name string // name: attr.name (or id) in lower case
	def          string
	hasDef       bool
}

type gmlData struct {
	key, value string
	line       int
}

type gmlElement struct {
	id, source, target string
	line               int
	data               []gmlData
	yedLabel           string // the first y:NodeLabel of yEd's node graphics
}

const maxXMLDepth = 32

func importGraphML(data []byte) (*graph.Map, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	line := func() int { l, _ := dec.InputPos(); return l }
	at := func() string { return fmt.Sprintf("line %d", line()) }

	keys := map[string]*gmlKey{}
	var (
		stack      []string
		rootSeen   bool
		graphSeen  bool
		graphData  []gmlData
		nodes      []*gmlElement
		edges      []*gmlElement
		cur        *gmlElement // the node or edge being read
		dataCur    *gmlData    // the <data> being read
		keyCur     *gmlKey     // the <key> being read
		text       strings.Builder
		inLabel    bool
		labelTaken bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, graph.Invalid(fmt.Sprintf("line %d", se.Line), "not well-formed XML: %s", se.Msg)
			}
			return nil, graph.Invalid(at(), "not well-formed XML: %s", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, graph.Invalid(at(), "a DTD or entity declaration (<!…>) is not allowed")
		case xml.StartElement:
			name := t.Name.Local
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			stack = append(stack, name)
			if len(stack) > maxXMLDepth {
				return nil, graph.Invalid(at(), "elements are nested more than %d deep", maxXMLDepth)
			}
			switch {
			case len(stack) == 1:
				if rootSeen {
					return nil, graph.Invalid(at(), "a second root element <%s> after </graphml>", name)
				}
				if name != "graphml" {
					return nil, graph.Invalid(at(), "the root element is <%s>, not <graphml>", name)
				}
				rootSeen = true
			case dataCur != nil:
				if name == "NodeLabel" && !labelTaken {
					inLabel = true
					text.Reset()
				}
			case parent == "graphml" && name == "key":
				id := attr(t, "id")
				if id == "" {
					return nil, graph.Invalid(at(), "<key> has no id")
				}
				if _, dup := keys[id]; dup {
					return nil, graph.Invalid(at(), "<key id='%s'> is declared twice", id)
				}
				k := &gmlKey{domain: attr(t, "for"), name: strings.ToLower(attr(t, "attr.name"))}
				if k.name == "" {
					k.name = strings.ToLower(id)
				}
				keys[id] = k
				keyCur = k
			case parent == "key" && name == "default" && keyCur != nil:
				keyCur.hasDef = true
				text.Reset()
			case parent == "graphml" && name == "graph":
				if graphSeen {
					return nil, graph.Invalid(at(), "a second <graph>; one map is one graph")
				}
				graphSeen = true
			case parent == "graph" && (name == "node" || name == "edge"):
				cur = &gmlElement{id: attr(t, "id"), source: attr(t, "source"), target: attr(t, "target"), line: line()}
				if name == "node" {
					if len(nodes) == graph.MaxFunctions {
						return nil, tooMany(graph.MaxFunctions+1, 0)
					}
					nodes = append(nodes, cur)
				} else {
					if len(edges) == graph.MaxRelations {
						return nil, tooMany(len(nodes), graph.MaxRelations+1)
					}
					edges = append(edges, cur)
				}
			case parent == "graph" && name == "hyperedge":
				return nil, graph.Invalid(at(), "<hyperedge> is not supported; a relation joins two functions")
			case (parent == "node" || parent == "edge") && name == "graph":
				return nil, graph.Invalid(at(), "nested graphs are not supported")
			case name == "data" && (parent == "graph" || parent == "node" || parent == "edge"):
				dataCur = &gmlData{key: attr(t, "key"), line: line()}
				text.Reset()
			}
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, graph.Invalid(at(), "text outside the <graphml> element; this is not a GraphML file")
				}
				break
			}
			if top := stack[len(stack)-1]; (dataCur != nil && top == "data") || inLabel || top == "default" {
				text.Write(t)
			}
		case xml.EndElement:
			name := t.Name.Local
			stack = stack[:len(stack)-1]
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch {
			case inLabel && name == "NodeLabel":
				if cur != nil && cur.yedLabel == "" {
					cur.yedLabel = text.String()
				}
				inLabel, labelTaken = false, true
				text.Reset()
			case dataCur != nil && name == "data" && (parent == "graph" || parent == "node" || parent == "edge"):
				dataCur.value = text.String()
				if parent == "graph" {
					graphData = append(graphData, *dataCur)
				} else if cur != nil {
					cur.data = append(cur.data, *dataCur)
				}
				dataCur, labelTaken = nil, false
				text.Reset()
			case name == "default" && parent == "key" && keyCur != nil:
				keyCur.def = text.String()
			case name == "key" && parent == "graphml":
				keyCur = nil
			case (name == "node" || name == "edge") && parent == "graph":
				cur = nil
			}
		}
	}
	if !rootSeen {
		return nil, graph.Invalid("", "the file holds no <graphml> element")
	}
	if !graphSeen {
		return nil, graph.Invalid("", "the file holds no <graph> element")
	}
	return buildGraphML(keys, graphData, nodes, edges)
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// values resolves the data of one element (and the keys' defaults) to
// attr.name → value, reporting data that refer to no key.
func values(keys map[string]*gmlKey, domain string, data []gmlData, ps *problems) map[string]string {
	v := map[string]string{}
	ids := make([]string, 0, len(keys))
	for id := range keys {
		ids = append(ids, id)
	}
	sort.Strings(ids) // two keys may share a name: pick the same one every time
	for _, id := range ids {
		k := keys[id]
		if k.hasDef && (k.domain == domain || k.domain == "all" || k.domain == "") {
			v[k.name] = k.def
		}
	}
	for _, d := range data {
		k, ok := keys[d.key]
		if !ok {
			ps.add(fmt.Sprintf("line %d", d.line), "<data key='%s'> refers to no <key>", d.key)
			continue
		}
		v[k.name] = d.value
	}
	return v
}

func buildGraphML(keys map[string]*gmlKey, graphData []gmlData, nodes, edges []*gmlElement) (*graph.Map, error) {
	ps := &problems{}
	m := &graph.Map{}
	gv := values(keys, "graph", graphData, ps)
	m.Title, m.Task, m.Description = gv["title"], gv["task"], gv["description"]

	o := &origin{fields: map[string]string{"a": "source", "b": "target"}}
	index := map[string]int{} // node id → index in m.Functions
	for i, n := range nodes {
		where := fmt.Sprintf("node '%s' (line %d)", n.id, n.line)
		o.functions = append(o.functions, where)
		if n.id == "" {
			ps.add(fmt.Sprintf("line %d", n.line), "<node> has no id")
		} else if j, dup := index[n.id]; dup {
			ps.add(where, "the id is already used by the node on line %d", nodes[j].line)
		}
		index[n.id] = i
		v := values(keys, "node", n.data, ps)
		f := graph.Function{Name: v["name"], Group: v["group"], Note: v["note"]}
		if f.Name == "" {
			f.Name = v["label"]
		}
		if f.Name == "" {
			f.Name = n.yedLabel
		}
		if f.Name == "" {
			f.Name = n.id
		}
		if graph.ValidID(n.id) {
			f.ID = n.id // else AssignIDs makes one from the name
		}
		if s := strings.TrimSpace(v["center"]); s != "" {
			c, err := strconv.ParseBool(s)
			if err != nil {
				ps.add(where, "center %s is not true or false", quoteText(s))
			}
			f.Center = c
		}
		for _, c := range []struct {
			key string
			dst **float64
		}{{"x", &f.X}, {"y", &f.Y}} {
			if s := strings.TrimSpace(v[c.key]); s != "" {
				x, err := strconv.ParseFloat(s, 64)
				if err != nil {
					ps.add(where, "%s %s is not a number", c.key, quoteText(s))
					continue
				}
				*c.dst = &x
			}
		}
		m.Functions = append(m.Functions, f)
	}
	var ends [][2]int
	for _, e := range edges {
		where := fmt.Sprintf("edge '%s' (line %d)", e.id, e.line)
		if e.id == "" {
			where = fmt.Sprintf("edge %s–%s (line %d)", quoteText(e.source), quoteText(e.target), e.line)
		}
		o.relations = append(o.relations, where)
		a, okA := index[e.source]
		b, okB := index[e.target]
		if !okA {
			ps.add(where, "source %s is not the id of a node", quoteText(e.source))
		}
		if !okB {
			ps.add(where, "target %s is not the id of a node", quoteText(e.target))
		}
		ends = append(ends, [2]int{a, b})
		v := values(keys, "edge", e.data, ps)
		r := graph.Relation{Note: v["note"]}
		if graph.ValidID(e.id) {
			r.ID = e.id
		}
		if s, ok := v["rating"]; ok {
			rt, ok := parseRating(s)
			if !ok {
				ps.add(where, "rating %s is not one of 1, 2, 3, Høj, Middel, Lav", quoteText(s))
			}
			r.Rating = rt
		} else if s := strings.TrimSpace(v["weight"]); s != "" {
			w, err := strconv.ParseFloat(s, 64)
			if err != nil || (w != 1 && w != 2 && w != 3) {
				ps.add(where, "weight %s is not 3, 2 or 1 (tie strength: High, Middle, Low); give a 'rating' key instead", quoteText(s))
			} else {
				r.Rating = graph.Rating(4 - int(w))
			}
		}
		m.Relations = append(m.Relations, r)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	m.AssignIDs()
	for i, e := range ends {
		m.Relations[i].A, m.Relations[i].B = m.Functions[e[0]].ID, m.Functions[e[1]].ID
	}
	if err := m.PrepareNew(); err != nil {
		return nil, o.rebase(err)
	}
	return m, nil
}
