// Diagrams opened readable: at "fit" size a long procedure's labels are 3-5 px high. A diagram
// opens at a zoom where labels can be read (the start of the flow, or the given elements, in
// view, clear of the palette), and the whole diagram is one click away (fit-viewport).
// Lanes named by role slug ("contract_officer", "ciw_inspector") read as the council's label for
// the role ("Contract officer", "CIW inspector"), as the modeller shows them
// (modeller/spiffworkflow/roles.js); the engine accepts either (engine/roles.py: role_for_lane).

export const READABLE_ZOOM = 0.8;

/** A lane name that is a bare slug, in words; other names unchanged. */
export function laneWords(name) {
  if (!name || !/^[a-z][a-z0-9_]*$/.test(name)) {
    return name;
  }
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const XML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function unescapeXml(text) {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (all, name) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name]);
}

/**
 * A lane's name as people read it: each part (commas between, when any of several roles may do
 * its tasks) that is a role's slug becomes the label ``roles`` gives it ([{value, label}], the
 * council's roles); a slug the council lacks reads as words; a part already in words stays as written.
 */
export function laneLabel(name, roles = []) {
  if (!name) {
    return name;
  }
  const labels = new Map((roles || []).map((r) => [r.value, r.label]));
  const parts = name.split(',').map((part) => part.trim());
  const isSlug = (part) => /^[a-z][a-z0-9_]*$/.test(part);
  if (!parts.some(isSlug)) {
    return name;
  }
  return parts.map((part) => (isSlug(part) ? labels.get(part) || laneWords(part) : part)).join(', ');
}

/**
 * The XML with every slug-named lane shown by its label (before import: nothing is marked
 * changed). ``roles`` is the council's roles ([{value, label}]); without it, slugs read as words.
 */
export function withLaneWords(xml, roles = []) {
  return xml.replace(/(<(?:bpmn2?:)?lane\b[^>]*?\sname=")([^"]*)(")/g, (all, before, name, after) => {
    const shown = laneLabel(unescapeXml(name), roles);
    return before + shown.replace(/[&<>"]/g, (c) => XML_ESCAPES[c]) + after;
  });
}

function boundsOf(elements) {
  const shapes = elements.filter((e) => e && e.width !== undefined && !e.labelTarget);
  if (!shapes.length) {
    return null;
  }
  const x = Math.min(...shapes.map((e) => e.x));
  const y = Math.min(...shapes.map((e) => e.y));
  return { x, y, width: Math.max(...shapes.map((e) => e.x + e.width)) - x, height: Math.max(...shapes.map((e) => e.y + e.height)) - y };
}

/**
 * Fit the diagram; if that makes it unreadable, show ``focus`` (element ids; by default the
 * start events) at a readable zoom instead, leaving ``leftMargin`` screen pixels (the palette).
 * Returns true when the view is not the whole diagram.
 */
export function openReadable(viewer, { focus = [], leftMargin = 0, zoom = READABLE_ZOOM } = {}) {
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  canvas.zoom('fit-viewport');
  const wanted = focus.map((id) => registry.get(id)).filter(Boolean);
  if (canvas.zoom() >= zoom && !wanted.length) {
    return false;
  }
  const shown = wanted.length ? wanted : registry.filter((e) => e.type === 'bpmn:StartEvent' && !e.labelTarget);
  const box = boundsOf(shown) || canvas.viewbox().inner;
  const outer = canvas.viewbox().outer;
  const scale = Math.min(zoom * 1.25, Math.max(zoom, Math.min(outer.width / (box.width + 200), outer.height / (box.height + 160))));
  const width = outer.width / scale;
  const height = outer.height / scale;
  const centred = wanted.length ? box.x + box.width / 2 - width / 2 : box.x - 40 - leftMargin / scale;
  canvas.viewbox({ x: centred, y: box.y + box.height / 2 - height / 2, width, height });
  return true;
}
