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

// The GraphML reader works in two stages. decodeGraphML streams the XML
// through an xml.Decoder, token by token rather than with xml.Unmarshal, so
// that it can tell the line of every element, refuse DTDs, bound the nesting
// and stop at the limits; it keeps only what GraphML means to a relationship
// map, as a gmlDoc. convertGraphML then turns that tree into a graph.Map and
// reports the problems of its content.
//
// Elements are recognized by their local name and that of their parent, as
// GraphML tools write them: a <node> is any element named node whose parent
// is named graph.

// gmlDoc is a GraphML file reduced to what a relationship map reads from it.
type gmlDoc struct {
	keys  map[string]*gmlKey // by id
	graph gmlGraph
}

// gmlKey is a <key>: the declaration of a data attribute.
type gmlKey struct {
	id     string
	domain string // the for attribute: graph, node, edge, all or empty
	name   string // attr.name (or the id if it has none) in lower case
	typ    string // attr.type as written
	def    string // the text of its <default>
	hasDef bool
	line   int
}

// gmlGraph is the <graph>, with the nodes and edges in file order.
type gmlGraph struct {
	seen        bool
	edgeDefault string // as written: directed, undirected or empty
	line        int
	data        []gmlData
	nodes       []*gmlNode
	edges       []*gmlEdge
}

type gmlNode struct {
	id       string
	line     int
	data     []gmlData
	yedLabel string // the first y:NodeLabel of yEd's node graphics
}

type gmlEdge struct {
	id, source, target string
	line               int
	data               []gmlData
}

// gmlData is a <data>: the value of the key it names, for its element.
type gmlData struct {
	key, value string
	line       int
}

const maxXMLDepth = 32

func importGraphML(data []byte) (*graph.Map, error) {
	doc, err := decodeGraphML(data)
	if err != nil {
		return nil, err
	}
	return convertGraphML(doc)
}

// gmlDecoder is the state of decodeGraphML between two tokens.
type gmlDecoder struct {
	dec        *xml.Decoder
	doc        *gmlDoc
	stack      []string // local names of the open elements
	rootSeen   bool
	key        *gmlKey    // the <key> being read
	owner      *[]gmlData // the data of the <node> or <edge> being read
	label      *string    // the yEd label of the <node> being read
	data       *gmlData   // the <data> being read
	text       strings.Builder
	inLabel    bool // in the y:NodeLabel of a <data>
	labelTaken bool // the <data> being read had its y:NodeLabel
}

// decodeGraphML reads data into a gmlDoc. It stops at the first problem of
// the XML or of its structure (a DTD, the depth, a second graph, too many
// nodes or edges) with the line of the element.
func decodeGraphML(data []byte) (*gmlDoc, error) {
	d := &gmlDecoder{dec: xml.NewDecoder(bytes.NewReader(data)), doc: &gmlDoc{keys: map[string]*gmlKey{}}}
	d.dec.Strict = true
	for {
		tok, err := d.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, d.syntaxError(err)
		}
		if err := d.token(tok); err != nil {
			return nil, err
		}
	}
	if !d.rootSeen {
		return nil, graph.Invalid("", "the file holds no <graphml> element")
	}
	if !d.doc.graph.seen {
		return nil, graph.Invalid("", "the file holds no <graph> element")
	}
	return d.doc, nil
}

func (d *gmlDecoder) line() int { l, _ := d.dec.InputPos(); return l }

func (d *gmlDecoder) at() string { return fmt.Sprintf("line %d", d.line()) }

// parent is the local name of the innermost open element, "" at the top.
func (d *gmlDecoder) parent() string {
	if len(d.stack) == 0 {
		return ""
	}
	return d.stack[len(d.stack)-1]
}

func (d *gmlDecoder) syntaxError(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return graph.Invalid(fmt.Sprintf("line %d", se.Line), "not well-formed XML: %s", se.Msg)
	}
	return graph.Invalid(d.at(), "not well-formed XML: %s", err)
}

