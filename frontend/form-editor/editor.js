// The form editor page: a field list, the raw JSON (both ways) and a live server preview.
// The contract with the back end and template: notes/frontend_contract.md, "Form editor page".

import { button, linkButton, checkboxGroup, checkboxItem, errorSummary, h, hidden, inputGroup, selectGroup, textareaGroup } from "./dom.js";
import { lineStart, parseJson, toText } from "./json-text.js";
import { addStyles } from "./styles.js";
import {
  Container, KINDS, NAME_PATTERN, addChoice, choiceKey, fieldKind, humanise, isObject, newFieldSchema,
  nameFromLabel, optionsOf, readChoices, removeChoice, schemaRules, setChoiceLabel, setChoiceValue,
} from "./model.js";

const PREVIEW_DELAY = 300;
const RAW_DELAY = 300;
const FILE_NAMES = { schema: "JSON Schema", ui_schema: "UI schema" };
const NEW_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: {},
};

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

async function callJson(url, method = "GET", body = undefined) {
  const headers = { Accept: "application/json", "X-CSRF-Token": csrfToken() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return { status: response.status, ok: response.ok, data };
}

const quote = (text) => `‘${text}’`;


export class FormEditor {
  constructor(root) {
    this.root = root;
    addStyles();
    this.config = JSON.parse(root.dataset.config || "{}");
    this.urls = this.config.urls || {};
    this.form = this.config.form;
    this.lockVersion = this.config.lockVersion;
    this.fieldsEl = root.querySelector("#form-editor-fields") || root.appendChild(h("div", { id: "form-editor-fields" }));
    this.rawEl = root.querySelector("#form-editor-raw") || root.appendChild(h("div", { id: "form-editor-raw" }));
    this.previewEl = root.querySelector("#form-editor-preview") || root.appendChild(h("div", { id: "form-editor-preview" }));
    this.statusEl = root.querySelector("#form-editor-status") || root.appendChild(h("p", { id: "form-editor-status", role: "status" }));
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
    window.addEventListener("beforeunload", (event) => {
      if (!this.dirty) return undefined;
      event.preventDefault();
      event.returnValue = "";
      return "";
    });
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
    // Raw JSON: two labelled textareas.
    const rawArea = (file, id, label, hint) => {
      const area = h("textarea", {
        class: "govuk-textarea app-form-editor__json", id, name: file, rows: 16, spellcheck: "false",
        autocomplete: "off", autocapitalize: "off", wrap: "off", "aria-describedby": `${id}-hint`,
        oninput: () => this.rawInput(),
      });
      const error = h("p", { class: "govuk-error-message", id: `${id}-error`, hidden: true });
      const group = h("div", { class: "govuk-form-group" },
        h("label", { class: "govuk-label govuk-label--s", for: id }, label),
        h("div", { class: "govuk-hint", id: `${id}-hint` }, hint), error, area);
      return { area, error, group };
    };
    const schema = rawArea("schema", "form-editor-schema-json", "JSON Schema", this.schemaFile);
    const ui = rawArea("ui_schema", "form-editor-ui-json", "UI schema", this.uiFile);
    this.schemaArea = schema.area;
    this.uiArea = ui.area;
    this.rawParts = { schema, ui_schema: ui };
    this.rawEl.replaceChildren(
      h("h2", { class: "govuk-heading-m" }, "JSON"),
      h("p", { class: "govuk-body" },
        "The same form as JSON. Changes here update the fields above once the JSON is valid."),
      schema.group, ui.group);

    // Preview.
    this.previewProblems = h("div", { class: "app-form-editor__preview-problems" });
    this.previewStale = h("p", { class: "govuk-body govuk-!-font-weight-bold", hidden: true },
      "The preview below is from before the problem.");
    this.previewBody = h("div", { class: "app-form-editor__preview-body" });
    this.previewEl.replaceChildren(
      h("h2", { class: "govuk-heading-m" }, "Preview"),
      this.previewProblems, this.previewStale, this.previewBody);

    // Save and back.
    this.saveProblems = h("div", { id: "form-editor-save-problems" });
    this.saveButton = button("Save form", () => this.save(), { secondary: false, id: "form-editor-save" });
    const actions = h("div", { class: "govuk-button-group app-form-editor__actions" },
      this.saveButton,
      h("a", { class: "govuk-link", href: this.urls.modeller || "#", id: "form-editor-back" }, "Back to the diagram"));
    this.statusEl.before(this.saveProblems, actions);
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

  // ---------------------------------------------------------------- raw JSON

  rawInput() {
    clearTimeout(this.rawTimer);
    this.rawTimer = setTimeout(() => this.parseRaw(true), RAW_DELAY);
  }

  /** Parse both textareas; when both are valid objects, they become the form. */
  parseRaw(edited) {
    clearTimeout(this.rawTimer);
    this.rawTimer = null;
    const texts = { schema: this.schemaArea.value, ui_schema: this.uiArea.value };
    if (edited && texts.schema === this.schemaText && texts.ui_schema === this.uiText && !this.invalid) return;
    const parsed = {};
    for (const [file, text] of Object.entries(texts)) {
      const result = text.trim() === "" && file === "ui_schema" ? { ok: true, value: {} } : parseJson(text);
      if (result.ok && !isObject(result.value)) {
        parsed[file] = { ok: false, message: "It must be a JSON object (in { })", line: 1, column: 1, position: 0 };
      } else {
        parsed[file] = result;
      }
      this.showRawError(file, parsed[file].ok ? null : parsed[file]);
    }
    this.schemaText = texts.schema;
    this.uiText = texts.ui_schema;
    if (!parsed.schema.ok || !parsed.ui_schema.ok) {
      this.fieldsEl.inert = true;
      this.fieldsNotice(true);
      if (edited) this.setDirty(true);
      return;
    }
    this.fieldsEl.inert = false;
    this.schema = parsed.schema.value;
    this.ui = parsed.ui_schema.value;
    this.renderFields();
    if (edited) {
      this.setDirty(true);
      this.schedulePreview();
    }
  }

  showRawError(file, error) {
    const part = this.rawParts[file];
    this.rawErrors[file] = error;
    part.group.classList.toggle("govuk-form-group--error", Boolean(error));
    part.area.classList.toggle("govuk-textarea--error", Boolean(error));
    part.error.hidden = !error;
    part.area.setAttribute("aria-describedby", `${part.area.id}-hint${error ? ` ${part.area.id}-error` : ""}`);
    part.error.replaceChildren(...(error
      ? [hidden("Error: "), `Line ${error.line}, column ${error.column}: ${error.message}`]
      : []));
  }

  fieldsNotice(show) {
    let notice = this.root.querySelector("#form-editor-fields-notice");
    if (!show) {
      if (notice) notice.remove();
      return;
    }
    const errors = Object.entries(this.rawErrors).filter(([, e]) => e)
      .map(([file, e]) => `${FILE_NAMES[file]} line ${e.line}, column ${e.column}`);
    const text = `The JSON has a mistake (${errors.join("; ")}). Fix it in the JSON to carry on editing the fields.`;
    if (!notice) {
      notice = h("div", { class: "govuk-warning-text", id: "form-editor-fields-notice" },
        h("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"),
        h("strong", { class: "govuk-warning-text__text" }, hidden("Warning"), h("span", {})));
      this.fieldsEl.before(notice);
    }
    notice.querySelector("strong > span:last-child").textContent = text;
  }

  /** Put the caret at a line of a raw textarea (from a problem link). */
  goToLine(file, line) {
    const area = file === "ui_schema" ? this.uiArea : this.schemaArea;
    area.focus();
    if (line) {
      const start = lineStart(area.value, line);
      let end = area.value.indexOf("\n", start);
      if (end < 0) end = area.value.length;
      area.setSelectionRange(start, end);
    }
  }

  // ---------------------------------------------------------------- preview

  schedulePreview() {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => this.runPreview(), PREVIEW_DELAY);
  }

  async runPreview() {
    clearTimeout(this.previewTimer);
    if (!this.urls.preview || this.invalid) return;
    const seq = ++this.previewSeq;
    let result;
    try {
      result = await callJson(this.urls.preview, "POST", { schema: this.schemaText, ui_schema: this.uiText });
    } catch (error) {
      if (seq === this.previewSeq) this.showPreviewProblems([{ message: `The preview could not be updated: ${error.message}` }]);
      return;
    }
    if (seq !== this.previewSeq) return; // a newer preview is on its way
    const data = result.data || {};
    if (!result.ok) {
      const problems = Array.isArray(data.errors) && data.errors.length ? data.errors
        : [{ message: data.detail || data.title || `The preview could not be updated (${result.status})` }];
      this.showPreviewProblems(problems);
    } else if (Array.isArray(data.problems) && data.problems.length) {
      this.showPreviewProblems(data.problems);
    } else {
      this.lastHtml = data.html || "";
      this.previewProblems.replaceChildren();
      this.previewStale.hidden = true;
      this.previewBody.classList.remove("app-form-editor__preview-body--stale");
      this.previewBody.removeAttribute("aria-hidden");
      this.previewBody.innerHTML = this.lastHtml;
      this.enhancePreview();
    }
    this.previewCount += 1;
    this.root.dataset.previewCount = String(this.previewCount);
  }

  problemText(problem) {
    const name = problem.file === this.schemaFile ? "schema" : problem.file === this.uiFile ? "ui_schema" : problem.file;
    const file = FILE_NAMES[name] || (name ? String(name) : "");
    const where = [file, problem.line ? `line ${problem.line}` : ""].filter(Boolean).join(" ");
    return where ? `${where}: ${problem.message}` : String(problem.message);
  }

  showPreviewProblems(problems) {
    const items = problems.map((p) => ({
      text: this.problemText(p),
      href: p.file ? `#${p.file === "ui_schema" ? this.uiArea.id : this.schemaArea.id}` : null,
      onclick: p.file ? (event) => {
        event.preventDefault();
        this.goToLine(p.file, p.line);
      } : null,
    }));
    this.previewProblems.replaceChildren(errorSummary(items));
    if (this.lastHtml !== null) {
      this.previewStale.hidden = false;
      this.previewBody.classList.add("app-form-editor__preview-body--stale");
      this.previewBody.setAttribute("aria-hidden", "true");
    }
  }

  /** Start GOV.UK Frontend's scripts (conditional reveals) in the preview, when the page has them. */
  async enhancePreview() {
    if (!document.body.classList.contains("govuk-frontend-supported")) return;
    try {
      const url = "/vendor/govuk/govuk-frontend.min.js";
      const govuk = await import(/* @vite-ignore */ url);
      if (govuk && typeof govuk.initAll === "function") govuk.initAll({ scope: this.previewBody });
    } catch {
      // the preview still shows every field
    }
  }

  // ---------------------------------------------------------------- save

  async save() {
    if (this.rawTimer) this.parseRaw(true);
    this.saveProblems.replaceChildren();
    if (this.invalid) {
      const errors = Object.entries(this.rawErrors).filter(([, e]) => e)
        .map(([file, e]) => `the ${FILE_NAMES[file]} has a mistake at line ${e.line}, column ${e.column} (${e.message})`);
      this.say(`Not saved: ${errors.join(" and ")}. Fix the JSON first.`);
      return;
    }
    if (this.saving) return;
    this.saving = true;
    this.saveButton.disabled = true;
    this.say("Saving…");
    const body = {
      forms: { [this.schemaFile]: this.schemaText, [this.uiFile]: this.uiText },
      lock_version: this.lockVersion,
    };
    try {
      const result = await callJson(this.urls.draft, "PUT", body);
      const data = result.data || {};
      if (result.ok) {
        if (typeof data.lock_version === "number") this.lockVersion = data.lock_version;
        this.setDirty(false);
        this.say("Saved");
      } else if (result.status === 409) {
        this.say("Not saved: this draft was changed somewhere else since you opened it. "
          + "Copy your JSON, then reload the page to get the latest version.");
      } else if (result.status === 422) {
        const problems = Array.isArray(data.errors) && data.errors.length ? data.errors
          : [{ message: data.detail || data.title || "The form is not valid" }];
        const summary = errorSummary(problems.map((p) => ({
          text: this.problemText(p),
          href: `#${p.file === "ui_schema" || p.file === this.uiFile ? this.uiArea.id : this.schemaArea.id}`,
          onclick: (event) => {
            event.preventDefault();
            this.goToLine(p.file === this.uiFile ? "ui_schema" : p.file, p.line);
          },
        })));
        this.saveProblems.replaceChildren(summary);
        summary.focus();
        this.say("Not saved: fix the problems listed.");
      } else {
        this.say(`Not saved: ${data.detail || data.title || `the server answered ${result.status}`}.`);
      }
    } catch (error) {
      this.say(`Not saved: ${error.message}. Check your connection and try again.`);
    } finally {
      this.saving = false;
      this.saveButton.disabled = false;
    }
  }

  // ---------------------------------------------------------------- the field list

  renderFields(focusId = null) {
    const active = document.activeElement;
    const keep = !focusId && active && this.fieldsEl.contains(active) && active.id ? active : null;
    const caret = keep && typeof keep.selectionStart === "number" ? [keep.selectionStart, keep.selectionEnd] : null;
    const root = Container.root(this.schema, this.ui);
    const rules = schemaRules(this.schema);
    this.fieldsNotice(false);
    this.fieldsEl.replaceChildren(...[
      h("h2", { class: "govuk-heading-m" }, "Fields"),
      rules.other ? h("div", { class: "govuk-inset-text" },
        rules.other === 1
          ? "This form has a rule in its JSON Schema that can only be changed in the JSON. It is kept as it is."
          : `This form has ${rules.other} rules in its JSON Schema that can only be changed in the JSON. `
            + "They are kept as they are.") : null,
      this.fieldList(root, "field", 2)].filter(Boolean));
    const target = document.getElementById(focusId || (keep && keep.id));
    if (target && this.fieldsEl.contains(target)) {
      target.focus();
      if (caret && target === document.getElementById(keep.id) && typeof target.setSelectionRange === "function") {
        try {
          target.setSelectionRange(caret[0], caret[1]);
        } catch {
          // not a text input
        }
      }
    }
  }

  fieldList(container, idPrefix, level) {
    const order = container.order();
    const list = h("div", { class: "app-form-editor__field-list" },
      order.map((key, i) => this.fieldSection(container, key, i, order.length, `${idPrefix}-${i + 1}`, level)));
    const nested = container.path.length > 0;
    const add = button(nested ? "Add a field to each item" : "Add a field", () => {
      const key = container.freeKey();
      const n = key.replace(/^new_field_/, "");
      container.add(key, newFieldSchema(`New field ${n}`));
      this.added.add([...container.path, key].join("."));
      const index = container.order().indexOf(key);
      this.changed(true, `${idPrefix}-${index + 1}-label`);
      this.say(`Added ${quote(`New field ${n}`)}. Unsaved changes`);
    }, { id: `${idPrefix}-add` });
    return h("div", {}, list, add);
  }

  fieldSection(container, key, index, count, id, level) {
    const schema = container.properties()[key];
    const path = [...container.path, key].join(".");
    if (!isObject(schema)) {
      return h("section", { class: "govuk-summary-card", dataset: { field: path }, "aria-labelledby": `${id}-heading` },
        h("div", { class: "govuk-summary-card__title-wrapper" },
          h(`h${level + 1}`, { class: "govuk-summary-card__title", id: `${id}-heading` }, humanise(key))),
        h("div", { class: "govuk-summary-card__content" },
          h("p", { class: "govuk-body" }, "This field can only be changed in the JSON.")));
    }
    const ui = container.fieldUi(key);
    const kind = fieldKind(schema, ui);
    const title = () => schema.title || humanise(key);
    const heading = h(`h${level + 1}`, { class: "govuk-summary-card__title", id: `${id}-heading`, dataset: { titleOf: path } }, title());
    const suffix = (text) => ` ${quote(text)}`;
    const moved = (delta, which) => () => {
      if (container.move(key, delta)) {
        const newIndex = index + delta;
        const stuck = (which === "up" && newIndex === 0) || (which === "down" && newIndex === count - 1);
        const targetId = `${id.replace(/-\d+$/, "")}-${newIndex + 1}-${stuck ? (which === "up" ? "down" : "up") : which}`;
        this.changed(true, targetId);
        this.say(`Moved ${quote(title())} ${delta < 0 ? "up" : "down"}. Unsaved changes`);
      }
    };
    const actions = h("ul", { class: "govuk-summary-card__actions" },
      h("li", { class: "govuk-summary-card__action" },
        linkButton("Move up", moved(-1, "up"), { suffix: suffix(title()), id: `${id}-up`, disabled: index === 0 })),
      h("li", { class: "govuk-summary-card__action" },
        linkButton("Move down", moved(1, "down"), { suffix: suffix(title()), id: `${id}-down`, disabled: index === count - 1 })),
      h("li", { class: "govuk-summary-card__action" },
        linkButton("Remove", () => {
          const name = title();
          container.remove(key);
          this.added.delete(path);
          const left = container.order().length;
          const prefix = id.replace(/-\d+$/, "");
          this.changed(true, left ? `${prefix}-${Math.min(index, left - 1) + 1}-heading` : `${prefix}-add`);
          this.say(`Removed ${quote(name)}. Unsaved changes`);
        }, { suffix: suffix(title()), id: `${id}-remove`, warning: true })));
    for (const b of actions.querySelectorAll(".govuk-visually-hidden")) b.dataset.titleOf = path;

    const body = h("div", { class: "govuk-summary-card__content" });
    const section = h("section", { class: "govuk-summary-card app-form-editor__field", dataset: { field: path }, "aria-labelledby": `${id}-heading` },
      h("div", { class: "govuk-summary-card__title-wrapper" }, heading, actions), body);
    heading.tabIndex = -1;

    if (schema.readOnly || ui["ui:readonly"]) {
      body.append(h("p", { class: "govuk-body govuk-hint" },
        "People see this field read-only: the process fills it in."));
    }

    // Label and hint.
    body.append(inputGroup({
      id: `${id}-label`, name: "title", label: "Label", value: schema.title || "",
      oninput: (event) => {
        const text = event.target.value;
        if (text) schema.title = text;
        else delete schema.title;
        for (const el of this.fieldsEl.querySelectorAll("[data-title-of]")) {
          if (el.dataset.titleOf !== path) continue;
          el.textContent = el.classList.contains("govuk-visually-hidden") ? suffix(title()) : title();
        }
        this.changed();
      },
      // A new field takes its name in data from its label ("Grounds for default" ->
      // grounds_for_default) when the owner leaves the label, until they type a name themselves.
      onchange: (event) => {
        if (!this.added.has(path) || this.namedByHand.has(path)) return;
        const name = nameFromLabel(event.target.value);
        if (!name || name === key || name in container.properties()) return;
        container.rename(key, name);
        this.added.delete(path);
        this.added.add([...container.path, name].join("."));
        this.changed(true, `${id}-hint`);
      },
    }));
    const fieldUiNow = () => container.fieldUi(key);
    const usesHelp = typeof ui["ui:help"] === "string";
    body.append(textareaGroup({
      id: `${id}-hint`, name: usesHelp ? "ui:help" : "description", label: "Hint",
      hint: usesHelp ? "Shown under the label (the UI schema's ui:help)." : "Shown under the label. Optional.",
      value: usesHelp ? ui["ui:help"] : (schema.description || ""),
      oninput: (event) => {
        const text = event.target.value;
        if (usesHelp) {
          const target = container.fieldUi(key, true);
          if (text) target["ui:help"] = text;
          else delete target["ui:help"];
          container.prune(key);
        } else if (text) {
          schema.description = text;
        } else {
          delete schema.description;
        }
        this.changed();
      },
    }));

    // Name in data.
    if (this.added.has(path)) {
      body.append(inputGroup({
        id: `${id}-name`, name: "name", label: "Name in data", value: key, width: "govuk-input--width-20",
        spellcheck: "false", error: this.nameErrors.get(path) || null,
        hint: "Scripts and conditions use this name. Lower case letters, numbers and underscores, starting with a letter.",
        oninput: (event) => {
          const name = event.target.value.trim();
          let error = null;
          if (!NAME_PATTERN.test(name)) error = "Use lower case letters, numbers and underscores, starting with a letter";
          else if (name !== key && name in container.properties()) error = `There is already a field named ${name}`;
          const had = this.nameErrors.get(path) || null;
          if (error) {
            this.nameErrors.set(path, error);
            if (had !== error) this.renderFields();
            return;
          }
          this.nameErrors.delete(path);
          if (name === key) {
            if (had) this.renderFields();
            return;
          }
          container.rename(key, name);
          this.added.delete(path);
          this.added.add([...container.path, name].join("."));
          this.namedByHand.add([...container.path, name].join("."));
          this.changed(true);
        },
      }));
    } else {
      body.append(inputGroup({
        id: `${id}-name`, name: "name", label: "Name in data", value: key, readOnly: true, width: "govuk-input--width-20",
        hint: "Scripts and conditions in the process use this name, so it cannot be changed here.",
      }));
    }

    // Type.
    const nested = container.path.length > 0;
    const kinds = KINDS.filter((k) => !(nested && k.value === "group" && kind !== "group"));
    const options = kind === "other"
      ? [{ value: "other", text: "Other (edit it in the JSON)" }, ...kinds]
      : kinds;
    body.append(selectGroup({
      id: `${id}-type`, name: "type", label: "Type", options, value: kind,
      onchange: (event) => {
        if (event.target.value === "other") return;
        container.setKind(key, event.target.value);
        this.changed(true, `${id}-type`);
      },
    }));

    // Required.
    body.append(checkboxGroup({
      id: `${id}-required`, name: "required", label: "Required", checked: container.isRequired(key),
      hint: "People must answer this before they can continue.",
      onchange: (event) => {
        container.setRequired(key, event.target.checked);
        this.changed();
      },
    }));

    if (kind === "radios") body.append(this.choicesEditor(container, key, schema, () => fieldUiNow(), () => container.fieldUi(key, true), id, key));
    if (kind === "checkboxes") {
      const itemsUi = () => {
        const u = fieldUiNow();
        return isObject(u.items) ? u.items : {};
      };
      const ensureItemsUi = () => {
        const u = container.fieldUi(key, true);
        if (!isObject(u.items)) u.items = {};
        return u.items;
      };
      body.append(this.choicesEditor(container, key, schema.items, itemsUi, ensureItemsUi, id, null));
    }
    if (kind === "radios" || kind === "boolean") body.append(this.revealEditor(container, key, schema, id));

    if (kind === "group") {
      if (nested) {
        body.append(h("p", { class: "govuk-body" }, "The fields of this group's items can only be changed in the JSON."));
      } else {
        const group = container.group(key);
        body.append(h("div", { class: "app-form-editor__group govuk-!-margin-left-4" },
          h(`h${level + 2}`, { class: "govuk-heading-s" }, "Fields of each item"),
          this.fieldList(group, `${id}-item`, level + 1)));
      }
    }
    if (kind === "other") {
      body.append(h("p", { class: "govuk-body" }, "This kind of field can only be changed in the JSON."));
    }
    return section;
  }

  /** Rows of value + label for one/several choice fields. `revealOf` is the field whose ui:reveal keys follow values. */
  choicesEditor(container, key, schema, getUi, ensureUi, id, revealOf) {
    const choices = readChoices(schema, getUi());
    const fieldset = h("fieldset", { class: "govuk-fieldset", "aria-describedby": `${id}-choices-hint` },
      h("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, "Choices"),
      h("div", { class: "govuk-hint", id: `${id}-choices-hint` },
        "The value is what the process stores; the label is what people see."));
    choices.forEach((choice, i) => {
      const n = i + 1;
      const rowId = `${id}-choice-${n}`;
      fieldset.append(h("div", { class: "app-form-editor__choice" },
        h("div", { class: "govuk-form-group app-form-editor__choice-value" },
          h("label", { class: "govuk-label", for: `${rowId}-value` }, "Value", hidden(` of choice ${n}`)),
          h("input", {
            class: "govuk-input", id: `${rowId}-value`, name: "const", type: "text", value: choiceKey(choice.value), spellcheck: "false",
            oninput: (event) => {
              const [oldKey, newKey] = setChoiceValue(schema, ensureUi, i, event.target.value);
              if (revealOf) {
                container.renameRevealOption(revealOf, oldKey, newKey);
                this.relabelReveal(id, i, schema, getUi);
              }
              this.changed();
            },
          })),
        h("div", { class: "govuk-form-group app-form-editor__choice-label" },
          h("label", { class: "govuk-label", for: `${rowId}-label` }, "Label", hidden(` of choice ${n}`)),
          h("input", {
            class: "govuk-input", id: `${rowId}-label`, name: "choice-title", type: "text", value: choice.label,
            oninput: (event) => {
              setChoiceLabel(schema, ensureUi, i, event.target.value);
              if (revealOf) this.relabelReveal(id, i, schema, getUi);
              this.changed();
            },
          })),
        h("div", { class: "govuk-form-group app-form-editor__choice-remove" },
          linkButton("Remove", () => {
            const option = removeChoice(schema, ensureUi, i);
            if (revealOf && option !== null) container.renameRevealOption(revealOf, option, null);
            const left = readChoices(schema, getUi()).length;
            this.changed(true, left ? `${id}-choice-${Math.min(n, left)}-value` : `${id}-choice-add`);
          }, { suffix: ` choice ${n} ${quote(choice.label || choiceKey(choice.value))}`, id: `${rowId}-remove`,
            disabled: choices.length <= 1 }))));
    });
    fieldset.append(button("Add a choice", () => {
      addChoice(schema, ensureUi);
      const count = readChoices(schema, getUi()).length;
      this.changed(true, `${id}-choice-${count}-label`);
    }, { id: `${id}-choice-add` }));
    return h("div", { class: "govuk-form-group" }, fieldset);
  }

  /** Keep a reveal legend in step with its choice's label while it is typed. */
  relabelReveal(id, i, schema, getUi) {
    const legend = document.getElementById(`${id}-reveal-${i + 1}`);
    const choice = readChoices(schema, getUi())[i];
    if (legend && choice) {
      legend.textContent = `Show these fields when the answer is ${quote(choice.label || humanise(choiceKey(choice.value)))}`;
    }
  }

  /** "Show these fields when the answer is ‘…’" for one-choice and yes/no fields (ui:reveal). */
  revealEditor(container, key, schema, id) {
    const options = optionsOf(schema, container.fieldUi(key));
    const others = container.order().filter((name) => name !== key);
    const wrapper = h("div", { class: "app-form-editor__reveals" });
    const rules = schemaRules(container.schema).simple.filter((rule) => rule.field === key);
    if (!others.length) return wrapper;
    const titleOf = (name) => {
      const prop = container.properties()[name];
      return (isObject(prop) && prop.title) || humanise(name);
    };
    options.forEach((option, i) => {
      const chosen = container.revealed(key, option.key);
      const legendId = `${id}-reveal-${i + 1}`;
      wrapper.append(h("div", { class: "govuk-form-group" },
        h("fieldset", { class: "govuk-fieldset", "aria-describedby": `${legendId}-hint` },
          h("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s", id: legendId },
            `Show these fields when the answer is ${quote(option.text)}`),
          h("div", { class: "govuk-hint", id: `${legendId}-hint` },
            "They are shown under that answer and only then."),
          h("div", { class: "govuk-checkboxes govuk-checkboxes--small", "data-module": "govuk-checkboxes" },
            others.map((name, j) => checkboxItem({
              id: `${legendId}-${j + 1}`, name: `reveal-${option.key}`, value: name, label: titleOf(name),
              labelData: { titleOf: [...container.path, name].join(".") },
              checked: chosen.includes(name),
              hint: rules.some((rule) => rule.key === option.key && rule.fields.includes(name))
                ? "Already shown for this answer by a rule in the JSON Schema" : null,
              onchange: (event) => {
                // the choice's value may have been retyped since this was drawn
                const now = optionsOf(schema, container.fieldUi(key))[i];
                container.setRevealed(key, now ? now.key : option.key, name, event.target.checked);
                this.changed();
              },
            }))))));
    });
    if (rules.length) {
      const label = (optionKey) => (options.find((o) => o.key === optionKey) || { text: optionKey }).text;
      wrapper.append(h("div", { class: "govuk-inset-text" },
        h("p", { class: "govuk-body" }, "Existing reveal rules in the JSON Schema (kept; change them in the JSON):"),
        h("ul", { class: "govuk-list govuk-list--bullet" },
          rules.map((rule) => h("li", {},
            `When the answer is ${quote(label(rule.key))}: ${rule.fields.map((f) => quote(titleOf(f))).join(", ")} `
            + `${rule.fields.length === 1 ? "is" : "are"} shown and must be answered`)))));
    }
    return wrapper;
  }
}
