// The map document and what follows from it. Pure: no page, no network;
// tested with node --test (static/test/doc.test.js).

export const fnById = (map, id) => map?.functions.find((f) => f.id === id);
export const relById = (map, id) => map?.relations.find((r) => r.id === id);
// relationsOf lists the relations of function id.
export const relationsOf = (map, id) => (map ? map.relations.filter((r) => r.a === id || r.b === id) : []);
export const nameOf = (map, id) => (fnById(map, id) || { name: id }).name;

// pinned are the functions placed by hand (x and y given).
export const pinned = (map) => (map ? map.functions.filter((f) => f.x != null && f.y != null) : []);

// layoutOf is the layout the server draws: by hand when anything is
// pinned, else the automatic layout chosen.
export const layoutOf = (map, choice) => (pinned(map).length ? 'manual' : choice);

// between finds the relation joining a and b, either way round.
export const between = (map, a, b) =>
  map.relations.find((r) => (r.a === a && r.b === b) || (r.a === b && r.b === a));

// functionBody is a function as the API takes it back (POST), id and all.
export function functionBody(f) {
  const b = { id: f.id, name: f.name };
  if (f.group) b.group = f.group;
  if (f.center) b.center = true;
  if (f.note) b.note = f.note;
  if (f.x != null && f.y != null) { b.x = f.x; b.y = f.y; }
  return b;
}

export function relationBody(r) {
  const b = { id: r.id, a: r.a, b: r.b, rating: r.rating || null };
  if (r.note) b.note = r.note;
  return b;
}

// documentBody is the whole map as PUT takes it: restoring it puts every
// function and relation back with its id, in its order, so that what the
// server derives from them (colours by group, places) is as it was.
export function documentBody(map) {
  const b = { title: map.title || '', functions: map.functions.map(functionBody), relations: map.relations.map(relationBody) };
  if (map.task) b.task = map.task;
  if (map.description) b.description = map.description;
  return b;
}

// clone copies a map document deeply enough for undo.
export const clone = (map) => JSON.parse(JSON.stringify(map));

// undoDelete is how to take a deletion back. The page first tries to put
// the map back as it was (PUT of before, if nothing else changed since:
// If-Match on the version after the deletion); if someone changed the map
// in between, it adds back what was deleted (the steps), with the same ids.
export function undoDelete(before, kind, id) {
  if (kind === 'f') {
    const f = fnById(before, id);
    const rels = before.relations.filter((r) => r.a === id || r.b === id);
    return { document: documentBody(before), name: f ? f.name : id,
      steps: [['/functions', functionBody(f)], ...rels.map((r) => ['/relations', relationBody(r)])] };
  }
  const r = relById(before, id);
  return { document: documentBody(before), name: nameOf(before, r.a) + ' – ' + nameOf(before, r.b),
    steps: [['/relations', relationBody(r)]] };
}

// counts of a map for a room: functions, relations, rated relations.
export function counts(map) {
  const rated = map.relations.filter((r) => r.rating).length;
  return { functions: map.functions.length, relations: map.relations.length, rated };
}

// keepSelection is the selection after the map changed: kept while its
// item exists.
export function keepSelection(map, sel) {
  if (!sel) return null;
  return (sel.kind === 'f' ? fnById(map, sel.id) : relById(map, sel.id)) ? sel : null;
}

// tabOrder is the order the keyboard visits the diagram: each function,
// then those of its relations not visited yet ("functions, then their
// relations"). Items are 'f:id' and 'r:id'; functions in the given order.
export function tabOrder(functionIds, relations) {
  const out = [], seen = new Set();
  for (const f of functionIds) {
    out.push('f:' + f);
    for (const r of relations) {
      if ((r.a === f || r.b === f) && !seen.has(r.id)) { seen.add(r.id); out.push('r:' + r.id); }
    }
  }
  for (const r of relations) if (!seen.has(r.id)) out.push('r:' + r.id);
  return out;
}
