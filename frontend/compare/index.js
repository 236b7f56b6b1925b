// Compare page: the two versions side by side in NavigatedViewers, differences from
// bpmn-js-differ drawn as markers, and panning/zooming one pane follows in the other.
// The list of changes in words is rendered by the server.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './compare.css';

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { diff } from 'bpmn-js-differ';

import { fetchXml } from '../common/fetch-xml';
import { READABLE_ZOOM, openReadable, withLaneWords } from '../common/readable';

import { spiffworkflowModdle } from '../modeller/spiffworkflow/moddle-only';

function mark(viewer, ids, marker) {
  const registry = viewer.get('elementRegistry');
  const canvas = viewer.get('canvas');
  for (const id of ids) {
    if (registry.get(id)) {
      canvas.addMarker(id, marker);
    }
  }
}

/** Panning or zooming one viewer moves the other to the same viewbox (once per frame). */
function syncViewboxes(a, b) {
  const same = (x, y) => ['x', 'y', 'width', 'height'].every((k) => Math.abs(x[k] - y[k]) < 0.5);
  const follow = (from, to) => {
    let scheduled = false;
    const apply = () => {
      scheduled = false;
      const box = from.get('canvas').viewbox();
      const target = to.get('canvas');
      if (!same(box, target.viewbox())) {
        target.viewbox({ x: box.x, y: box.y, width: box.width, height: box.height });
      }
    };
    const schedule = () => {
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(apply);
      }
    };
    from.get('eventBus').on('canvas.viewbox.changing', schedule);
    from.get('eventBus').on('canvas.viewbox.changed', schedule);
  };
  follow(a, b);
  follow(b, a);
}

/**
 * bpmn-js writes isMarkerVisible="true" on exclusive gateways it saves; a file never saved by
 * the modeller leaves it out. Both mean "show the X", so treat them alike before diffing.
 */
function normaliseGatewayMarkers(viewer) {
  viewer.get('elementRegistry').forEach((element) => {
    if (element.type === 'bpmn:ExclusiveGateway' && element.di && element.di.isMarkerVisible === undefined) {
      element.di.isMarkerVisible = true;
    }
  });
}

function addLabel(pane, text) {
  if (!text) {
    return;
  }
  const label = document.createElement('p');
  label.className = 'app-compare__label';
  label.textContent = text;
  pane.prepend(label);
}

/**
 * Each change in the list that names an element becomes a button: it zooms both panes to the
 * element (whichever side has it), so a small change in a large diagram can be found.
 */
function showChangesOnClick(left, right) {
  for (const item of document.querySelectorAll('#change-list li[data-element-id]')) {
    const id = item.dataset.elementId;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'app-link-button';
    button.append(...item.childNodes);
    button.setAttribute('aria-describedby', 'compare-show-hint');
    item.append(button);
    button.addEventListener('click', () => {
      const viewer = [right, left].find((v) => v.get('elementRegistry').get(id));
      if (!viewer) {
        return;
      }
      const element = viewer.get('elementRegistry').get(id);
      const canvas = viewer.get('canvas');
      canvas.zoom(1);
      canvas.scrollToElement(element, { top: 120, bottom: 120, left: 200, right: 200 });
      viewer.get('selection').select(element);
      document.getElementById('compare').scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
  }
  const hint = document.createElement('p');
  hint.id = 'compare-show-hint';
  hint.className = 'govuk-hint govuk-!-font-size-16';
  hint.textContent = 'Select a change to zoom the diagrams to it.';
  document.getElementById('change-list').after(hint);
}

async function start(root) {
  let config = {};
  try {
    config = JSON.parse(root.dataset.config || '{}');
  } catch (error) {
    config = {};
  }
  const leftPane = document.getElementById('compare-left');
  const rightPane = document.getElementById('compare-right');
  const options = { moddleExtensions: { spiffworkflow: spiffworkflowModdle } };
  const left = new NavigatedViewer({ container: leftPane, ...options });
  const right = new NavigatedViewer({ container: rightPane, ...options });
  window.compare = { left, right, result: null };
  addLabel(leftPane, config.left && config.left.label);
  addLabel(rightPane, config.right && config.right.label);

  try {
    const [leftXml, rightXml] = await Promise.all([fetchXml(config.left.url), fetchXml(config.right.url)]);
    await left.importXML(withLaneWords(leftXml, config.roles));
    await right.importXML(withLaneWords(rightXml, config.roles));
  } catch (error) {
    root.dataset.error = error.message;
    const message = document.createElement('p');
    message.className = 'govuk-body app-compare__error';
    message.textContent = 'The diagrams could not be shown; the changes are listed in words on this page.';
    root.prepend(message);
    return;
  }

  normaliseGatewayMarkers(left);
  normaliseGatewayMarkers(right);
  const result = diff(left.getDefinitions(), right.getDefinitions());
  const added = Object.keys(result._added || {});
  const removed = Object.keys(result._removed || {});
  const changed = Object.keys(result._changed || {});
  const layout = Object.keys(result._layoutChanged || {});

  mark(right, added, 'app-diff-added');
  mark(left, removed, 'app-diff-removed');
  for (const viewer of [left, right]) {
    mark(viewer, changed, 'app-diff-changed');
    mark(viewer, layout.filter((id) => !changed.includes(id)), 'app-diff-layout');
  }

  // start with one viewbox that shows both diagrams whole
  left.get('canvas').zoom('fit-viewport');
  right.get('canvas').zoom('fit-viewport');
  const a = left.get('canvas').viewbox();
  const b = right.get('canvas').viewbox();
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  const box = {
    x, y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y
  };
  left.get('canvas').viewbox(box);
  right.get('canvas').viewbox(box);
  syncViewboxes(left, right);
  if (left.get('canvas').zoom() < READABLE_ZOOM) {
    // Too small to read whole: open on the first change (or the start), readable.
    const first = [...changed, ...added, ...removed].find((id) => left.get('elementRegistry').get(id));
    openReadable(left, { focus: first ? [first] : [] });
    right.get('canvas').viewbox(left.get('canvas').viewbox());
  }

  showChangesOnClick(left, right);
  window.compare.result = { added, removed, changed, layout };
  root.dataset.changed = [...new Set([...added, ...removed, ...changed])].sort().join(',');
  root.dataset.ready = 'true';
}

const root = document.getElementById('compare');
if (root) {
  start(root);
}
