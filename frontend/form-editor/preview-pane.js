// The preview pane: the server renders the form as people will see it (POST urls.preview) a
// moment after each change; its problems link to their line in the JSON. FormEditor methods
// (see editor.js).

import { errorSummary, h } from "./dom.js";
import { callJson } from "./http.js";
import { FILE_NAMES } from "./words.js";

const PREVIEW_DELAY = 300;

export const previewPaneMethods = {
  buildPreviewPane() {
    this.previewProblems = h("div", { class: "app-form-editor__preview-problems" });
    this.previewStale = h("p", { class: "govuk-body govuk-!-font-weight-bold", hidden: true },
      "The preview below is from before the problem.");
    this.previewBody = h("div", { class: "app-form-editor__preview-body" });
    this.previewEl.replaceChildren(
      h("h2", { class: "govuk-heading-m" }, "Preview"),
      this.previewProblems, this.previewStale, this.previewBody);
  },

  schedulePreview() {
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => this.runPreview(), PREVIEW_DELAY);
  },

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
      this.showPreview(data.html || "");
    }
    this.previewCount += 1;
    this.root.dataset.previewCount = String(this.previewCount);
  },

  showPreview(html) {
    this.lastHtml = html;
    this.previewProblems.replaceChildren();
    this.previewStale.hidden = true;
    this.previewBody.classList.remove("app-form-editor__preview-body--stale");
    this.previewBody.removeAttribute("aria-hidden");
    this.previewBody.innerHTML = this.lastHtml;
    this.enhancePreview();
  },

  /** "JSON Schema line 4: message" for a problem from the preview or the save. */
  problemText(problem) {
    const name = problem.file === this.schemaFile ? "schema" : problem.file === this.uiFile ? "ui_schema" : problem.file;
    const file = FILE_NAMES[name] || (name ? String(name) : "");
    const where = [file, problem.line ? `line ${problem.line}` : ""].filter(Boolean).join(" ");
    return where ? `${where}: ${problem.message}` : String(problem.message);
  },

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
  },

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
  },
};
