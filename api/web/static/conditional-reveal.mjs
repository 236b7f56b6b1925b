// GOV.UK Frontend's radios and checkboxes set aria-expanded on the <input> that reveals a
// conditional question; the radio and checkbox roles do not allow that attribute (axe-core:
// aria-allowed-attr, critical), and screen readers read the revealed question where it appears.
// The shipped script is kept as it is; this takes the attribute off again whenever it is set.
const INPUTS = ".govuk-radios__input[aria-expanded], .govuk-checkboxes__input[aria-expanded]";

function strip(root) {
  root.querySelectorAll(INPUTS).forEach((input) => input.removeAttribute("aria-expanded"));
}

export function keepRevealsValid(root) {
  strip(root);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.target.matches && change.target.matches(INPUTS)) {
        change.target.removeAttribute("aria-expanded");
      }
    }
  }).observe(root, { attributes: true, attributeFilter: ["aria-expanded"], subtree: true });
}