func (d *gmlDecoder) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.Directive:
		return graph.Invalid(d.at(), "a DTD or entity declaration (<!…>) is not allowed")
	case xml.StartElement:
		return d.start(t)
	case xml.CharData:
		return d.chars(t)
	case xml.EndElement:
		d.end(t.Name.Local)
	}
	return nil
}

func (d *gmlDecoder) start(t xml.StartElement) error {
	parent := d.parent()
	d.stack = append(d.stack, t.Name.Local)
	switch {
	case len(d.stack) > maxXMLDepth:
		return graph.Invalid(d.at(), "elements are nested more than %d deep", maxXMLDepth)
	case len(d.stack) == 1:
		return d.startRoot(t.Name.Local)
	case d.data != nil:
		if t.Name.Local == "NodeLabel" && !d.labelTaken {
			d.inLabel = true
			d.text.Reset()
		}
		return nil
	}
	return d.startChild(parent, t)
}

func (d *gmlDecoder) startRoot(name string) error {
	if d.rootSeen {
		return graph.Invalid(d.at(), "a second root element <%s> after </graphml>", name)
	}
	if name != "graphml" {
		return graph.Invalid(d.at(), "the root element is <%s>, not <graphml>", name)
	}
	d.rootSeen = true
	return nil
}

// startChild handles an element outside <data> by its parent and its name
// (an XML name holds no '/').
func (d *gmlDecoder) startChild(parent string, t xml.StartElement) error {
	switch parent + "/" + t.Name.Local {
	case "graphml/key":
		return d.startKey(t)
	case "key/default":
		if d.key != nil {
			d.key.hasDef = true
			d.text.Reset()
		}
	case "graphml/graph":
		return d.startGraph(t)
	case "graph/node":
		return d.startNode(t)
	case "graph/edge":
		return d.startEdge(t)
	case "graph/hyperedge":
		return graph.Invalid(d.at(), "<hyperedge> is not supported; a relation joins two functions")
	case "node/graph", "edge/graph":
		return graph.Invalid(d.at(), "nested graphs are not supported")
	case "graph/data", "node/data", "edge/data":
		d.data = &gmlData{key: attr(t, "key"), line: d.line()}
		d.text.Reset()
	}
	return nil
}

func (d *gmlDecoder) startKey(t xml.StartElement) error {
	id := attr(t, "id")
	if id == "" {
		return graph.Invalid(d.at(), "<key> has no id")
	}
	if _, dup := d.doc.keys[id]; dup {
		return graph.Invalid(d.at(), "<key id='%s'> is declared twice", id)
	}
	k := &gmlKey{id: id, domain: attr(t, "for"), name: strings.ToLower(attr(t, "attr.name")), typ: attr(t, "attr.type"), line: d.line()}
	if k.name == "" {
		k.name = strings.ToLower(id)
	}
	d.doc.keys[id] = k
	d.key = k
	return nil
}

func (d *gmlDecoder) startGraph(t xml.StartElement) error {
	g := &d.doc.graph
	if g.seen {
		return graph.Invalid(d.at(), "a second <graph>; one map is one graph")
	}
	g.seen, g.edgeDefault, g.line = true, attr(t, "edgedefault"), d.line()
	return nil
}

func (d *gmlDecoder) startNode(t xml.StartElement) error {
	g := &d.doc.graph
	if len(g.nodes) == graph.MaxFunctions {
		return tooMany(graph.MaxFunctions+1, 0)
	}
	n := &gmlNode{id: attr(t, "id"), line: d.line()}
	g.nodes = append(g.nodes, n)
	d.owner, d.label = &n.data, &n.yedLabel
	return nil
}

