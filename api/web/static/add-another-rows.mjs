// Keeps each row of the MoJ "add another" component whole when its script adds or removes one.
//
// The MoJ script (kept as shipped) renames a row's inputs from their data-name and data-id
// templates. It leaves alone everything else in the row that carries the row's number: the ids
// of fieldsets, hints and conditional reveals (and the for, aria-describedby and aria-controls
// pointing at them), and the values of the server-side buttons of a list inside the row
// (api/web/formrender.py gives them a data-value template). It also copies the GOV.UK radios and
// checkboxes of a new row without their scripts, so a question revealed by one of their options
// would never open. Ids follow the data path (api/web/formrender.py field_id): every id in row N
// of the list with id L starts "L-N-", or "conditional-L-N-" for a reveal.
import { Checkboxes, Radios, createAll } from "/vendor/govuk/govuk-frontend.min.js";

const ID_ATTRIBUTES = ["id", "for", "aria-describedby", "aria-controls", "data-aria-controls"];
const CHOICES = [[Radios, "govuk-radios"], [Checkboxes, "govuk-checkboxes"]];

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Give every id in each row of the list (and every reference to one) the row's number. */
export function renumberRows($list) {
  const rowId = new RegExp(`^((?:conditional-)?${escapeRegExp($list.id)}-)\\d+(?=-|$)`);
  $list.querySelectorAll(".moj-add-another__item").forEach(($item, index) => {
    [$item, ...$item.querySelectorAll("*")].forEach(($element) => {
      ID_ATTRIBUTES.forEach((attribute) => {
        const value = $element.getAttribute(attribute);
        if (value) {
          const renumbered = value.split(" ").map((token) => token.replace(rowId, `$1${index}`)).join(" ");
          $element.setAttribute(attribute, renumbered);
        }
      });
    });
    $item.querySelectorAll("button[data-value]").forEach(($button) => {
      $button.value = $button.getAttribute("data-value").replace("%index%", `${index}`);
    });
  });
}

/** Start the GOV.UK radios and checkboxes of a new row (copied marked as started, but without
 * their event handlers); starting them also closes the reveals of the options the copy unticked. */
function startChoices($item) {
  CHOICES.forEach(([Component, moduleName]) => {
    $item.querySelectorAll(`[data-module="${moduleName}"]`).forEach(($root) => {
      $root.removeAttribute(`data-${moduleName}-init`);
    });
    createAll(Component, undefined, $item);
  });
}

export function keepRowsWhole($document) {
  $document.addEventListener("moj-add-another:add-item", (event) => {
    renumberRows(event.target.closest('[data-module="moj-add-another"]'));
    startChoices(event.target);
  });
  $document.addEventListener("moj-add-another:remove-item", (event) => renumberRows(event.target));
}
