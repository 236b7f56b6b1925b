"""Layout: ranks (columns) and tracks (rows within a lane), node positions, and the laying out
of a whole diagram and of each expanded sub-process."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tests.support.bpmn_builder.labels import _LabelPlacement, _text_size
from tests.support.bpmn_builder.model import _Box
from tests.support.bpmn_builder.routing import _FlowRouting
from tests.support.bpmn_builder.sizes import (
    BOUNDARY_ROOM, COLUMN_GAP, CONTENT_LEFT, CONTENT_RIGHT, LANE_HEADER, LOOP_CHANNEL, MIN_TRACK, POOL_HEADER,
    SUB_PAD, TASK_SIZE, TRACK_PAD,
)

if TYPE_CHECKING:
    from tests.support.bpmn_builder.diagram import Diagram
    from tests.support.bpmn_builder.scope import SubProcess, _Scope


class _ScopeLayout(_FlowRouting, _LabelPlacement):
    """Places the nodes of one scope (process or expanded sub-process) and routes its flows.

    Routing is _FlowRouting's (routing.py), label placement _LabelPlacement's (labels.py).

    Coordinates are relative to the scope's own origin until ``shift`` moves them.
    """

    def __init__(self, scope: _Scope, bands: list, x0: float, y0: float):
        self.scope = scope
        self.bands = bands
        self.x0 = x0
        self.y0 = y0
        self.nodes = [n for n in scope.nodes.values() if n.kind != "boundaryEvent"]
        self.boundaries = [n for n in scope.nodes.values() if n.kind == "boundaryEvent"]
        for n in self.nodes:
            if n.sub is not None:
                w, h = _layout_subprocess(n.sub)
                n.width, n.height = w, h

    # -- ranks -------------------------------------------------------------------------------
    @staticmethod
    def _eff(node):
        return node.host if node.host is not None else node

    def rank(self):
        flows = self.scope.flows
        for f in flows:
            f.back = False
        succ = {n.id: [] for n in self.nodes}
        has_in = set()
        for f in flows:
            succ[self._eff(f.source).id].append(f)
            has_in.add(f.target.id)
        roots = ([n for n in self.nodes if n.kind == "startEvent"] +
                 [n for n in self.nodes if n.kind != "startEvent" and n.id not in has_in])
        state = {}  # id -> 1 on stack, 2 done
        for root in roots + self.nodes:
            if root.id in state:
                continue
            stack = [(root, iter(succ[root.id]))]
            state[root.id] = 1
            while stack:
                node, it = stack[-1]
                f = next(it, None)
                if f is None:
                    state[node.id] = 2
                    stack.pop()
                    continue
                t = f.target
                if state.get(t.id) == 1:
                    f.back = True
                elif t.id not in state:
                    state[t.id] = 1
                    stack.append((t, iter(succ[t.id])))
        # longest path over forward edges (Kahn, insertion order)
        indeg = {n.id: 0 for n in self.nodes}
        for f in flows:
            if not f.back:
                indeg[f.target.id] += 1
        for n in self.nodes:
            n.rank = 0
        ready = [n for n in self.nodes if indeg[n.id] == 0]
        while ready:
            n = ready.pop(0)
            for f in succ[n.id]:
                if f.back:
                    continue
                f.target.rank = max(f.target.rank, n.rank + 1)
                indeg[f.target.id] -= 1
                if indeg[f.target.id] == 0:
                    ready.append(f.target)
        for b in self.boundaries:
            b.rank = b.host.rank

    # -- tracks ------------------------------------------------------------------------------
    def assign_tracks(self):
        used = {}
        incoming = {}
        for f in self.scope.flows:
            if not f.back:
                incoming.setdefault(f.target.id, []).append(f)
        for n in sorted(self.nodes, key=lambda n: (n.rank, n.order)):
            preferred = 0
            for f in incoming.get(n.id, []):
                src = self._eff(f.source)
                if src.lane == n.lane:
                    preferred = src.track + (1 if f.source.host is not None else 0)
                    break
            taken = used.setdefault((n.lane, n.rank), set())
            track = preferred
            while track in taken:
                track += 1
            taken.add(track)
            n.track = track
        # compact: drop empty tracks per band
        for band in self.bands:
            tracks = sorted({n.track for n in self.nodes if n.lane == band})
            remap = {t: i for i, t in enumerate(tracks)}
            for n in self.nodes:
                if n.lane == band:
                    n.track = remap[n.track]

    # -- geometry ----------------------------------------------------------------------------
    def place(self):
        nodes = self.nodes
        ranks = max((n.rank for n in nodes), default=0) + 1
        col_w = [0] * ranks
        for n in nodes:
            col_w[n.rank] = max(col_w[n.rank], n.width)
        gap = [COLUMN_GAP] * ranks
        for f in self.scope.flows:
            if f.name and not f.back:
                r = self._eff(f.source).rank
                w, _ = _text_size(f.name)
                gap[r] = max(gap[r], w + 30)
        self.col_x = []
        x = self.x0 + CONTENT_LEFT
        for r in range(ranks):
            self.col_x.append(x)
            x += col_w[r] + gap[r]
        self.col_w = col_w
        self.gap = gap
        self.width = self.col_x[-1] + col_w[-1] + CONTENT_RIGHT - self.x0 if nodes else 200

        hosts = {b.host.id for b in self.boundaries}
        self.band_top, self.band_height, self.track_top, self.track_height = {}, {}, {}, {}
        self.channels = {}
        back_by_band = {}
        for f in self.scope.flows:
            if f.back:
                back_by_band.setdefault(self._eff(f.source).lane, []).append(f)
        y = self.y0
        for band in self.bands:
            members = [n for n in nodes if n.lane == band]
            ntracks = max((n.track for n in members), default=0) + 1
            self.band_top[band] = y
            ty = y
            for t in range(ntracks):
                in_track = [n for n in members if n.track == t]
                h = max([MIN_TRACK] + [n.height + 2 * TRACK_PAD +
                                       (BOUNDARY_ROOM if n.id in hosts else 0) for n in in_track])
                h += h % 2
                self.track_top[(band, t)] = ty
                self.track_height[(band, t)] = h
                ty += h
            loops = back_by_band.get(band, [])
            for i, f in enumerate(loops):
                self.channels[f.id] = ty + LOOP_CHANNEL * i + LOOP_CHANNEL / 2
            ty += LOOP_CHANNEL * len(loops) + (LOOP_CHANNEL // 2 if loops else 0)
            self.band_height[band] = ty - y
            y = ty
        self.height = y - self.y0

        for n in nodes:
            top = self.track_top[(n.lane, n.track)]
            th = self.track_height[(n.lane, n.track)]
            n.x = self.col_x[n.rank] + (self.col_w[n.rank] - n.width) // 2
            n.y = top + (th - n.height) // 2
        for host_id in hosts:
            host = self.scope.nodes[host_id]
            attached = [b for b in self.boundaries if b.host is host]
            for i, b in enumerate(attached):
                b.x = host.x + host.width - b.width - 14 - i * (b.width + 10)
                b.y = host.y + host.height - b.height / 2

    def shift(self, dx, dy):
        for n in self.nodes + self.boundaries:
            n.x += dx
            n.y += dy
            if n.label:
                n.label = _Box(n.label.x + dx, n.label.y + dy, n.label.w, n.label.h)
            if n.sub is not None:
                n.sub._layout.shift(dx, dy)
        for f in self.scope.flows:
            f.waypoints = [(x + dx, y + dy) for x, y in f.waypoints]
            if f.label:
                f.label = _Box(f.label.x + dx, f.label.y + dy, f.label.w, f.label.h)

    def run(self, labels):
        self.fan_out = {n.id: 0 for n in self.nodes + self.boundaries}
        self.fan_in = dict(self.fan_out)
        for f in self.scope.flows:
            self.fan_out[f.source.id] += 1
            self.fan_in[f.target.id] += 1
        self.rank()
        self.assign_tracks()
        self.place()
        for f in self.scope.flows:
            self.route(f)
        self.place_labels(labels)
        for n in self.nodes:
            if n.sub is not None:
                n.sub._layout.shift(n.x, n.y)


def _layout_subprocess(sub: SubProcess):
    left, top, right, bottom = SUB_PAD
    lay = _ScopeLayout(sub, [None], 0, 0)
    lay.run([])
    # nodes are placed from (CONTENT_LEFT, 0); pull them to the padding
    lay.shift(left - CONTENT_LEFT, top)
    sub._layout = lay
    width = lay.width - CONTENT_LEFT - CONTENT_RIGHT + left + right
    height = lay.height + top + bottom
    w = max(width, TASK_SIZE[0])
    return int(w + w % 2), int(height + height % 2)


def _layout_diagram(d: Diagram):
    for n in d._all_nodes.values():
        n.label = None
    px, py = 0, 0
    x0 = px + POOL_HEADER + LANE_HEADER
    lay = _ScopeLayout(d, d._lane_order, x0, py)
    labels = []
    lay.run(labels)
    d._layout = lay
    d._pool = _Box(px, py, lay.width + POOL_HEADER + LANE_HEADER, lay.height)
