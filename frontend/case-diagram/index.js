// The case's diagram with completed, current and waiting steps marked, opened on the open tasks'
// part of it at a readable zoom; "Show the whole diagram" fits it all (and back). The step list
// on the page says the same in words for people who cannot see the picture.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

import { openReadable, withLaneWords } from '../common/readable';

async function show(container) {
  const response = await fetch(container.dataset.source, { credentials: 'same-origin' });
  const data = await response.json();
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(withLaneWords(data.xml, data.roles));
  const canvas = viewer.get('canvas');
  for (const [marker, ids] of [['completed', data.completed], ['current', data.current], ['waiting', data.waiting]]) {
    for (const id of ids) {
      try { canvas.addMarker(id, marker); } catch (e) { /* not drawn at this level */ }
    }
  }
  const focused = openReadable(viewer, { focus: data.current });
  const toggle = document.getElementById('case-diagram-toggle');
  if (toggle && focused) {
    let whole = false;
    toggle.hidden = false;
    toggle.addEventListener('click', () => {
      whole = !whole;
      if (whole) { canvas.zoom('fit-viewport'); } else { openReadable(viewer, { focus: data.current }); }
      toggle.textContent = whole ? 'Show the open tasks' : 'Show the whole diagram';
    });
  }
  window.caseDiagram = viewer;
  container.dataset.ready = 'true';
}

const container = document.getElementById('case-diagram');
if (container && container.dataset.source) {
  show(container).catch(() => {
    container.textContent = 'The diagram could not be shown; the steps are listed below.';
  });
}
