"""pdfplumber's table geometry on plain edge dicts: rules snapped and joined, their crossings, cells grouped into
tables.

Copied from pdfplumber 0.11.10 (``pdfplumber/table.py``, ``utils/geometry.py``, ``utils/clustering.py``;
MIT licence, Copyright (c) 2015 Jeremy Singer-Vine), the code unchanged but for names and type hints, so
that the pdfium engine finds ruled tables without importing pdfplumber: importing it loads pdfminer and
charset_normalizer, about 0.1 s of CPU a run for three pure functions.  The plumber engine still reads pages
with pdfplumber; tests/test_speed_shortcuts.py checks that these give pdfplumber's own results.
"""
from __future__ import annotations

import itertools
from operator import itemgetter


# ---- utils/clustering.py

def cluster_list(xs: list, tolerance: float = 0) -> list[list]:
    if tolerance == 0:
        return [[x] for x in sorted(xs)]
    if len(xs) < 2:
        return [[x] for x in sorted(xs)]
    groups = []
    xs = list(sorted(xs))
    current_group = [xs[0]]
    last = xs[0]
    for x in xs[1:]:
        if x <= (last + tolerance):
            current_group.append(x)
        else:
            groups.append(current_group)
            current_group = [x]
        last = x
    groups.append(current_group)
    return groups


def make_cluster_dict(values, tolerance: float) -> dict:
    clusters = cluster_list(list(set(values)), tolerance)
    nested_tuples = [[(val, i) for val in value_cluster] for i, value_cluster in enumerate(clusters)]
    return dict(itertools.chain(*nested_tuples))


def cluster_objects(xs: list, key_fn, tolerance: float, preserve_order: bool = False) -> list[list]:
    if not callable(key_fn):
        key_fn = itemgetter(key_fn)
    values = map(key_fn, xs)
    cluster_dict = make_cluster_dict(values, tolerance)
    get_0, get_1 = itemgetter(0), itemgetter(1)
    if preserve_order:
        cluster_tuples = [(x, cluster_dict.get(key_fn(x))) for x in xs]
    else:
        cluster_tuples = sorted(((x, cluster_dict.get(key_fn(x))) for x in xs), key=get_1)
    grouped = itertools.groupby(cluster_tuples, key=get_1)
    return [list(map(get_0, v)) for k, v in grouped]


# ---- utils/geometry.py

def move_object(obj: dict, axis: str, value: float) -> dict:
    assert axis in ("h", "v")
    if axis == "h":
        new_items = [("x0", obj["x0"] + value), ("x1", obj["x1"] + value)]
    if axis == "v":
        new_items = [("top", obj["top"] + value), ("bottom", obj["bottom"] + value)]
        if "doctop" in obj:
            new_items += [("doctop", obj["doctop"] + value)]
        if "y0" in obj:
            new_items += [("y0", obj["y0"] - value), ("y1", obj["y1"] - value)]
    return obj.__class__(tuple(obj.items()) + tuple(new_items))


def snap_objects(objs, attr: str, tolerance: float) -> list[dict]:
    axis = {"x0": "h", "x1": "h", "top": "v", "bottom": "v"}[attr]
    list_objs = list(objs)
    clusters = cluster_objects(list_objs, itemgetter(attr), tolerance)
    avgs = [sum(map(itemgetter(attr), cluster)) / len(cluster) for cluster in clusters]
    snapped_clusters = [[move_object(obj, axis, avg - obj[attr]) for obj in cluster]
                        for cluster, avg in zip(clusters, avgs)]
    return list(itertools.chain(*snapped_clusters))


def resize_object(obj: dict, key: str, value: float) -> dict:
    assert key in ("x0", "x1", "top", "bottom")
    old_value = obj[key]
    diff = value - old_value
    new_items = [(key, value)]
    if key == "x0":
        assert value <= obj["x1"]
        new_items.append(("width", obj["x1"] - value))
    elif key == "x1":
        assert value >= obj["x0"]
        new_items.append(("width", value - obj["x0"]))
    elif key == "top":
        assert value <= obj["bottom"]
        new_items.append(("doctop", obj["doctop"] + diff))
        new_items.append(("height", obj["height"] - diff))
        if "y1" in obj:
            new_items.append(("y1", obj["y1"] - diff))
    elif key == "bottom":
        assert value >= obj["top"]
        new_items.append(("height", obj["height"] + diff))
        if "y0" in obj:
            new_items.append(("y0", obj["y0"] - diff))
    return obj.__class__(tuple(obj.items()) + tuple(new_items))


# ---- table.py

