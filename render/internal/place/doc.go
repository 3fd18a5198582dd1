// Package place computes where the circles of a relationship map go: the
// "place" stage of the render pipeline.
//
// It is pure geometry. Its input is a list of circles (a radius each, an
// optional group, at most one centre function, optional pinned and
// remembered positions), a list of straight lines between them and a
// drawing area; its output is a centre for each circle and a scale that
// the caller applies to radii, gaps and margins when the circles cannot
// fit at full size. It does not measure or draw text, choose colours,
// read a graph.Map, keep caches or do any I/O: the caller sizes each
// circle to its label before calling Place, remembers the positions it
// returns (to pass them back as Node.Prev) and draws afterwards.
//
// # Guarantees
//
// Tested on the four example maps, the 44 maps of the corpus
// (testdata/corpus, made by package corpus) and random maps up to 500
// functions and 5,000 relations:
//
//   - no two circles overlap: centres are at least r_i + r_j + Gap apart,
//     and at least r_i + r_j + EdgeGap when a line joins them (all lengths
//     times Result.Scale); pins the user put on top of each other
//     excepted, and, when a remembered layout is kept, a pin dropped on a
//     circle that was already in place (a fresh layout moves its circles
//     out of a pin's way);
//   - every circle lies inside the area (a pinned one may overhang);
//   - a fresh layout puts the centre function in the middle of the area;
//   - in Auto mode no line passes within LineMargin of a circle it does
//     not end at, on every example and corpus map; on dense random maps
//     that is impossible and LineHits counts the exceptions (see
//     TestPlace_Random), and Ring mode does not promise it at all;
//   - the same input gives the same output, to the bit: randomness is
//     seeded by node ids, iteration follows node order, coordinates are
//     rounded to 0.01;
//   - when every node has a Pin or a Prev, Place returns them as they are:
//     re-rating, renaming, adding or deleting a relation and deleting a
//     function move nothing, dragging moves only the dragged circle, even
//     when it is dropped onto another. With
//     Input.PrevScale the scale stays too, unless circles would overlap
//     (a circle grown by a longer name lowers the scale rather than move
//     its neighbours); a new line through a circle is left there, and
//     LineHits counts it. Without PrevScale the scale is a function of
//     the positions and radii alone (maxScale), so a layout fed back as
//     Prev still keeps its scale, but a deletion may let circles grow.
//
// # Auto mode
//
// Stress majorization (as neato; weights d⁻², the centre held in the
// middle of the others, nodes of different groups pushed a hop further
// apart) from a group-sector start, classical MDS and random starts; the
// start with fewest crossings is fitted to the area and then improved: a
// local search moves single nodes to spots where their lines cross fewer
// others, circles are spread apart and lines moved clear of circles
// (lowering the scale when the area is too small), a second search keeps
// every constraint, strays are taken back to their groups, and nodes are
// evened out towards their stress positions where that adds no crossing.
// The work done falls with the size of the map (see effortFor) and
// queries go through a grid on large maps, so that 500 functions and
// 5,000 relations lay out in well under a second. A caller that cannot
// use a layout below some scale says so (Input.MinScale), and a layout
// that starts, or once spread apart is, too small to reach it is not
// worked out further.
//
// # Ring mode
//
// The centre in the middle and the others on an ellipse filling the
// area, each group a contiguous sector; sectors and the nodes within them
// are ordered to reduce crossings (every sector order, then sifting), and
// a node may then step inwards along its ray where that crosses fewer
// lines.
//
// # Remembered positions
//
// A node with a Prev is kept there when every node has a Pin or a Prev;
// when at least half do, the new ones are fitted in one by one, each on
// the spot by its group and neighbours that breaks no constraint and
// crosses fewest lines, and only circles then in the way move aside.
// With fewer remembered positions the map is laid out afresh.
//
// Crossings, Overlaps, LineHits and GroupStrays are the measures the
// guarantees are stated in; tests, benchmarks and the renderer share them.
package place
