"""Read GraphML from stdin with networkx or igraph and write it back to stdout.

    python3 roundtrip.py networkx < map.graphml > again.graphml
    python3 roundtrip.py igraph < map.graphml > again.graphml
    python3 roundtrip.py networkx-floats > floats.graphml   # a graph made in networkx
    python3 roundtrip.py networkx-gexf < map.gexf            # what networkx reads, as JSON

The interchange tests run it where python3 has the library, and the files
beside it were made with it (networkx 2.8.8 and 3.6.1, python-igraph 0.10.2).
"""
import os
import sys
import tempfile


def networkx_roundtrip():
    import networkx as nx
    g = nx.read_graphml(sys.stdin.buffer)
    nx.write_graphml(g, sys.stdout.buffer)


def networkx_floats():
    # A map made in networkx by hand: numbers are floats, as pandas and
    # most Python code make them; edge ids as an attribute.
    import networkx as nx
    g = nx.Graph(title="Lavet i networkx")
    g.add_node("hjemmepleje", name="Hjemmeplejen", group="Kommune")
    g.add_node("laege", name="Egen læge", group="Almen praksis")
    g.add_node("borger", name="Borgeren", center=True)
    g.add_edge("hjemmepleje", "laege", id="r7", rating=3.0, note="Ringer ikke tilbage")
    g.add_edge("borger", "hjemmepleje", id="r8", rating=1.0)
    g.add_edge("borger", "laege", id="r9", rating=0.0)
    nx.write_graphml(g, sys.stdout.buffer)


def networkx_gexf():
    import json
    import networkx as nx
    g = nx.read_gexf(sys.stdin.buffer)
    json.dump({
        "version": nx.__version__,
        "nodes": [[n, d.get("label"), d.get("group", ""), d.get("center", False)] for n, d in g.nodes(data=True)],
        "edges": sorted([d.get("id"), d.get("rating"), d.get("weight")] for _, _, d in g.edges(data=True)),
    }, sys.stdout)


def igraph_roundtrip():
    import igraph as ig
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "in.graphml"), os.path.join(d, "out.graphml")
        with open(src, "wb") as f:
            f.write(sys.stdin.buffer.read())
        ig.Graph.Read_GraphML(src).write_graphml(dst)
        with open(dst, "rb") as f:
            sys.stdout.buffer.write(f.read())


if __name__ == "__main__":
    {"networkx": networkx_roundtrip, "networkx-floats": networkx_floats,
     "networkx-gexf": networkx_gexf, "igraph": igraph_roundtrip}[sys.argv[1]]()
