package interchange

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
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
//
// A node that holds a graph of its own is a group (yEd's group nodes): its
// nodes and edges join the one map, the group is no function, and its label
// becomes the group of the functions in it.

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
	yedLabel string   // the first y:NodeLabel of yEd's node graphics
	parent   *gmlNode // the group node whose graph holds this one
	group    bool     // the node holds a graph: a yEd group node
}

type gmlEdge struct {
	id, source, target string
	line               int
	data               []gmlData
	yedLabel           string // the first y:EdgeLabel of yEd's edge graphics
}

// gmlData is a <data>: the value of the key it names, for its element.
type gmlData struct {
	key, value string
	line       int
}

const maxXMLDepth = 32

func importGraphML(data []byte, w *warnings) (*graph.Map, error) {
	doc, err := decodeGraphML(data)
	if err != nil {
		return nil, err
	}
	return convertGraphML(doc, w)
}

// gmlDecoder is the state of decodeGraphML between two tokens.
type gmlDecoder struct {
	dec        *xml.Decoder
	doc        *gmlDoc
	stack      []string // local names of the open elements
	rootSeen   bool
	key        *gmlKey    // the <key> being read
	owner      *[]gmlData // the data of the <node> or <edge> being read
	label      *string    // the yEd label of the <node> or <edge> being read
	data       *gmlData   // the <data> being read
	nodes      []*gmlNode // the open nodes, outermost first
	graphs     int        // the open graphs: 1 in the top one
	text       strings.Builder
	inLabel    bool // in the y:NodeLabel or y:EdgeLabel of a <data>
	labelTaken bool // the <data> being read had its label
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
		if (t.Name.Local == "NodeLabel" || t.Name.Local == "EdgeLabel") && !d.labelTaken {
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
	case "node/graph":
		// A group: yEd writes it as a node holding the graph of its members.
		d.nodes[len(d.nodes)-1].group = true
		d.graphs++
	case "edge/graph":
		return graph.Invalid(d.at(), "a graph inside an <edge> is not supported")
	case "graph/data":
		if d.graphs == 1 { // the data of a group's graph mean nothing to a map
			d.data = &gmlData{key: attr(t, "key"), line: d.line()}
			d.text.Reset()
		}
	case "node/data", "edge/data":
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
	d.graphs = 1
	return nil
}

func (d *gmlDecoder) startNode(t xml.StartElement) error {
	g := &d.doc.graph
	if len(g.nodes) == graph.MaxFunctions {
		return tooMany(graph.MaxFunctions+1, 0)
	}
	n := &gmlNode{id: attr(t, "id"), line: d.line()}
	if len(d.nodes) > 0 {
		n.parent = d.nodes[len(d.nodes)-1]
	}
	g.nodes = append(g.nodes, n)
	d.nodes = append(d.nodes, n)
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
	d.owner, d.label = &e.data, &e.yedLabel
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
	if d.inLabel && (name == "NodeLabel" || name == "EdgeLabel") {
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
	case "node/graph":
		d.graphs--
	case "graph/node":
		d.nodes = d.nodes[:len(d.nodes)-1]
		d.ownedByNode()
	case "graph/edge":
		d.ownedByNode()
	}
}

// ownedByNode makes the data that follow belong to the innermost open node
// (a group whose graph just ended a member), or to nothing.
func (d *gmlDecoder) ownedByNode() {
	d.owner, d.label = nil, nil
	if len(d.nodes) > 0 {
		n := d.nodes[len(d.nodes)-1]
		d.owner, d.label = &n.data, &n.yedLabel
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
// What it had to change to make a map of the file it tells in w.
func convertGraphML(doc *gmlDoc, w *warnings) (*graph.Map, error) {
	c := &gmlConverter{
		doc: doc, m: &graph.Map{}, ps: &problems{}, w: w,
		o:      &origin{fields: map[string]string{"a": "source", "b": "target"}},
		groups: map[*gmlNode]string{},
	}
	gv := doc.values(doc.defaults("graph"), doc.graph.data, c.ps)
	c.m.Title, c.m.Task, c.m.Description = gv.get("title"), gv.get("task"), gv.get("description")
	c.convertNodes()
	c.convertEdges()
	if err := c.ps.err(); err != nil {
		return nil, err
	}
	m := c.m
	m.AssignIDs()
	for i, e := range c.ends {
		m.Relations[i].A, m.Relations[i].B = m.Functions[e[0]].ID, m.Functions[e[1]].ID
	}
	if err := m.PrepareNew(); err != nil {
		return nil, c.o.rebase(err)
	}
	return m, nil
}

// gmlConverter is the state of convertGraphML.
type gmlConverter struct {
	doc    *gmlDoc
	m      *graph.Map
	o      *origin
	ps     *problems
	w      *warnings
	index  map[string]int      // node id → index in m.Functions, or isGroup
	groups map[*gmlNode]string // group node → its label, the functions' group
	ends   [][2]int            // indexes in m.Functions of the ends of each relation
}

// isGroup in gmlConverter.index marks the id of a group node.
const isGroup = -1

// convertNodes adds a function to m for every node that is not a group,
// and indexes every node id (the last node's, if two share it).
func (c *gmlConverter) convertNodes() {
	defaults := c.doc.defaults("node")
	nodes := c.doc.graph.nodes
	c.index = make(map[string]int, len(nodes))
	lines := make(map[string]int, len(nodes)) // node id → line of its last node
	for _, n := range nodes {
		where := fmt.Sprintf("node '%s' (line %d)", n.id, n.line)
		if n.id == "" {
			c.ps.add(fmt.Sprintf("line %d", n.line), "<node> has no id")
		} else if l, dup := lines[n.id]; dup {
			c.ps.add(where, "the id is already used by the node on line %d", l)
		}
		lines[n.id] = n.line
		v := c.doc.values(defaults, n.data, c.ps)
		if n.group {
			c.index[n.id] = isGroup
			c.groups[n] = firstOf(n.yedLabel, v.get("label"), v.get("name"))
			continue
		}
		c.index[n.id] = len(c.m.Functions)
		c.o.functions = append(c.o.functions, where)
		c.m.Functions = append(c.m.Functions, c.convertNode(n, v, where))
	}
}

func firstOf(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// convertNode names the function by the first of its name, label, yEd label
// and id, and puts it in the group of the yEd group node holding it unless
// it names a group of its own.
func (c *gmlConverter) convertNode(n *gmlNode, v gmlValues, where string) graph.Function {
	f := graph.Function{Name: v.get("name"), Group: v.get("group"), Note: v.get("note")}
	for _, name := range []string{v.get("label"), n.yedLabel, n.id} {
		if f.Name == "" {
			f.Name = name
		}
	}
	if f.Group == "" && n.parent != nil {
		f.Group = c.groups[n.parent]
	}
	f.ID = nodeID(n, v)
	if s := strings.TrimSpace(v.get("center")); s != "" {
		ctr, err := strconv.ParseBool(s)
		if err != nil {
			c.ps.add(where, "center %s is not true or false", quoteText(s))
		}
		f.Center = ctr
	}
	f.X = coordinate(v, "x", where, c.ps)
	f.Y = coordinate(v, "y", where, c.ps)
	return f
}

// nodeID picks the function id of a node. igraph numbers its nodes n0, n1,
// … when it writes GraphML and keeps the id it read in a data key named
// "id" (its "name" is our name), so that key comes first; then the node's
// own id. An id that is no valid function id is left to AssignIDs.
func nodeID(n *gmlNode, v gmlValues) string {
	if id := strings.TrimSpace(v.get("id")); graph.ValidID(id) {
		return id
	}
	if graph.ValidID(n.id) {
		return n.id
	}
	return ""
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
	if math.IsNaN(x) { // igraph's and pandas' "no value"
		return nil
	}
	return &x
}

// convertEdges adds a relation to m for every edge between two functions.
// Edges that join the same two functions, in either direction, are one
// relation: the first edge's, with the worse rating and both notes. Edges
// to a group node are left out. Both are told in the warnings.
func (c *gmlConverter) convertEdges() {
	defaults := c.doc.defaults("edge")
	pairs := map[[2]int]int{} // function pair → index in m.Relations
	where := make([]string, 0, len(c.doc.graph.edges))
	for _, e := range c.doc.graph.edges {
		at := edgeWhere(e)
		v := c.doc.values(defaults, e.data, c.ps)
		a, okA := c.end(e.source, "source", at)
		b, okB := c.end(e.target, "target", at)
		r := graph.Relation{Note: v.get("note"), Rating: c.edgeRating(e, v, at), ID: edgeID(e, v)}
		if !okA || !okB {
			continue
		}
		pair := [2]int{min(a, b), max(a, b)}
		if i, dup := pairs[pair]; dup && a != b {
			c.merge(i, r, at, where[i])
			continue
		}
		pairs[pair] = len(c.m.Relations)
		where = append(where, at)
		c.o.relations = append(c.o.relations, at)
		c.ends = append(c.ends, [2]int{a, b})
		c.m.Relations = append(c.m.Relations, r)
	}
}

func edgeWhere(e *gmlEdge) string {
	if e.id == "" {
		return fmt.Sprintf("edge %s–%s (line %d)", quoteText(e.source), quoteText(e.target), e.line)
	}
	return fmt.Sprintf("edge '%s' (line %d)", e.id, e.line)
}

// edgeID is the id of an edge, or the one networkx and igraph keep in a
// data key named "id", when it is a valid relation id.
func edgeID(e *gmlEdge, v gmlValues) string {
	if id := strings.TrimSpace(v.get("id")); graph.ValidID(id) {
		return id
	}
	if graph.ValidID(e.id) {
		return e.id
	}
	return ""
}

// end returns the index in m.Functions of the node id at one end of an edge.
// An unknown id is a problem; a group node a warning.
func (c *gmlConverter) end(id, side, where string) (int, bool) {
	i, ok := c.index[id]
	switch {
	case !ok:
		c.ps.add(where, "%s %s is not the id of a node", side, quoteText(id))
		return 0, false
	case i == isGroup:
		c.w.add(where, "its %s %s is a group, not a function; the edge is left out", side, quoteText(id))
		return 0, false
	}
	return i, true
}

// merge folds relation r, from the edge at where, into relation i, made
// from the edge at first.
func (c *gmlConverter) merge(i int, r graph.Relation, where, first string) {
	into := &c.m.Relations[i]
	before := into.Rating
	into.Rating = worse(into.Rating, r.Rating)
	notes := ""
	if r.Note != "" && r.Note != into.Note {
		if into.Note != "" {
			into.Note += "\n"
			notes = "; the notes are joined"
		}
		into.Note += r.Note
	}
	var rating string
	switch {
	case before == r.Rating && !before.Rated():
		rating = "both unrated"
	case before == r.Rating:
		rating = "both rated " + ratingText(before)
	case before.Rated() && r.Rating.Rated():
		rating = "rated " + ratingText(before) + " and " + ratingText(r.Rating) + "; the worse, " + ratingText(into.Rating) + ", is kept"
	default:
		rating = "the rating " + ratingText(into.Rating) + " is kept"
	}
	c.w.add(where, "joins the same two functions as %s: one relation (%s%s)", first, rating, notes)
}

// worse returns the weaker of two ratings (3, Low, is the weakest); a rated
// relation wins over an unrated one.
func worse(x, y graph.Rating) graph.Rating {
	if !x.Rated() {
		return y
	}
	if !y.Rated() {
		return x
	}
	return max(x, y)
}

func ratingText(r graph.Rating) string {
	if !r.Rated() {
		return "unrated"
	}
	return fmt.Sprintf("%s (%d)", englishWords.rating[r], r)
}

// edgeRating reads the rating, or else the weight (the tie strength), or
// else a yEd edge label that is a rating ("Lav", "3").
func (c *gmlConverter) edgeRating(e *gmlEdge, v gmlValues, where string) graph.Rating {
	if s, ok := v.lookup("rating"); ok {
		return graphMLRating(s, where, c.ps)
	}
	if s := strings.TrimSpace(v.get("weight")); s != "" {
		w, err := strconv.ParseFloat(s, 64)
		if err != nil || (w != 1 && w != 2 && w != 3) {
			c.ps.add(where, "weight %s is not 3, 2 or 1 (tie strength: High, Middle, Low); give a 'rating' key instead", quoteText(s))
			return graph.Unrated
		}
		return graph.Rating(4 - int(w))
	}
	if l := strings.TrimSpace(e.yedLabel); l != "" {
		if r, ok := parseRating(l); ok {
			return r
		}
		c.w.add(where, "the label %s is not a rating (1, 2, 3, Høj, Middel, Lav); the relation is unrated", quoteText(l))
	}
	return graph.Unrated
}

// graphMLRating reads the value of a rating key: a rating word or number,
// also as the float networkx and igraph write ("3.0"), or NaN (unrated).
func graphMLRating(s, where string, ps *problems) graph.Rating {
	if strings.EqualFold(strings.TrimSpace(s), "nan") {
		return graph.Unrated
	}
	rt, ok := parseRating(s)
	if ok {
		return rt
	}
	if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
		ps.add(where, "rating %s is not a whole number: 1 (High), 2 (Middle), 3 (Low) or 0 (unrated)", quoteText(s))
	} else {
		ps.add(where, "rating %s is not one of 1, 2, 3, Høj, Middel, Lav", quoteText(s))
	}
	return graph.Unrated
}
