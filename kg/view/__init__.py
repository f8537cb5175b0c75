"""Stage 4, the view: a built graph projected for people (networkx), laid out, and drawn as an
offline interactive page (`graph.html`, through pyvis) and as GraphML for Gephi or Cytoscape."""

from kg.view.graphml import render_graphml
from kg.view.page import render_html
from kg.view.projection import KINDS, NodeKind, Projection, project
from kg.view.scene import GraphView, graph_view

__all__ = ["KINDS", "GraphView", "NodeKind", "Projection", "graph_view", "project", "render_graphml", "render_html"]
