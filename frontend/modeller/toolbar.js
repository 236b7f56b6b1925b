// The toolbar (#modeller-toolbar): Save draft, Check, Compare, Deploy, Download .bpmn and
// "Show the whole diagram"; Ctrl+S (Cmd+S) saves.
import { el } from './dom';
import { commitPendingEdits } from './save';

/** Fills the toolbar; returns its buttons and links by name. */
export function buildToolbar(toolbar, config) {
  const saveButton = el('button', { id: 'modeller-save', type: 'button', class: 'govuk-button', 'data-module': 'govuk-button', text: 'Save draft' });
  const checkButton = el('button', { id: 'modeller-check', type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button', text: 'Check' });
  const compareLink = el('a', { id: 'modeller-compare', href: config.urls.compare || '#', role: 'button', draggable: 'false', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button', text: 'Compare' });
  const deployLink = el('a', { id: 'modeller-deploy', href: config.urls.deploy || '#', role: 'button', draggable: 'false', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button', text: 'Deploy' });
  const downloadButton = el('button', { id: 'modeller-download', type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button', text: 'Download .bpmn' });
  const wholeButton = el('button', { id: 'modeller-whole', type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button', text: 'Show the whole diagram' });
  toolbar.replaceChildren(el('div', { class: 'govuk-button-group app-modeller__buttons' }, [saveButton, checkButton, compareLink, deployLink, downloadButton, wholeButton]));
  return { save: saveButton, check: checkButton, compare: compareLink, deploy: deployLink, download: downloadButton, whole: wholeButton };
}

/** Compare and Deploy open pages that read the saved draft: save unsaved changes first. */
function saveBeforeLeaving(link, { state, hosts }, save) {
  link.addEventListener('click', async (event) => {
    commitPendingEdits(hosts.properties);
    if (!state.dirty) {
      return;
    }
    event.preventDefault();
    if (await save()) {
      window.location.href = link.href;
    }
  });
}

/** `actions` are the page's save(), check() and download(). */
export function wireToolbar(page, { save, check, download }) {
  const { buttons } = page;
  buttons.whole.addEventListener('click', () => page.modeler.get('canvas').zoom('fit-viewport'));
  buttons.save.addEventListener('click', () => save());
  buttons.check.addEventListener('click', () => check());
  buttons.download.addEventListener('click', () => download());
  for (const link of [buttons.compare, buttons.deploy]) {
    saveBeforeLeaving(link, page, save);
  }
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      save();
    }
  });
}
