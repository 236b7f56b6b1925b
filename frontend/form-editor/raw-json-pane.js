// The raw JSON pane: the schema and UI schema as two textareas. Valid JSON typed there becomes
// the form (the field list follows); a mistake is shown at its line and column, and the field
// list waits until it is fixed. FormEditor methods (see editor.js).

import { h, hidden } from "./dom.js";
import { lineStart, parseJson } from "./json-text.js";
import { isObject } from "./model.js";
import { FILE_NAMES } from "./words.js";

const RAW_DELAY = 300;

export const rawJsonPaneMethods = {
  buildRawPane() {
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
  },

  rawInput() {
    clearTimeout(this.rawTimer);
    this.rawTimer = setTimeout(() => this.parseRaw(true), RAW_DELAY);
  },

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
  },

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
  },

  /** The warning over the field list while the JSON has a mistake (show = false takes it away). */
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
  },

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
  },
};
