// Entry point of the form editor page (GET /procedures/drafts/<id>/forms/<name>).
// Plain ES modules with no npm imports: bundled by frontend/build.mjs into
// api/web/static/build/form-editor.js, and also runnable as <script type="module">.
import { FormEditor } from "./editor.js";

export { FormEditor };

function start() {
  const root = document.getElementById("form-editor");
  if (!root || root.formEditor) return;
  const editor = new FormEditor(root);
  root.formEditor = editor;
  window.formEditor = editor;
  editor.load();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
