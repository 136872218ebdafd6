"""The knowledge graph as networkx: entities as nodes, roles and events as edges.

Nodes are entities (``e<ID>``) with their name, type and country. Edges are
directed: a role goes from the person to the organisation or country
(``kind="role"``), an event from its actor to its target (``kind="event"``)
with its PLOVER type, mode, date, confidence and sources. Optionally, entities
named together in several articles are linked (``kind="co-mention"``, from the
lower id to the higher, ``weight`` = how many articles). Every attribute is a
scalar (lists are joined with ``"; "``, missing values left out), so the
GraphML opens in Gephi and yEd as it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from newsgraph.errors import MissingDependency

if TYPE_CHECKING:
    import networkx as nx

    from newsgraph.store.knowledge import KnowledgeStore

FORMATS = ("graphml", "json")


def _nx() -> Any:
    try:
        import networkx
    except ImportError as exc:
        raise MissingDependency("networkx", "nlp") from exc
    return networkx


def node_key(entity_id: int) -> str:
    """The node id of an entity."""
    return f"e{entity_id}"


def _scalars(attrs: dict[str, Any]) -> dict[str, str | int | float | bool]:
    """Only scalar, non-missing attributes (what GraphML can hold)."""
    out: dict[str, str | int | float | bool] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set):
            if not value:
                continue
            value = "; ".join(str(v) for v in value)
        out[key] = value
    return out


def build_graph(data: dict[str, list[dict[str, Any]]]) -> nx.MultiDiGraph:
    """A directed multigraph from :meth:`KnowledgeStore.graph_data` rows."""
    graph = _nx().MultiDiGraph(name="newsgraph")
    for node in data["nodes"]:
        graph.add_node(node_key(node["id"]), **_scalars({
            "label": node["name"], "type": node["type"], "country": node["country"],
            "mentions": node["mentions"],
        }))
    for role in data["roles"]:
        articles = str(role["articles"] or "")
        graph.add_edge(
            node_key(role["person_id"]), node_key(role["organisation_id"]),
            key=f"role:{role['role']}",
            **_scalars({"kind": "role", "label": role["role"],
                        "articles": [a for a in articles.split(",") if a]}),
        )
    for event in data["events"]:
        sources = event["sources"]
        flags = event.get("flags") or [f for f in ("negated", "hypothetical", "future")
                                       if event.get(f)]
        graph.add_edge(
            node_key(event["actor_id"]), node_key(event["target_id"]),
            key=f"event:{event['id']}",
            **_scalars({
                "kind": "event", "label": event["type"], "event_id": event["id"],
                "mode": event["mode"], "date": event["date"], "precision": event["precision"],
                "place": event["place"], "confidence": float(event["confidence"]),
                "flags": flags, "source_count": len({s["article_id"] for s in sources}),
                "cameo": event.get("cameo"), "actor_country": event.get("actor_country"),
                "actor_sector": event.get("actor_sector"),
                "target_country": event.get("target_country"),
                "target_sector": event.get("target_sector"),
                "articles": sorted({s["article_id"] for s in sources}),
                "sentence": sources[0]["sentence"] if sources else None,
            }),
        )
    for pair in data.get("co_mentions", []):
        graph.add_edge(node_key(pair["a"]), node_key(pair["b"]), key="co-mention",
                       kind="co-mention", label="named with", weight=int(pair["articles"]))
    return graph


def knowledge_graph(knowledge: KnowledgeStore, *, co_mentions: int | None = None,
                    include_uncertain: bool = False) -> nx.MultiDiGraph:
    """The graph of everything in the store (plus co-mention edges when ``co_mentions`` is set:
    entities named together in at least that many articles); negated and hypothetical events
    are edges only with ``include_uncertain``."""
    return build_graph(knowledge.graph_data(co_mentions=co_mentions,
                                            include_uncertain=include_uncertain))


def write_graph(graph: nx.MultiDiGraph, out: str | Path | IO[bytes], fmt: str = "graphml") -> None:
    """Write ``graph`` as GraphML or node-link JSON to a path or a binary stream."""
    nx = _nx()
    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True)
        return
    if fmt != "json":
        raise ValueError(f"unknown graph format {fmt!r}; use one of {', '.join(FORMATS)}")
    data = nx.node_link_data(graph, edges="edges")
    text = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    if isinstance(out, str | Path):
        Path(out).write_bytes(text)
    else:
        out.write(text)
