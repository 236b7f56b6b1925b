// Read-only view of a deployed version's diagram: <div id="version-diagram" data-source="<xml url>">.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './viewer.css';

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

import { fetchXml } from '../common/fetch-xml';
import { openReadable, withLaneWords } from '../common/readable';

/** The council's roles the page gives ([{value, label}]), by which slug-named lanes are shown. */
function rolesOf(container) {
  try {
    return JSON.parse(container.dataset.roles || '[]');
  } catch (error) {
    return [];
  }
}

async function show(container) {
  const viewer = new NavigatedViewer({ container });
  try {
    const { warnings } = await viewer.importXML(withLaneWords(await fetchXml(container.dataset.source), rolesOf(container)));
    openReadable(viewer);
    container.dataset.warnings = String(warnings.length);
    container.dataset.ready = 'true';
  } catch (error) {
    viewer.destroy();
    const message = document.createElement('p');
    message.className = 'govuk-body';
    message.textContent = 'The diagram could not be shown.';
    container.replaceChildren(message);
    container.dataset.error = error.message;
  }
  window.versionViewer = viewer;
}

const container = document.getElementById('version-diagram');
if (container && container.dataset.source) {
  show(container);
}
