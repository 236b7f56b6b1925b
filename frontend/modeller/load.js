// Loading the draft: GET urls.draft, note its forms and lock version, import the diagram,
// open it readable, then data-ready="true" on #modeller.
import { api } from './api';
import { openReadable } from '../common/readable';
import { nameLanesByRole } from './spiffworkflow/roles';

/** The deploy page links each problem to "#element=<id>": select and show that element. */
function showElementFromAddress(modeler) {
  const match = /^#element=([A-Za-z_][\w.-]*)$/.exec(window.location.hash);
  const element = match && modeler.get('elementRegistry').get(match[1]);
  if (element) {
    const canvas = modeler.get('canvas');
    canvas.zoom(1);
    canvas.scrollToElement(element);
    modeler.get('selection').select(element);
  }
}

/** Adds the draft's forms (files <name>.schema.json) to the list the panel offers. */
function addDraftForms(state, draft) {
  for (const file of Object.keys(draft.forms || {})) {
    if (file.endsWith('.schema.json')) {
      const base = file.slice(0, -'.schema.json'.length);
      if (!state.forms.includes(base)) {
        state.forms.push(base);
      }
    }
  }
}

async function openDiagram({ root, config, modeler, dirty, setStatus }, draft) {
  try {
    const { warnings } = await modeler.importXML(draft.bpmn);
    window.modeller.importWarnings = warnings;
    nameLanesByRole(modeler, config.roles);
    // Readable at once, clear of the palette (about 90 px from the left edge); "Fit" shows it whole.
    openReadable(modeler, { leftMargin: 110 });
    dirty.markSaved();
    setStatus(warnings.length ? `Loaded with ${warnings.length} warning(s): some parts of the file were not understood.` : 'No unsaved changes');
    root.dataset.ready = 'true';
    showElementFromAddress(modeler);
  } catch (error) {
    setStatus(`The diagram could not be opened: ${error.message}`, 'error');
  }
}

export async function loadDraft(page) {
  page.setStatus('Loading the diagram…');
  let draft;
  try {
    draft = await api.get(page.config.urls.draft);
  } catch (error) {
    page.setStatus(`The draft could not be loaded: ${error.message}`, 'error');
    return;
  }
  if (draft.lock_version !== undefined) {
    page.state.lockVersion = draft.lock_version;
  }
  addDraftForms(page.state, draft);
  await openDiagram(page, draft);
}
