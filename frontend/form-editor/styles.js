// The editor's few styles on top of GOV.UK Frontend, added once as a <style> element so the
// module needs no CSS import (it also runs unbundled). The site's CSP allows inline styles.
const CSS = `
.app-form-editor__link-button {
  background: none; border: 0; padding: 0; margin: 0; cursor: pointer;
  font-family: "GDS Transport", arial, sans-serif; font-weight: 400; font-size: 1rem; line-height: 1.25;
  text-align: left; -webkit-font-smoothing: antialiased;
}
.app-form-editor__link-button:disabled { color: #505a5f; text-decoration: none; cursor: default; }
.app-form-editor__field .govuk-summary-card__title-wrapper { flex-wrap: wrap; gap: 5px 20px; }
.app-form-editor__choice { display: flex; flex-wrap: wrap; gap: 0 15px; align-items: flex-end; margin-bottom: 15px; }
.app-form-editor__choice > .govuk-form-group { margin-bottom: 0; }
.app-form-editor__choice-value { flex: 1 1 8em; }
.app-form-editor__choice-label { flex: 2 1 12em; }
.app-form-editor__choice-remove { padding-bottom: 8px; }
.app-form-editor__group { border-left: 5px solid #b1b4b6; padding-left: 15px; margin-bottom: 20px; }
.app-form-editor__json { font-family: ui-monospace, "Cascadia Mono", Menlo, Consolas, monospace; font-size: 16px;
  white-space: pre; overflow-wrap: normal; overflow-x: auto; tab-size: 2; }
.app-form-editor__preview-body--stale { opacity: 0.5; }
`;

export function addStyles() {
  if (document.getElementById("app-form-editor-styles")) return;
  const style = document.createElement("style");
  style.id = "app-form-editor-styles";
  style.textContent = CSS;
  document.head.append(style);
}
