// The process owners' modeller page (/procedures/drafts/<id>): bpmn-js Modeler with the
// properties panel, SpiffWorkflow groups, live lint, token simulation and the toolbar
// (save, check, compare, deploy, download). See frontend/CONTRACT.md.
// This is the esbuild entry (frontend/build.mjs): it loads the CSS, finds the page's parts and
// wires them together; each part is its own module (frontend/README.md lists them).
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import './modeller.css';

import { api } from './api';
import { checkDraft } from './check';
import { DirtyTracker } from './dirty';
import { createForm } from './forms';
import { reportLint } from './lint';
import { loadDraft } from './load';
import { createModeler } from './modeler';
import { ProblemsList } from './problems';
import { downloadDiagram, saveDraft } from './save';
import { statusLine } from './status';
import { buildToolbar, wireToolbar } from './toolbar';

function readConfig(root) {
  let config;
  try {
    config = JSON.parse(root.dataset.config || '{}');
  } catch (error) {
    config = {};
  }
  config.urls = config.urls || {};
  config.roles = config.roles || [];
  config.callTargets = config.callTargets || [];
  config.dateFields = config.dateFields || [];
  return config;
}

function findHosts() {
  return {
    toolbar: document.getElementById('modeller-toolbar'),
    canvas: document.getElementById('modeller-canvas'),
    properties: document.getElementById('modeller-properties'),
    problems: document.getElementById('modeller-problems'),
    status: document.getElementById('modeller-status')
  };
}

function start(root) {
  const config = readConfig(root);
  const hosts = findHosts();
  // The properties panel reads this as the `appState` service. It calls save() and
  // createForm() only on a click, so they may name `save` and `page`, set up further down.
  const state = {
    config,
    forms: [...(config.forms || [])],
    lockVersion: config.lockVersion,
    api,
    dirty: false,
    saving: null,
    isDirty: () => state.dirty,
    save: () => save(),
    createForm: () => createForm(page)
  };
  const modeler = createModeler(hosts, state);
  const setStatus = statusLine(hosts.status);
  const dirty = new DirtyTracker({ root, state, modeler, setStatus });
  reportLint(modeler.get('eventBus'), root);
  const buttons = buildToolbar(hosts.toolbar, config);
  const problems = new ProblemsList(modeler, hosts.problems);
  const page = { root, config, hosts, state, modeler, setStatus, dirty, buttons, problems };
  const save = () => saveDraft(page);
  const check = () => checkDraft(page);
  wireToolbar(page, { save, check, download: () => downloadDiagram(page) });

  window.modeller = { modeler, save, check, lastCheck: null, importWarnings: [], state };
  dirty.setDirty(false);
  loadDraft(page);
}

const root = document.getElementById('modeller');
if (root) {
  start(root);
}
