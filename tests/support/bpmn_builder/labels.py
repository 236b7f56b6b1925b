"""Labels: measuring text as bpmn-js draws it (11px Arial) and placing each label clear of
shapes, edges and other labels."""
from __future__ import annotations

from tests.support.bpmn_builder.model import GATEWAY_KINDS, _Box
from tests.support.bpmn_builder.routing import _segment_hits
from tests.support.bpmn_builder.sizes import LABEL_LINE, LABEL_MAX_WIDTH


def _char_width(c):
    if c in "iljtf.,;:'!|() ":
        return 3.5
    if c in "mwMW":
        return 9.5
    if c.isupper():
        return 7.5
    return 6.2


def _text_size(text, max_width=LABEL_MAX_WIDTH):
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and sum(map(_char_width, trial)) > max_width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    width = max(sum(map(_char_width, ln)) for ln in lines) + 6
    return round(max(width, 20)), LABEL_LINE * len(lines)


def _round_box(b):
    return _Box(round(b.x), round(b.y), round(b.w), round(b.h))


class _LabelPlacement:
    """Places the external labels of a scope's events and gateways, then its flows' names
    (a part of _ScopeLayout, which has placed the nodes and routed the flows first)."""

    def place_labels(self, taken_labels):
        shapes = [n.box for n in self.nodes + self.boundaries]
        segments = [(p, q) for f in self.scope.flows for p, q in zip(f.waypoints, f.waypoints[1:])]

        def clear(box):
            b = box.inflate(2)
            return (not any(b.overlaps(s) for s in shapes) and
                    not any(b.overlaps(lb) for lb in taken_labels) and
                    not any(_segment_hits(p, q, b) for p, q in segments))

        def choose(cands):
            for c in cands:
                if clear(c):
                    return c
            return cands[0]

        for n in self.nodes + self.boundaries:
            if not n.has_external_label or not n.name:
                continue
            w, h = _text_size(n.name)
            x, y, cx = n.x, n.y, n.cx
            if n.kind == "boundaryEvent":
                hb = n.host.y + n.host.height
                cands = [_Box(n.x + n.width + 3, hb + 3, w, h), _Box(n.x - w - 3, hb + 3, w, h),
                         _Box(cx - w / 2, n.y + n.height + 4, w, h)]
            else:
                below = _Box(cx - w / 2, y + n.height + 5, w, h)
                above = _Box(cx - w / 2, y - h - 5, w, h)
                right = _Box(x + n.width + 5, y - h, w, h)
                left = _Box(x - w - 5, y - h, w, h)
                cands = ([above, below, left, right] if n.kind in GATEWAY_KINDS
                         else [below, above, right, left])
            n.label = _round_box(choose(cands))
            taken_labels.append(n.label)

        for f in self.scope.flows:
            if not f.name:
                continue
            w, h = _text_size(f.name)
            horizontal, vertical = [], []
            pts = f.waypoints
            # Prefer the first horizontal run (just after a gateway's bend), so that flows
            # sharing a gateway corner are told apart near where they part.
            for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
                if y1 == y2:
                    lo = min(x1, x2)
                    start = x1 + 6 if x2 >= x1 else x1 - w - 6
                    horizontal += [_Box(start, y1 - h - 3, w, h), _Box(start, y1 + 3, w, h),
                                   _Box(lo + (abs(x2 - x1) - w) / 2, y1 - h - 3, w, h)]
                else:
                    start = y1 + 4 if y2 >= y1 else y1 - h - 4
                    vertical += [_Box(x1 + 5, start, w, h), _Box(x1 - w - 5, start, w, h)]
            f.label = _round_box(choose(horizontal + vertical))
            taken_labels.append(f.label)
