// Saving the draft (PUT urls.draft with the lock version) and downloading the diagram as a
// .bpmn file. `page` is the page's parts (see index.js).
import { api } from './api';
import { el } from './dom';

/** Fields in the properties panel commit on blur (or after a pause); commit what is typed now. */
export function commitPendingEdits(propertiesHost) {
  const active = document.activeElement;
  if (active && propertiesHost.contains(active) && typeof active.blur === 'function') {
    active.blur();
  }
}

function savedAtText() {
  return `Saved at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
}

async function putDraft({ modeler, config, state, dirty, setStatus }) {
  const markBefore = dirty.stackMark();
  const { xml } = await modeler.saveXML({ format: true });
  const draft = await api.put(config.urls.draft, { bpmn: xml, lock_version: state.lockVersion });
  if (draft && draft.lock_version !== undefined) {
    state.lockVersion = draft.lock_version;
  }
  // changes made while the request was under way are still unsaved
  dirty.savedAt(markBefore);
  setStatus(state.dirty ? 'Unsaved changes' : savedAtText());
  return draft || true;
}

function reportSaveError({ setStatus, problems }, error) {
  if (error.status === 409) {
    setStatus('Not saved: this draft was changed somewhere else (another person or another tab). Download your version, then reload the page.', 'error');
  } else {
    setStatus(`Not saved: ${error.message}`, 'error');
    if (error.problem && Array.isArray(error.problem.errors) && error.problem.errors.length) {
      problems.showProblems(error.problem.errors);
    }
  }
}

/** Saves once at a time: a save asked for while one is under way gets that one's answer. */
export async function saveDraft(page) {
  const { state, buttons } = page;
  commitPendingEdits(page.hosts.properties);
  if (state.saving) {
    return state.saving;
  }
  state.saving = (async () => {
    page.setStatus('Saving…');
    buttons.save.disabled = true;
    try {
      return await putDraft(page);
    } catch (error) {
      reportSaveError(page, error);
      return false;
    } finally {
      buttons.save.disabled = false;
      state.saving = null;
    }
  })();
  return state.saving;
}

export async function downloadDiagram({ modeler, config, hosts }) {
  commitPendingEdits(hosts.properties);
  const { xml } = await modeler.saveXML({ format: true });
  const blob = new Blob([xml], { type: 'application/xml' });
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: `${config.key || 'procedure'}.bpmn` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
