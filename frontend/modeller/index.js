// The process owners' modeller page (/procedures/drafts/<id>): bpmn-js Modeler with the
// properties panel, SpiffWorkflow groups, live lint, token simulation and the toolbar
// (save, check, compare, deploy, download). See notes/frontend_contract.md.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import './modeller.css';

import BpmnModeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import LintModule from 'bpmn-js-bpmnlint';
import TokenSimulationModule from 'bpmn-js-token-simulation';

import lintConfig from '../../.bpmnlintrc';
import SpiffModule, { spiffworkflowModdle } from './spiffworkflow';
import { api } from './api';
import { openReadable } from '../common/readable';
import { nameLanesByRole } from './spiffworkflow/roles';

const FORM_NAME = /^[a-z][a-z0-9_]*$/;

function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'text') {
      node.textContent = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of [].concat(children)) {
    node.append(child);
  }
  return node;
}

function readConfig(root) {
  try {
    return JSON.parse(root.dataset.config || '{}');
  } catch (error) {
    return {};
  }
}

function start(root) {
  const config = readConfig(root);
  config.urls = config.urls || {};
  config.roles = config.roles || [];
  config.callTargets = config.callTargets || [];
  config.dateFields = config.dateFields || [];

  const toolbar = document.getElementById('modeller-toolbar');
  const canvasHost = document.getElementById('modeller-canvas');
  const propertiesHost = document.getElementById('modeller-properties');
  const problemsHost = document.getElementById('modeller-problems');
  const statusHost = document.getElementById('modeller-status');

  const state = {
    config,
    forms: [...(config.forms || [])],
    lockVersion: config.lockVersion,
    api,
    dirty: false,
    saving: null,
    isDirty: () => state.dirty,
    save: () => save(),
    createForm: () => createForm()
  };

  const modeler = new BpmnModeler({
    container: canvasHost,
    propertiesPanel: {
      parent: propertiesHost,
      layout: {
        groups: {
          general: { open: true },
          'spiff-form': { open: true },
          'spiff-role': { open: true },
          'spiff-instructions': { open: true },
          'spiff-script': { open: true },
          'spiff-prepost': { open: false },
          'spiff-condition': { open: true },
          'spiff-timer': { open: true },
          'spiff-call': { open: true },
          'spiff-message': { open: true }
        }
      }
    },
    linting: { active: true, bpmnlint: lintConfig },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      SpiffModule,
      LintModule,
      TokenSimulationModule,
      { appState: ['value', state] }
    ],
    moddleExtensions: { spiffworkflow: spiffworkflowModdle }
  });

  const eventBus = modeler.get('eventBus');
  const commandStack = modeler.get('commandStack');
  const canvas = modeler.get('canvas');
  const elementRegistry = modeler.get('elementRegistry');

  // --- status line and dirty tracking ------------------------------------------------------

  function setStatus(text, kind) {
    statusHost.textContent = text;
    statusHost.classList.toggle('app-modeller__status--error', kind === 'error');
  }

  let savedMark = null;
  function stackMark() {
    const index = commandStack._stackIdx;
    return { index, action: commandStack._stack ? commandStack._stack[index] : undefined };
  }
  function markSaved() {
    savedMark = stackMark();
    setDirty(false);
  }
  function setDirty(dirty) {
    state.dirty = dirty;
    root.dataset.dirty = dirty ? 'true' : 'false';
  }
  eventBus.on('commandStack.changed', () => {
    if (!savedMark) {
      return;
    }
    const now = stackMark();
    const dirty = typeof now.index !== 'number' || now.index !== savedMark.index || now.action !== savedMark.action;
    setDirty(dirty);
    if (dirty) {
      setStatus('Unsaved changes');
    } else {
      setStatus('No unsaved changes');
    }
  });
  window.addEventListener('beforeunload', (event) => {
    if (state.dirty) {
      event.preventDefault();
      event.returnValue = '';
    }
  });

  // --- lint ---------------------------------------------------------------------------------

  eventBus.on('linting.completed', ({ issues }) => {
    let errors = 0;
    let warnings = 0;
    for (const list of Object.values(issues || {})) {
      for (const issue of list) {
        if (issue.category === 'error' || issue.category === 'rule-error') {
          errors += 1;
        } else if (issue.category === 'warn') {
          warnings += 1;
        }
      }
    }
    root.dataset.lint = `${errors},${warnings}`;
  });

  // --- toolbar ------------------------------------------------------------------------------

  const saveButton = el('button', { id: 'modeller-save', type: 'button', class: 'govuk-button', 'data-module': 'govuk-button', text: 'Save draft' });
  const checkButton = el('button', { id: 'modeller-check', type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button', text: 'Check' });
  const compareLink = el('a', { id: 'modeller-compare', href: config.urls.compare || '#', role: 'button', draggable: 'false', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button', text: 'Compare' });
  const deployLink = el('a', { id: 'modeller-deploy', href: config.urls.deploy || '#', role: 'button', draggable: 'false', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button', text: 'Deploy' });
  const downloadButton = el('button', { id: 'modeller-download', type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button', text: 'Download .bpmn' });
  const wholeButton = el('button', { id: 'modeller-whole', type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button', text: 'Show the whole diagram' });
  toolbar.replaceChildren(el('div', { class: 'govuk-button-group app-modeller__buttons' }, [saveButton, checkButton, compareLink, deployLink, downloadButton, wholeButton]));
  wholeButton.addEventListener('click', () => canvas.zoom('fit-viewport'));

  saveButton.addEventListener('click', () => save());
  checkButton.addEventListener('click', () => check());
  downloadButton.addEventListener('click', () => download());
  for (const link of [compareLink, deployLink]) {
    link.addEventListener('click', async (event) => {
      commitPendingEdits();
      if (!state.dirty) {
        return;
      }
      event.preventDefault();
      if (await save()) {
        window.location.href = link.href;
      }
    });
  }
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      save();
    }
  });

  // --- save ---------------------------------------------------------------------------------

  /** Fields in the properties panel commit on blur (or after a pause); commit what is typed now. */
  function commitPendingEdits() {
    const active = document.activeElement;
    if (active && propertiesHost.contains(active) && typeof active.blur === 'function') {
      active.blur();
    }
  }

  async function save() {
    commitPendingEdits();
    if (state.saving) {
      return state.saving;
    }
    state.saving = (async () => {
      setStatus('Saving…');
      saveButton.disabled = true;
      try {
        const markBefore = stackMark();
        const { xml } = await modeler.saveXML({ format: true });
        const draft = await api.put(config.urls.draft, { bpmn: xml, lock_version: state.lockVersion });
        if (draft && draft.lock_version !== undefined) {
          state.lockVersion = draft.lock_version;
        }
        // changes made while the request was under way are still unsaved
        savedMark = markBefore;
        const now = stackMark();
        setDirty(now.index !== markBefore.index || now.action !== markBefore.action);
        setStatus(state.dirty ? 'Unsaved changes' : `Saved at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`);
        return draft || true;
      } catch (error) {
        if (error.status === 409) {
          setStatus('Not saved: this draft was changed somewhere else (another person or another tab). Download your version, then reload the page.', 'error');
        } else {
          setStatus(`Not saved: ${error.message}`, 'error');
          if (error.problem && Array.isArray(error.problem.errors) && error.problem.errors.length) {
            showProblems(error.problem.errors);
          }
        }
        return false;
      } finally {
        saveButton.disabled = false;
        state.saving = null;
      }
    })();
    return state.saving;
  }

  // --- check --------------------------------------------------------------------------------

  let marked = [];

  function clearMarkers() {
    for (const id of marked) {
      if (elementRegistry.get(id)) {
        canvas.removeMarker(id, 'app-problem');
      }
    }
    marked = [];
  }

  function elementLabel(id) {
    const element = id && elementRegistry.get(id);
    const name = element && element.businessObject && element.businessObject.name;
    return (name && name.trim()) || id || '';
  }

  function problemText(problem) {
    const label = elementLabel(problem.element_id) || problem.file || '';
    const line = problem.line ? ` (line ${problem.line})` : '';
    return `${label ? `${label}: ` : ''}${problem.message || 'Problem'}${line}`;
  }

  function focusElement(id) {
    const element = id && elementRegistry.get(id);
    if (!element) {
      return;
    }
    modeler.get('selection').select(element);
    canvas.scrollToElement(element);
  }

  function showProblems(problems) {
    clearMarkers();
    const items = problems.map((problem) => {
      const link = el('a', {
        href: '#modeller-canvas',
        'data-element-id': problem.element_id || undefined,
        text: problemText(problem),
        onclick: (event) => {
          event.preventDefault();
          focusElement(problem.element_id);
        }
      });
      // A defect the explorer found carries the path that shows it: the steps, in order.
      const path = Array.isArray(problem.path) && problem.path.length
        ? [el('details', { class: 'govuk-details app-defect-path' }, [
            el('summary', { class: 'govuk-details__summary' }, [el('span', { class: 'govuk-details__summary-text', text: `The path that shows it (${problem.path.length} steps)` })]),
            el('ol', { class: 'govuk-details__text govuk-list govuk-list--number' }, problem.path.map((step) => el('li', { text: step })))
          ])]
        : [];
      return el('li', {}, [link, ...path]);
    });
    for (const problem of problems) {
      const id = problem.element_id;
      if (id && elementRegistry.get(id) && !marked.includes(id)) {
        canvas.addMarker(id, 'app-problem');
        marked.push(id);
      }
    }
    const summary = el('div', { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary', tabindex: '-1' }, [
      el('div', { role: 'alert' }, [
        el('h2', { class: 'govuk-error-summary__title', text: problems.length === 1 ? 'There is 1 problem' : `There are ${problems.length} problems` }),
        el('div', { class: 'govuk-error-summary__body' }, [el('ul', { class: 'govuk-list govuk-error-summary__list' }, items)])
      ])
    ]);
    problemsHost.replaceChildren(summary);
    summary.focus({ preventScroll: true });
  }

  function showPassed() {
    clearMarkers();
    problemsHost.replaceChildren(
      el('div', { class: 'govuk-notification-banner govuk-notification-banner--success app-check-passed', role: 'alert', 'aria-labelledby': 'modeller-check-title' }, [
        el('div', { class: 'govuk-notification-banner__header' }, [
          el('h2', { class: 'govuk-notification-banner__title', id: 'modeller-check-title', text: 'Success' })
        ]),
        el('div', { class: 'govuk-notification-banner__content' }, [
          el('p', { class: 'govuk-notification-banner__heading', text: 'Check passed: no problems' })
        ])
      ])
    );
  }

  async function check() {
    commitPendingEdits();
    checkButton.disabled = true;
    try {
      if (state.dirty) {
        const saved = await save();
        if (!saved) {
          return null;
        }
      }
      setStatus('Checking…');
      let result;
      try {
        result = await api.post(config.urls.check, {});
      } catch (error) {
        if (error.problem && Array.isArray(error.problem.errors)) {
          result = { ok: false, problems: error.problem.errors };
        } else {
          setStatus(`The check could not run: ${error.message}`, 'error');
          return null;
        }
      }
      result = result || { ok: false, problems: [] };
      const defects = (result.defects || []).map((defect) => ({
        element_id: defect.element_id,
        message: `Explorer found ${defect.kind.replace('_', ' ')} in ${defect.process_key}: ${defect.message}`,
        path: defect.path
      }));
      const problems = (result.problems || []).concat(defects);
      window.modeller.lastCheck = result;
      if (result.ok && !problems.length) {
        showPassed();
        setStatus(state.dirty ? 'Unsaved changes' : 'Check passed');
      } else {
        showProblems(problems.length ? problems : [{ message: 'The check failed without saying why.' }]);
        setStatus(problems.length === 1 ? 'The check found 1 problem' : `The check found ${problems.length} problems`);
      }
      return result;
    } finally {
      checkButton.disabled = false;
    }
  }

  // --- download -----------------------------------------------------------------------------

  async function download() {
    commitPendingEdits();
    const { xml } = await modeler.saveXML({ format: true });
    const blob = new Blob([xml], { type: 'application/xml' });
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: `${config.key || 'procedure'}.bpmn` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // --- forms --------------------------------------------------------------------------------

  async function createForm() {
    let name = window.prompt('Name for the new form (lower case letters, digits and underscores, starting with a letter):', '');
    while (name !== null && !FORM_NAME.test(name.trim())) {
      name = window.prompt('Use only lower case letters, digits and underscores, starting with a letter. Name for the new form:', name);
    }
    if (name === null) {
      return null;
    }
    name = name.trim();
    if (state.forms.includes(name)) {
      return name;
    }
    try {
      const answer = await api.post(config.urls.forms, { name });
      if (answer && answer.lock_version !== undefined) {
        state.lockVersion = answer.lock_version;
      }
      state.forms.push(name);
      setStatus(`Form ${name} created`);
      return name;
    } catch (error) {
      setStatus(`The form was not created: ${error.message}`, 'error');
      window.alert(`The form was not created: ${error.message}`);
      return null;
    }
  }

  // --- load ---------------------------------------------------------------------------------

  window.modeller = { modeler, save, check, lastCheck: null, importWarnings: [], state };
  setDirty(false);

  /** The deploy page links each problem to "#element=<id>": select and show that element. */
  function showElementFromAddress() {
    const match = /^#element=([A-Za-z_][\w.-]*)$/.exec(window.location.hash);
    const element = match && modeler.get('elementRegistry').get(match[1]);
    if (element) {
      canvas.zoom(1);
      canvas.scrollToElement(element);
      modeler.get('selection').select(element);
    }
  }

  async function load() {
    setStatus('Loading the diagram…');
    let draft;
    try {
      draft = await api.get(config.urls.draft);
    } catch (error) {
      setStatus(`The draft could not be loaded: ${error.message}`, 'error');
      return;
    }
    if (draft.lock_version !== undefined) {
      state.lockVersion = draft.lock_version;
    }
    for (const file of Object.keys(draft.forms || {})) {
      if (file.endsWith('.schema.json')) {
        const base = file.slice(0, -'.schema.json'.length);
        if (!state.forms.includes(base)) {
          state.forms.push(base);
        }
      }
    }
    try {
      const { warnings } = await modeler.importXML(draft.bpmn);
      window.modeller.importWarnings = warnings;
      nameLanesByRole(modeler, config.roles);
      // Readable at once, clear of the palette (about 90 px from the left edge); "Fit" shows it whole.
      openReadable(modeler, { leftMargin: 110 });
      markSaved();
      setStatus(warnings.length ? `Loaded with ${warnings.length} warning(s): some parts of the file were not understood.` : 'No unsaved changes');
      root.dataset.ready = 'true';
      showElementFromAddress();
    } catch (error) {
      setStatus(`The diagram could not be opened: ${error.message}`, 'error');
    }
  }

  load();
}

const root = document.getElementById('modeller');
if (root) {
  start(root);
}
