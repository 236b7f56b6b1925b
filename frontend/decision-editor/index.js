// The decision table editor page (/procedures/drafts/<id>/decisions/<file>): dmn-js opened on the
// table's decision table view, saved into the draft the way the diagram is (PUT urls.draft with
// {decisions: {<file>: xml}, lock_version}), and downloaded as the .dmn file. See CONTRACT.md.
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import './decision-editor.css';

import DmnModeler from 'dmn-js/lib/Modeler';

import { api } from '../modeller/api';

function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') {
      node.textContent = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else if (value !== undefined && value !== null) {
      node.setAttribute(name, value);
    }
  }
  node.append(...[].concat(children));
  return node;
}

function button(id, text, secondary) {
  const classes = `govuk-button${secondary ? ' govuk-button--secondary' : ''}`;
  return el('button', { id, type: 'button', class: classes, 'data-module': 'govuk-button', text });
}

/** A saved table's problems (file, line, element, message) as a GOV.UK error summary. */
function problemSummary(problems) {
  const items = problems.map((problem) => {
    const where = [problem.element_id, problem.line ? `line ${problem.line}` : null].filter(Boolean).join(', ');
    return el('li', { text: `${problem.message}${where ? ` (${where})` : ''}` });
  });
  return el('div', { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary', tabindex: '-1' }, [
    el('div', { role: 'alert' }, [
      el('h2', { class: 'govuk-error-summary__title', text: problems.length === 1 ? 'There is 1 problem' : `There are ${problems.length} problems` }),
      el('div', { class: 'govuk-error-summary__body' }, [el('ul', { class: 'govuk-list govuk-error-summary__list' }, items)])
    ])
  ]);
}

/** One table of one draft: load, save into the draft, download. */
class DecisionEditor {
  constructor(root) {
    this.root = root;
    this.config = JSON.parse(root.dataset.config || '{}');
    this.statusHost = document.getElementById('decision-editor-status');
    this.problemsHost = document.getElementById('decision-editor-problems');
    this.state = { lockVersion: this.config.lockVersion, dirty: false, saving: null };
    this.modeler = new DmnModeler({ container: document.getElementById('decision-editor-table') });
    this.saveButton = button('decision-editor-save', 'Save table');
    const downloadButton = button('decision-editor-download', `Download ${this.config.file}`, true);
    document.getElementById('decision-editor-toolbar').replaceChildren(
      el('div', { class: 'govuk-button-group' }, [this.saveButton, downloadButton]));
    this.saveButton.addEventListener('click', () => this.save());
    downloadButton.addEventListener('click', () => this.download());
    window.addEventListener('beforeunload', (event) => {
      if (this.state.dirty) {
        event.preventDefault();
        event.returnValue = '';
      }
    });
  }

  setStatus(text, kind) {
    this.statusHost.textContent = text;
    this.statusHost.classList.toggle('app-modeller__status--error', kind === 'error');
  }

  setDirty(dirty) {
    this.state.dirty = dirty;
    this.root.dataset.dirty = dirty ? 'true' : 'false';
    if (dirty) {
      this.setStatus('Unsaved changes');
    }
  }

  save() {
    if (!this.state.saving) {
      this.state.saving = this.saveNow().finally(() => {
        this.saveButton.disabled = false;
        this.state.saving = null;
      });
    }
    return this.state.saving;
  }

  async saveNow() {
    this.saveButton.disabled = true;
    this.setStatus('Saving…');
    try {
      const { xml } = await this.modeler.saveXML({ format: true });
      const body = { decisions: { [this.config.file]: xml }, lock_version: this.state.lockVersion };
      const draft = await api.put(this.config.urls.draft, body);
      this.state.lockVersion = draft.lock_version;
      this.problemsHost.replaceChildren();
      this.setDirty(false);
      this.setStatus(`Saved at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`);
      return draft;
    } catch (error) {
      const problems = (error.problem && error.problem.errors) || [];
      this.problemsHost.replaceChildren(...(problems.length ? [problemSummary(problems)] : []));
      this.setStatus(error.status === 409
        ? 'Not saved: this draft was changed somewhere else. Download your table, then reload the page.'
        : `Not saved: ${error.message}`, 'error');
      return false;
    }
  }

  async download() {
    const { xml } = await this.modeler.saveXML({ format: true });
    const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    const link = el('a', { href: url, download: this.config.file });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async load() {
    this.setStatus('Loading the table…');
    try {
      const draft = await api.get(this.config.urls.draft);
      this.state.lockVersion = draft.lock_version;
      await this.modeler.importXML((draft.decisions || {})[this.config.file]);
      // The table, not the decision requirements diagram: a process owner edits rows.
      const table = this.modeler.getViews().find((view) => view.type === 'decisionTable');
      if (!table) {
        this.setStatus('This file has no decision table to edit; open it in Camunda Modeler.', 'error');
        return;
      }
      await this.modeler.open(table);
      this.modeler.getActiveViewer().get('eventBus').on('elements.changed', () => this.setDirty(true));
      this.setDirty(false);
      this.setStatus('No unsaved changes');
      this.root.dataset.ready = 'true';
    } catch (error) {
      this.setStatus(`The table could not be opened: ${error.message}`, 'error');
    }
  }
}

const root = document.getElementById('decision-editor');
if (root) {
  const editor = new DecisionEditor(root);
  window.decisionEditor = { modeler: editor.modeler, save: () => editor.save(), state: editor.state };
  editor.load();
}
