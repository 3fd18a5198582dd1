package render

import (
	"strings"
)

// scene is what a display list draws, read back by meaning: the tests
// check the guarantees on it, so that they hold for what is drawn.
type scene struct {
	functions []sceneNode // g.function, in drawing order
	middle    *sceneNode  // the task label
	groups    []sceneNode // g.group-node
	relations []sceneLine // g.relation, functions' and groups'
	badges    []sceneBadge
	markers   []sceneMarker
	texts     []*Text // every text, in drawing order

	// pinned are the functions the user pinned (set by the test that
	// pinned them): circles the user put on top of each other, or on a
	// line, stay where the user put them.
	pinned map[string]bool
}

type sceneNode struct {
	id, group string
	centre    bool
	pinned    bool // see scene.pinned
	circle    *Circle
	texts     []*Text
}

type sceneLine struct {
	id, a, b, rating string
	group            *Group
	line             *Line
}

type sceneBadge struct {
	relationID string
	circle     *Circle // a rating badge
	rect       *Rect   // a group relation's label
	text       *Text
}

type sceneMarker struct {
	relationID, class, text string
	rect                    *Rect
}

func attrOf(g *Group, name string) string {
	for _, a := range g.Data {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

func hasClass(g *Group, class string) bool {
	for _, c := range strings.Fields(g.Class) {
		if c == class {
			return true
		}
	}
	return false
}

// readScene walks l's groups.
func readScene(l *List) *scene {
	s := &scene{}
	var stack []*Group
	var node *sceneNode
	var line *sceneLine
	var badge *sceneBadge
	var mk *sceneMarker
	for _, it := range l.Flat() {
		switch v := it.(type) {
		case *Group:
			stack = append(stack, v)
			switch {
			case hasClass(v, "function"):
				s.functions = append(s.functions, sceneNode{id: attrOf(v, "function-id"), group: attrOf(v, "group"), centre: hasClass(v, "center")})
				node = &s.functions[len(s.functions)-1]
			case hasClass(v, "group-node"):
				s.groups = append(s.groups, sceneNode{id: attrOf(v, "group"), group: attrOf(v, "group")})
				node = &s.groups[len(s.groups)-1]
			case hasClass(v, "task-label"):
				s.middle = &sceneNode{id: "(middle)"}
				node = s.middle
			case hasClass(v, "relation"):
				s.relations = append(s.relations, sceneLine{id: attrOf(v, "relation-id"), a: attrOf(v, "a"), b: attrOf(v, "b"), rating: attrOf(v, "rating"), group: v})
				line = &s.relations[len(s.relations)-1]
			case hasClass(v, "badge-group") || hasClass(v, "group-badge"):
				s.badges = append(s.badges, sceneBadge{relationID: attrOf(v, "relation-id")})
				badge = &s.badges[len(s.badges)-1]
			case hasClass(v, "marker"):
				s.markers = append(s.markers, sceneMarker{relationID: attrOf(v, "relation-id"), class: v.Class})
				mk = &s.markers[len(s.markers)-1]
			}
		case End:
			g := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch {
			case hasClass(g, "function") || hasClass(g, "group-node") || hasClass(g, "task-label"):
				node = nil
			case hasClass(g, "relation"):
				line = nil
			case hasClass(g, "badge-group") || hasClass(g, "group-badge"):
				badge = nil
			case hasClass(g, "marker"):
				mk = nil
			}
		case *Circle:
			switch {
			case badge != nil:
				badge.circle = v
			case node != nil && node.circle == nil:
				node.circle = v
			}
		case *Rect:
			switch {
			case badge != nil:
				badge.rect = v
			case mk != nil:
				mk.rect = v
			}
		case *Line:
			if line != nil {
				line.line = v
			}
		case *Text:
			s.texts = append(s.texts, v)
			switch {
			case badge != nil:
				badge.text = v
			case mk != nil:
				mk.text = v.S
			case node != nil:
				node.texts = append(node.texts, v)
			}
		}
	}
	return s
}
