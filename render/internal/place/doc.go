// Package place computes where the circles of a relationship map go: the
// "place" stage of the render pipeline.
//
// It is pure geometry. Its input is a list of circles (a radius each, an
// optional group, at most one centre function, optional pinned and
// remembered positions), a list of straight lines between them and a
// drawing area; its output is a centre for each circle and a scale that
// the caller applies to the radii when the circles cannot fit at full
// size. It does not measure or draw text, choose colours, read a
// graph.Map or do any I/O; the caller sizes each circle to its label
// before calling Place and draws afterwards.
//
// What a layout guarantees (tested on the example maps, a corpus of 44
// generated maps and random maps up to 500 functions and 5,000
// relations):
//
//   - no two circles overlap: centres are at least r_i + r_j + Gap apart
//     (all lengths times Result.Scale);
//   - every circle lies inside the area;
//   - the centre function sits in the middle of the area;
//   - in a fresh layout no line passes within LineMargin of a circle it
//     does not end at, unless the map is too dense for that (then
//     LineHits counts the exceptions);
//   - the same input always gives the same output, to the bit;
//   - remembered positions (Node.Prev) are kept: when every node has one,
//     Place returns them unchanged, and a new node is fitted in among the
//     others, which move little or not at all; pinned nodes never move.
//
// Two layouts exist. Auto (the default) is a network layout: stress
// majorization from several group-aware starts, then a local search that
// moves single nodes to lower the number of crossing lines, overlap
// removal and line clearance that never add a crossing, and a fit that
// spreads the drawing over the area. Ring puts the centre in the middle
// and the other circles on an ellipse, each group a contiguous sector,
// ordered to reduce crossings.
//
// Crossings, Overlaps, LineHits and GroupStrays are the measures the
// guarantees are stated in; tests, benchmarks and the renderer share them.
package place
