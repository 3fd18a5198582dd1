package interchange

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/relationskort/relationskort/graph"
)

// The GEXF versions Export writes. 1.2draft is the default: every reader
// tried reads it (networkx 2.8 reads 1.1draft and 1.2draft only, networkx
// 3.x both 1.2draft and 1.3, Gephi's importer every version from 1.0 by the
// elements' local names), and the export uses nothing that 1.3 added.
const (
	GEXF12 = "1.2"
	GEXF13 = "1.3"
)

// gexfNamespaces are the namespace, viz namespace and schema location of
// each version.
var gexfNamespaces = map[string][3]string{
	GEXF12: {"http://www.gexf.net/1.2draft", "http://www.gexf.net/1.2draft/viz", "http://www.gexf.net/1.2draft/gexf.xsd"},
	GEXF13: {"http://gexf.net/1.3", "http://gexf.net/1.3/viz", "http://gexf.net/1.3/gexf.xsd"},
}

// exportGEXF writes m as GEXF (version GEXF12 or GEXF13) for Gephi:
// functions with their name as label and group, centre and note as
// attribute values (and their pinned position as viz:position); relations
// with the tie strength as weight, the rating as an attribute and the
// rating's colour as viz:color. The title, task and description go into
// meta/description.
func exportGEXF(buf *bytes.Buffer, m *graph.Map, pal map[graph.Rating]string, version string) error {
	ns := gexfNamespaces[version]
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	buf.WriteString(`<gexf xmlns="` + ns[0] + `" xmlns:viz="` + ns[1] + `"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="` + ns[0] + ` ` + ns[2] + `" version="` + version + `">` + "\n")
	buf.WriteString("  <meta")
	if !m.UpdatedAt.IsZero() {
		fmt.Fprintf(buf, ` lastmodifieddate="%s"`, m.UpdatedAt.UTC().Format("2006-01-02"))
	}
	buf.WriteString(">\n    <creator>Relationskort</creator>\n")
	var desc []string
	for _, s := range []string{m.Title, m.Task, m.Description} {
		if s != "" {
			desc = append(desc, s)
		}
	}
	if len(desc) > 0 {
		buf.WriteString("    <description>")
		xmlText(buf, strings.Join(desc, "\n\n"))
		buf.WriteString("</description>\n")
	}
	buf.WriteString("  </meta>\n")
	buf.WriteString(`  <graph defaultedgetype="undirected" mode="static">` + "\n")
	buf.WriteString(`    <attributes class="node" mode="static">
      <attribute id="group" title="group" type="string"/>
      <attribute id="center" title="center" type="boolean">
        <default>false</default>
      </attribute>
      <attribute id="note" title="note" type="string"/>
    </attributes>
    <attributes class="edge" mode="static">
      <attribute id="rating" title="rating" type="integer"/>
      <attribute id="note" title="note" type="string"/>
    </attributes>
`)
	attvalues := func(pairs ...string) {
		var b bytes.Buffer
		for i := 0; i+1 < len(pairs); i += 2 {
			if pairs[i+1] == "" {
				continue
			}
			fmt.Fprintf(&b, `          <attvalue for="%s" value="`, pairs[i])
			xmlText(&b, pairs[i+1])
			b.WriteString("\"/>\n")
		}
		if b.Len() > 0 {
			buf.WriteString("        <attvalues>\n")
			buf.Write(b.Bytes())
			buf.WriteString("        </attvalues>\n")
		}
	}
	fmt.Fprintf(buf, "    <nodes count=\"%d\">\n", len(m.Functions))
	for _, f := range m.Functions {
		buf.WriteString(`      <node id="`)
		xmlText(buf, f.ID)
		buf.WriteString(`" label="`)
		xmlText(buf, f.Name)
		buf.WriteString("\">\n")
		center := ""
		if f.Center {
			center = "true"
		}
		attvalues("group", f.Group, "center", center, "note", f.Note)
		if f.X != nil && f.Y != nil {
			fmt.Fprintf(buf, "        <viz:position x=\"%s\" y=\"%s\" z=\"0\"/>\n", formatFloat(*f.X), formatFloat(*f.Y))
		}
		buf.WriteString("      </node>\n")
	}
	buf.WriteString("    </nodes>\n")
	fmt.Fprintf(buf, "    <edges count=\"%d\">\n", len(m.Relations))
	for _, r := range m.Relations {
		buf.WriteString(`      <edge id="`)
		xmlText(buf, r.ID)
		buf.WriteString(`" source="`)
		xmlText(buf, r.A)
		buf.WriteString(`" target="`)
		xmlText(buf, r.B)
		buf.WriteString(`"`)
		rating := ""
		if r.Rating.Rated() {
			fmt.Fprintf(buf, ` weight="%d"`, strength(r.Rating))
			rating = strconv.Itoa(int(r.Rating))
		}
		buf.WriteString(">\n")
		attvalues("rating", rating, "note", r.Note)
		cr, cg, cb := rgb(pal[r.Rating])
		fmt.Fprintf(buf, "        <viz:color r=\"%d\" g=\"%d\" b=\"%d\"/>\n", cr, cg, cb)
		buf.WriteString("      </edge>\n")
	}
	buf.WriteString("    </edges>\n  </graph>\n</gexf>\n")
	return nil
}
