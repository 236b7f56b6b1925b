// Progressive enhancement only: every page works without JavaScript.
import { initAll as initGovuk } from "/vendor/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "/vendor/moj/moj-frontend.min.js";
import { keepRowsWhole } from "./add-another-rows.mjs";
import { keepRevealsValid } from "./conditional-reveal.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
keepRowsWhole(document);
initGovuk();
keepRevealsValid(document.body);
initMoj();
