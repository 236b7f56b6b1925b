// MOJ multi-file upload on the case and task pages (MOJ's initAll does not start it): each file
// uploads as it is chosen. Without JavaScript the same form attaches the files when submitted.
import { MultiFileUpload } from "/vendor/moj/moj-frontend.min.js";

for (const root of document.querySelectorAll('[data-module="moj-multi-file-upload"]')) {
  new MultiFileUpload(root);
}