func (d *gmlDecoder) startEdge(t xml.StartElement) error {
	g := &d.doc.graph
	if len(g.edges) == graph.MaxRelations {
		return tooMany(len(g.nodes), graph.MaxRelations+1)
	}
	e := &gmlEdge{id: attr(t, "id"), source: attr(t, "source"), target: attr(t, "target"), line: d.line()}
	g.edges = append(g.edges, e)
	d.owner, d.label = &e.data, nil
	return nil
}

// chars keeps the text directly inside a <data> (that of other elements in
// it is yEd's or Gephi's markup), inside its first yEd label, and inside a
// <default>.
func (d *gmlDecoder) chars(t xml.CharData) error {
	if len(d.stack) == 0 {
		if len(bytes.TrimSpace(t)) > 0 {
			return graph.Invalid(d.at(), "text outside the <graphml> element; this is not a GraphML file")
		}
		return nil
	}
	if top := d.parent(); (d.data != nil && top == "data") || d.inLabel || top == "default" {
		d.text.Write(t)
	}
	return nil
}

func (d *gmlDecoder) end(name string) {
	d.stack = d.stack[:len(d.stack)-1] // the decoder matches end and start elements
	parent := d.parent()
	if d.inLabel && name == "NodeLabel" {
		d.endLabel()
		return
	}
	switch parent + "/" + name {
	case "graph/data", "node/data", "edge/data":
		if d.data != nil {
			d.endData(parent)
		}
	case "key/default":
		if d.key != nil {
			d.key.def = d.text.String()
		}
	case "graphml/key":
		d.key = nil
	case "graph/node", "graph/edge":
		d.owner, d.label = nil, nil
	}
}

func (d *gmlDecoder) endLabel() {
	if d.label != nil && *d.label == "" {
		*d.label = d.text.String()
	}
	d.inLabel, d.labelTaken = false, true
	d.text.Reset()
}

