// Saving: PUT the two files into the draft (urls.draft) with the lock version, and say what the
// server answered: saved, changed elsewhere (409), or the problems it found (422). FormEditor
// methods (see editor.js).

import { button, errorSummary, h } from "./dom.js";
import { callJson } from "./http.js";
import { FILE_NAMES } from "./words.js";

export const savingMethods = {
  /** The Save button and the link back to the diagram, above the status line. */
  buildSaveActions() {
    this.saveProblems = h("div", { id: "form-editor-save-problems" });
    this.saveButton = button("Save form", () => this.save(), { secondary: false, id: "form-editor-save" });
    const actions = h("div", { class: "govuk-button-group app-form-editor__actions" },
      this.saveButton,
      h("a", { class: "govuk-link", href: this.urls.modeller || "#", id: "form-editor-back" }, "Back to the diagram"));
    this.statusEl.before(this.saveProblems, actions);
  },

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
      this.saveAnswered(await callJson(this.urls.draft, "PUT", body));
    } catch (error) {
      this.say(`Not saved: ${error.message}. Check your connection and try again.`);
    } finally {
      this.saving = false;
      this.saveButton.disabled = false;
    }
  },

  saveAnswered(result) {
    const data = result.data || {};
    if (result.ok) {
      if (typeof data.lock_version === "number") this.lockVersion = data.lock_version;
      this.setDirty(false);
      this.say("Saved");
    } else if (result.status === 409) {
      this.say("Not saved: this draft was changed somewhere else since you opened it. "
        + "Copy your JSON, then reload the page to get the latest version.");
    } else if (result.status === 422) {
      this.showSaveProblems(data);
    } else {
      this.say(`Not saved: ${data.detail || data.title || `the server answered ${result.status}`}.`);
    }
  },

  /** The server refused the form (422): list its problems, each a link to its line. */
  showSaveProblems(data) {
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
  },
};