def snap_edges(edges: list[dict], x_tolerance: float = 3, y_tolerance: float = 3) -> list[dict]:
    """Snap edges within ``tolerance`` of one another to their positional average."""
    by_orientation: dict[str, list] = {"v": [], "h": []}
    for e in edges:
        by_orientation[e["orientation"]].append(e)
    snapped_v = snap_objects(by_orientation["v"], "x0", x_tolerance)
    snapped_h = snap_objects(by_orientation["h"], "top", y_tolerance)
    return snapped_v + snapped_h


def join_edge_group(edges, orientation: str, tolerance: float = 3) -> list[dict]:
    """Join edges along the same infinite line that are within ``tolerance`` of one another."""
    if orientation == "h":
        min_prop, max_prop = "x0", "x1"
    elif orientation == "v":
        min_prop, max_prop = "top", "bottom"
    else:
        raise ValueError("Orientation must be 'v' or 'h'")
    sorted_edges = list(sorted(edges, key=itemgetter(min_prop)))
    joined = [sorted_edges[0]]
    for e in sorted_edges[1:]:
        last = joined[-1]
        if e[min_prop] <= (last[max_prop] + tolerance):
            if e[max_prop] > last[max_prop]:
                joined[-1] = resize_object(last, max_prop, e[max_prop])  # extend to the new extremity
        else:
            joined.append(e)
    return joined


def merge_edges(edges: list[dict], snap_x_tolerance: float, snap_y_tolerance: float, join_x_tolerance: float,
                join_y_tolerance: float) -> list[dict]:
    """`snap_edges`, then `join_edge_group` on each line: a more seamless list of edges."""
    def get_group(edge: dict) -> tuple:
        if edge["orientation"] == "h":
            return ("h", edge["top"])
        else:
            return ("v", edge["x0"])

    if snap_x_tolerance > 0 or snap_y_tolerance > 0:
        edges = snap_edges(edges, snap_x_tolerance, snap_y_tolerance)
    _sorted = sorted(edges, key=get_group)
    edge_groups = itertools.groupby(_sorted, key=get_group)
    edge_gen = (join_edge_group(items, k[0], (join_x_tolerance if k[0] == "h" else join_y_tolerance))
                for k, items in edge_groups)
    return list(itertools.chain(*edge_gen))


def edges_to_intersections(edges: list[dict], x_tolerance: float = 1, y_tolerance: float = 1) -> dict:
    """The points at which edges cross, within the tolerances: point → {"v": [...], "h": [...]}."""
    intersections: dict = {}
    v_edges, h_edges = [list(filter(lambda x: x["orientation"] == o, edges)) for o in ("v", "h")]
    for v in sorted(v_edges, key=itemgetter("x0", "top")):
        for h in sorted(h_edges, key=itemgetter("top", "x0")):
            if ((v["top"] <= (h["top"] + y_tolerance)) and (v["bottom"] >= (h["top"] - y_tolerance))
                    and (v["x0"] >= (h["x0"] - x_tolerance)) and (v["x0"] <= (h["x1"] + x_tolerance))):
                vertex = (v["x0"], h["top"])
                if vertex not in intersections:
                    intersections[vertex] = {"v": [], "h": []}
                intersections[vertex]["v"].append(v)
                intersections[vertex]["h"].append(h)
    return intersections


def cells_to_tables(cells: list[tuple]) -> list[list[tuple]]:
    """Cell boxes grouped into tables of cells that touch at a corner, top-to-bottom then left-to-right."""
    def bbox_to_corners(bbox):
        x0, top, x1, bottom = bbox
        return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))

    remaining_cells = list(cells)
    current_corners: set = set()
    current_cells: list = []
    tables = []
    while len(remaining_cells):
        initial_cell_count = len(current_cells)
        for cell in list(remaining_cells):
            cell_corners = bbox_to_corners(cell)
            if len(current_cells) == 0:  # starting a table: the cell opens it
                current_corners |= set(cell_corners)
                current_cells.append(cell)
                remaining_cells.remove(cell)
            else:
                corner_count = sum(c in current_corners for c in cell_corners)
                if corner_count > 0:  # touching the current group on at least one corner
                    current_corners |= set(cell_corners)
                    current_cells.append(cell)
                    remaining_cells.remove(cell)
        if len(current_cells) == initial_cell_count:  # nothing more joined: start a new group
            tables.append(list(current_cells))
            current_corners.clear()
            current_cells.clear()
    if len(current_cells):
        tables.append(list(current_cells))
    _sorted = sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in _sorted if len(t) > 1]