func (d *gmlDecoder) endData(parent string) {
	d.data.value = d.text.String()
	if parent == "graph" {
		d.doc.graph.data = append(d.doc.graph.data, *d.data)
	} else if d.owner != nil {
		*d.owner = append(*d.owner, *d.data)
	}
	d.data, d.labelTaken = nil, false
	d.text.Reset()
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// gmlValues are the data of one element by key name (attr.name in lower
// case), falling back to the defaults of the keys for its domain.
type gmlValues struct {
	data, defaults map[string]string
}

// lookup returns the value of the key named name and whether the element
// or a default gives one.
func (v gmlValues) lookup(name string) (string, bool) {
	if s, ok := v.data[name]; ok {
		return s, true
	}
	s, ok := v.defaults[name]
	return s, ok
}

func (v gmlValues) get(name string) string {
	s, _ := v.lookup(name)
	return s
}

// defaults returns the defaults of the keys for domain (or for all) by key
// name. Two keys may share a name: the one whose id sorts last wins, every
// time.
func (doc *gmlDoc) defaults(domain string) map[string]string {
	ids := make([]string, 0, len(doc.keys))
	for id, k := range doc.keys {
		if k.hasDef && (k.domain == domain || k.domain == "all" || k.domain == "") {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	def := make(map[string]string, len(ids))
	for _, id := range ids {
		k := doc.keys[id]
		def[k.name] = k.def
	}
	return def
}

// values resolves the data of one element to its gmlValues, reporting
// data that refer to no key.
func (doc *gmlDoc) values(defaults map[string]string, data []gmlData, ps *problems) gmlValues {
	v := gmlValues{data: make(map[string]string, len(data)), defaults: defaults}
	for _, d := range data {
		k, ok := doc.keys[d.key]
		if !ok {
			ps.add(fmt.Sprintf("line %d", d.line), "<data key='%s'> refers to no <key>", d.key)
			continue
		}
		v.data[k.name] = d.value
	}
	return v
}

// convertGraphML turns a decoded file into a map ready to store, or
// returns every problem of its content, each naming the element and line.
func convertGraphML(doc *gmlDoc) (*graph.Map, error) {
	ps := &problems{}
	m := &graph.Map{}
	gv := doc.values(doc.defaults("graph"), doc.graph.data, ps)
	m.Title, m.Task, m.Description = gv.get("title"), gv.get("task"), gv.get("description")

	o := &origin{fields: map[string]string{"a": "source", "b": "target"}}
	index := convertNodes(doc, m, o, ps)
	ends := convertEdges(doc, m, o, index, ps)
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

// convertNodes adds a function to m for every node and returns the index
// of each node id in m.Functions (of the last node, if two share it).
func convertNodes(doc *gmlDoc, m *graph.Map, o *origin, ps *problems) map[string]int {
	defaults := doc.defaults("node")
	nodes := doc.graph.nodes
	index := make(map[string]int, len(nodes))
	for i, n := range nodes {
		where := fmt.Sprintf("node '%s' (line %d)", n.id, n.line)
		o.functions = append(o.functions, where)
		if n.id == "" {
			ps.add(fmt.Sprintf("line %d", n.line), "<node> has no id")
		} else if j, dup := index[n.id]; dup {
			ps.add(where, "the id is already used by the node on line %d", nodes[j].line)
		}
		index[n.id] = i
		v := doc.values(defaults, n.data, ps)
		m.Functions = append(m.Functions, convertNode(n, v, where, ps))
	}
	return index
}

// convertNode names the function by the first of its name, label, yEd label
// and id; an id that is no valid function id is left to AssignIDs.
func convertNode(n *gmlNode, v gmlValues, where string, ps *problems) graph.Function {
	f := graph.Function{Name: v.get("name"), Group: v.get("group"), Note: v.get("note")}
	for _, name := range []string{v.get("label"), n.yedLabel, n.id} {
		if f.Name == "" {
			f.Name = name
		}
	}
	if graph.ValidID(n.id) {
		f.ID = n.id
	}
	if s := strings.TrimSpace(v.get("center")); s != "" {
		c, err := strconv.ParseBool(s)
		if err != nil {
			ps.add(where, "center %s is not true or false", quoteText(s))
		}
		f.Center = c
	}
	f.X = coordinate(v, "x", where, ps)
	f.Y = coordinate(v, "y", where, ps)
	return f
}

func coordinate(v gmlValues, key, where string, ps *problems) *float64 {
	s := strings.TrimSpace(v.get(key))
	if s == "" {
		return nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		ps.add(where, "%s %s is not a number", key, quoteText(s))
		return nil
	}
	return &x
}

// convertEdges adds a relation to m for every edge and returns the indexes
// in m.Functions of the ends of each.
func convertEdges(doc *gmlDoc, m *graph.Map, o *origin, index map[string]int, ps *problems) [][2]int {
	defaults := doc.defaults("edge")
	ends := make([][2]int, 0, len(doc.graph.edges))
	for _, e := range doc.graph.edges {
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
		v := doc.values(defaults, e.data, ps)
		r := graph.Relation{Note: v.get("note"), Rating: edgeRating(v, where, ps)}
		if graph.ValidID(e.id) {
			r.ID = e.id
		}
		m.Relations = append(m.Relations, r)
	}
	return ends
}

// edgeRating reads the rating, or else the weight (the tie strength).
func edgeRating(v gmlValues, where string, ps *problems) graph.Rating {
	if s, ok := v.lookup("rating"); ok {
		rt, ok := parseRating(s)
		if !ok {
			ps.add(where, "rating %s is not one of 1, 2, 3, Høj, Middel, Lav", quoteText(s))
		}
		return rt
	}
	s := strings.TrimSpace(v.get("weight"))
	if s == "" {
		return graph.Unrated
	}
	w, err := strconv.ParseFloat(s, 64)
	if err != nil || (w != 1 && w != 2 && w != 3) {
		ps.add(where, "weight %s is not 3, 2 or 1 (tie strength: High, Middle, Low); give a 'rating' key instead", quoteText(s))
		return graph.Unrated
	}
	return graph.Rating(4 - int(w))
}
