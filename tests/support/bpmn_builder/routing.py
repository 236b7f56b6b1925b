"""Routing: orthogonal sequence flows from border to border, round other shapes, through the gaps
between columns and tracks or, for back edges, a loop channel at the bottom of the lane."""
from __future__ import annotations

from tests.support.bpmn_builder.model import GATEWAY_KINDS, _Box, _Flow
from tests.support.bpmn_builder.sizes import CONTENT_LEFT, MARGIN


def _segment_hits(p, q, box: _Box):
    """True if the axis-parallel segment pq passes through the inside of box."""
    (x1, y1), (x2, y2) = p, q
    if y1 == y2:
        return box.y < y1 < box.bottom and min(box.right, max(x1, x2)) - max(box.x, min(x1, x2)) > 0
    if x1 == x2:
        return box.x < x1 < box.right and min(box.bottom, max(y1, y2)) - max(box.y, min(y1, y2)) > 0
    raise AssertionError("edges are orthogonal")


def _simplify(points):
    pts = []
    for p in points:
        p = (round(p[0]), round(p[1]))
        if pts and pts[-1] == p:
            continue
        pts.append(p)
    out = []
    for p in pts:
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p
        else:
            out.append(p)
    return out


class _FlowRouting:
    """Routes a scope's sequence flows (a part of _ScopeLayout, whose ``place`` has set the
    columns, tracks and loop channels the routes run through)."""

    def gap_before(self, rank):
        if rank == 0:
            return self.col_x[0] - CONTENT_LEFT / 2
        return self.col_x[rank] - self.gap[rank - 1] / 2

    def gap_after(self, rank):
        return self.col_x[rank] + self.col_w[rank] + self.gap[rank] / 2

    def obstacles(self, flow):
        skip = {flow.source.id, flow.target.id}
        for n in (flow.source, flow.target):
            if n.host is not None:
                skip.add(n.host.id)
        return [n.box.inflate(MARGIN) for n in self.nodes + self.boundaries if n.id not in skip]

    def corridors(self, y_from):
        """Horizontal lines clear of every node: track boundaries and loop channels."""
        borders = {top for top in self.band_top.values()}
        borders |= {top + self.band_height[band] for band, top in self.band_top.items()}
        ys = {top for top in self.track_top.values() if top not in borders}
        for y in borders:  # keep off the lane dividers themselves
            ys |= {y - 12, y + 12}
        ys.update(self.channels.values())
        return sorted(ys, key=lambda y: (abs(y - y_from), y))

    def route(self, f: _Flow):
        s, t = f.source, f.target
        sx, sy = s.cx, s.cy
        tx, ty = t.cx, t.cy
        srank, trank = self._eff(s).rank, t.rank
        candidates = []
        if f.back:
            ych = self.channels[f.id]
            xa, xb = self.gap_after(srank), self.gap_before(trank)
            candidates += [
                [s.port("bottom"), (sx, ych), (tx, ych), t.port("bottom")],
                [s.port("bottom"), (sx, ych), (xb, ych), (xb, ty), t.port("left")],
                [s.port("right"), (xa, sy), (xa, ych), (tx, ych), t.port("bottom")],
                [s.port("right"), (xa, sy), (xa, ych), (xb, ych), (xb, ty), t.port("left")],
            ]
        elif s.kind == "boundaryEvent":
            sb = s.port("bottom")
            xb = self.gap_before(trank)
            if ty > sb[1] + 10:
                candidates.append([sb, (sx, ty), t.port("left")])
            for ycor in self.corridors(sb[1] + 12):
                if ycor > sb[1] + 6:
                    candidates.append([sb, (sx, ycor), (xb, ycor), (xb, ty), t.port("left")])
            candidates.append([sb, (sx, sb[1] + 15), (xb, sb[1] + 15), (xb, ty), t.port("left")])
        else:
            xa, xb = self.gap_after(srank), self.gap_before(trank)
            if sy == ty:
                candidates.append([s.port("right"), t.port("left")])
            vside_s = "bottom" if ty > sy else "top"
            vside_t = "bottom" if sy > ty else "top"
            splits = s.kind in GATEWAY_KINDS and self.fan_out[s.id] > 1
            joins = t.kind in GATEWAY_KINDS and self.fan_in[t.id] > 1
            if splits and sy != ty:
                candidates.append([s.port(vside_s), (sx, ty), t.port("left")])
            if joins and sy != ty:
                candidates.append([s.port("right"), (tx, sy), t.port(vside_t)])
            candidates.append([s.port("right"), (xb, sy), (xb, ty), t.port("left")])
            candidates.append([s.port("right"), (xa, sy), (xa, ty), t.port("left")])
            for ycor in self.corridors(sy):
                candidates.append([s.port("right"), (xa, sy), (xa, ycor), (xb, ycor), (xb, ty),
                                   t.port("left")])
                if s.kind in GATEWAY_KINDS:
                    side = "bottom" if ycor > sy else "top"
                    candidates.append([s.port(side), (sx, ycor), (xb, ycor), (xb, ty),
                                       t.port("left")])
        boxes = self.obstacles(f)
        for cand in candidates:
            pts = _simplify(cand)
            if not any(_segment_hits(p, q, b) for p, q in zip(pts, pts[1:]) for b in boxes):
                f.waypoints = pts
                return
        f.waypoints = _simplify(candidates[0])
