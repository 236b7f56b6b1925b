// The form editor page: a field list, the raw JSON (both ways) and a live server preview.
// The contract with the back end and template: frontend/CONTRACT.md, "Form editor page".
//
// FormEditor holds the page's state; its methods are grouped by what they look after, one
// module each, and added to its prototype below:
//   raw-json-pane.js   the two JSON textareas, their mistakes, and the JSON becoming the form
//   preview-pane.js    the server-rendered preview and its problems
//   saving.js          the Save button and what the server answers
//   field-list.js      the field list and each field's card (move, remove, add)
//   field-details.js   a card's inputs: label, hint, name in data, type, required
//   choice-editors.js  a choice field's choices and the fields each answer reveals

import { h } from "./dom.js";
import { callJson } from "./http.js";
import { toText } from "./json-text.js";
import { addStyles } from "./styles.js";
import { choiceEditorMethods } from "./choice-editors.js";
import { fieldDetailMethods } from "./field-details.js";
import { fieldListMethods } from "./field-list.js";
import { previewPaneMethods } from "./preview-pane.js";
import { rawJsonPaneMethods } from "./raw-json-pane.js";
import { savingMethods } from "./saving.js";

const NEW_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: {},
};

/** The template's element with that id, or a new one added to the root. */
function part(root, tag, id, attrs = {}) {
  return root.querySelector(`#${id}`) || root.appendChild(h(tag, { id, ...attrs }));
}

export class FormEditor {
  constructor(root) {
    this.root = root;
    addStyles();
    this.config = JSON.parse(root.dataset.config || "{}");
    this.urls = this.config.urls || {};
    this.form = this.config.form;
    this.lockVersion = this.config.lockVersion;
    this.fieldsEl = part(root, "div", "form-editor-fields");
    this.rawEl = part(root, "div", "form-editor-raw");
    this.previewEl = part(root, "div", "form-editor-preview");
    this.statusEl = part(root, "p", "form-editor-status", { role: "status" });
    this.statusEl.classList.add("govuk-body");
    this.schema = null;
    this.ui = null;
    this.schemaText = "";
    this.uiText = "";
    this.rawErrors = { schema: null, ui_schema: null };
    this.added = new Set(); // paths ("key" / "group.key") of fields added in this session
    this.namedByHand = new Set(); // added fields whose "Name in data" the owner typed (not taken from the label)
    this.nameErrors = new Map();
    this.dirty = false;
    this.previewSeq = 0;
    this.previewCount = 0;
    this.lastHtml = null;
    this.saving = false;
    root.dataset.dirty = "false";
    root.dataset.previewCount = "0";
    window.addEventListener("beforeunload", (event) => this.warnIfUnsaved(event));
  }

  warnIfUnsaved(event) {
    if (!this.dirty) return undefined;
    event.preventDefault();
    event.returnValue = "";
    return "";
  }

  get schemaFile() {
    return `${this.form}.schema.json`;
  }

  get uiFile() {
    return `${this.form}.uischema.json`;
  }

  // ---------------------------------------------------------------- loading

  async load() {
    this.say("Loading the form…");
    let result;
    try {
      result = await callJson(this.urls.draft);
    } catch (error) {
      this.say(`The form could not be loaded: ${error.message}. Reload the page to try again.`);
      this.root.dataset.ready = "error";
      return;
    }
    if (!result.ok || !result.data) {
      this.say(`The form could not be loaded (${(result.data && (result.data.detail || result.data.title)) || result.status}). Reload the page to try again.`);
      this.root.dataset.ready = "error";
      return;
    }
    const draft = result.data;
    if (typeof draft.lock_version === "number") this.lockVersion = draft.lock_version;
    const forms = draft.forms || {};
    const missing = typeof forms[this.schemaFile] !== "string";
    this.schemaText = missing ? toText(NEW_SCHEMA) : forms[this.schemaFile];
    this.uiText = typeof forms[this.uiFile] === "string" ? forms[this.uiFile] : toText({});
    this.buildLayout();
    this.schemaArea.value = this.schemaText;
    this.uiArea.value = this.uiText;
    this.parseRaw(false);
    this.say(missing ? `This draft has no ${this.schemaFile} yet: it starts empty and is created when you save.` : "");
    this.root.dataset.ready = "true";
    this.runPreview();
  }

  buildLayout() {
    this.buildRawPane();
    this.buildPreviewPane();
    this.buildSaveActions();
  }

  // ---------------------------------------------------------------- state

  say(text) {
    this.statusEl.textContent = text;
  }

  setDirty(dirty) {
    this.dirty = dirty;
    this.root.dataset.dirty = dirty ? "true" : "false";
    if (dirty) this.say("Unsaved changes");
  }

  get invalid() {
    return Boolean(this.rawErrors.schema || this.rawErrors.ui_schema);
  }

  /** After an edit in the field list: rewrite the raw JSON, maybe redraw, preview. */
  changed(redraw = false, focusId = null) {
    this.schemaText = toText(this.schema);
    this.uiText = toText(this.ui);
    this.schemaArea.value = this.schemaText;
    this.uiArea.value = this.uiText;
    if (redraw) this.renderFields(focusId);
    this.setDirty(true);
    this.schedulePreview();
  }
}

Object.assign(FormEditor.prototype, rawJsonPaneMethods, previewPaneMethods, savingMethods,
  fieldListMethods, fieldDetailMethods, choiceEditorMethods);
