// Package render draws a relationship map (graph.Map) as SVG, PNG and PDF: the
// diagram a workshop looks at, where circles are the functions, lines the
// relations coloured by rating, and the weakest ties (Low, 3) are drawn
// thickest, dashed and on top. It also draws the heat map of ratings
// (MatrixSVG) and a map's changes since an earlier version (CompareSVG),
// and composes the PDF report for leaders (Report, report.go).
// It does not read or store maps, analyse them (graph does) or serve them
// (api does).
//
// # One pipeline
//
// Data flows one way through three stages:
//
//   - place — placement.go is the one boundary to the placement engine
//     (render/internal/place; until it lands, the first release's placer
//     behind the same API in render/internal/oldplace). Its input is pure
//     geometry: circles sized to their names (labels.go), pins and
//     remembered positions, lines; its output is positions and a scale.
//     Placement happens in a reference frame — the map area of the screen
//     format without a side panel — that every drawing maps into its own
//     area (frame.go, view), so that a map keeps its arrangement across
//     formats, panels, exports and posters.
//   - compose — compose.go builds one display list (list.go): circles,
//     lines, rects, polygons and text runs with absolute coordinates in
//     drawing order, the meaning of what is drawn carried as structured
//     metadata on groups (class, data attributes, title). The parts that
//     depend only on the map's structure — the canvas, the detail, the
//     placement, header, legend and circles — are composed once per
//     structure (static.go) and shared as Layers; lines, badges (placed
//     clear of each other with a grid, lineplace.go), footer and side
//     panel (panel.go, compare.go) follow the ratings. A re-rated map
//     takes the lines and badges that did not change from the static
//     part's memo of them, as Layers too (relmemo.go). Drawing order is
//     decided in one place, composer.assemble. Matrix (matrix.go) and
//     comparison build lists too.
//   - draw — svg.go (ajstarks/svgo), png.go (x/image/vector, glyph
//     outlines of the Go fonts) and pdf.go (go-pdf/fpdf, vector paths and
//     text in the Go fonts, embedded) translate a list and decide nothing.
//
// Options are typed and parsed once (ParseOptions). A Renderer owns the
// memory of wrapped names, placements and static parts under one budget,
// least recently used first out; SVG, PNG, Compose, MatrixSVG and
// CompareSVG use a default Renderer.
//
// # Readable at every size
//
// Every ordinary function's name is set at one size on a map (the centre
// a little larger and bold); circles grow to their names, never names
// shrink to their circles. With Detail auto (the default) a map is drawn
// function by function when its names come out at least 11 px on the
// 1920-wide screen format (7 pt on A4), else by group: one circle per
// group with its name and number of functions and the mean and count of
// the relations within it, one line per pair of groups with relations
// between them, styled as their mean rating rounded to the nearest rating
// and labelled with the mean (one decimal) and the count ("2,4 · 12"), and
// a note on the map and in <desc> saying that the map is drawn by group.
// Detail full draws every function on a canvas grown as far as the names
// need; detail groups always draws by group.
//
// # Stable
//
// The same map, options and remembered positions give the same bytes.
// Group colours come from a hash of the group's name, not from the order
// of the functions; two groups of a map share a colour only when the
// palette has run out. Drawing.Positions are where the functions were
// placed, in the reference frame; given back as Options.Prev the placement
// keeps them as far as it can, so that the map stays put when it is
// re-rated, renamed or grows by a function (how far is the engine's
// promise; see render/internal/place).
//
// # The SVG contract
//
// A standalone SVG 1.1 document with a viewBox, role="img", <title
// id="map-title"> and <desc id="map-desc">, a font stack that works
// offline, no scripts, no external references and no transforms (but the
// matrix's rotated column labels); absolute coordinates throughout. All
// user text goes through escaping: svgo's Text for text, attr for
// attributes, never a style string. The root has the classes relationskort,
// layout-L and palette-P, and detail-groups when drawn by group. Then, in
// drawing order:
//
//	<g class="frame">           title, task, legend, footer; with a panel its
//	                            texts have class="panel …"
//	<g class="task-label">      the task in the middle when no function is the centre
//	<g class="ghosts">          comparison: <g class="ghost" data-a data-b> removed relations
//	<g class="relations">       <g class="relation rating-N" data-relation-id data-rating="N"
//	                            data-a data-b> with a <title> and a <line>; rating-none and
//	                            data-rating="" when unrated
//	<g class="functions">       <g class="function" (or "function center")
//	                            data-function-id data-group> with a <title>, a <circle>
//	                            and the name's <text> lines
//	<g class="relations relations-low">  the Low relations, above the circles
//	<g class="badges">          <g class="badge-group" data-relation-id data-rating> holding
//	                            <circle class="badge"> and <text class="badge-text">
//	<g class="markers">         <g class="marker attention" data-relation-id data-kind> and
//	                            <g class="marker change change-K" data-relation-id data-kind>
//
// Drawn by group, the functions' groups give way to
//
//	<text class="detail-note">  in the frame: the map is drawn by group
//	<g class="group-nodes">     <g class="group-node" data-group data-functions="n"
//	                            data-internal-count="n" data-internal-mean="m"> with a
//	                            <title>, a <circle>, the name, the count and a pill
//	                            (<rect class="badge">) with the mean and count within
//	<g class="relations">       <g class="relation group-relation rating-N" data-a-group
//	                            data-b-group data-mean="m" data-count="n" data-rated="n">
//	                            with a <title> and a <line> (rating-N of the rounded mean)
//	<g class="badges">          <g class="group-badge" data-a-group data-b-group> holding the
//	                            line's label: <rect class="badge"> and <text class="badge-text">
//
// data-mean is the mean rating to two decimals at most, "" when no
// relation of the pair is rated.
//
// Drawn from a rating round (Options.Round: the map is the round's, whose
// ratings are the combined medians, graph.RoundMap), function by function,
// every relation group also has
//
//	data-median="N" data-disagreement="0.714286" data-a-to-b="N" data-b-to-a="N"
//
// (each "" when the anonymity rule hides it), and the classes disputed
// (at least graph.DisputedShare of the answers differ from the median)
// and asymmetric (both directions shown and graph.OneSidedGap or more
// apart). A disputed relation has a light band under its line (the first
// <line> of its group) and its badge is <g class="badge-group badge-split"
// data-relation-id data-rating data-range="1–3"> with a <rect class="badge
// badge-range">, the median's disc and the range's <text
// class="badge-range-text">. A one-sided one is drawn as two <line>
// halves, A's half styled by A's median, and has <g class="end-badge"
// data-relation-id data-side="a|b" data-rating> at each end in the
// badges. The legend explains both marks; with panel=attention the panel
// adds the most one-sided and disputed ties with their reasons, numbered
// in <g class="marker attention round" data-kind="round">. A map drawn by
// group shows none of it.
package render
