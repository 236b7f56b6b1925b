// A choice field's editors: its choices (value + label rows, add, remove) and, for one-choice
// and yes/no fields, which other fields each answer reveals (ui:reveal). FormEditor methods
// (see editor.js).

import { button, checkboxItem, h, hidden, linkButton } from "./dom.js";
import {
  addChoice, choiceKey, humanise, isObject, optionsOf, readChoices, removeChoice, schemaRules, setChoiceLabel,
  setChoiceValue,
} from "./model.js";
import { quote } from "./words.js";

/** The JSON Schema's own reveal rules for a field, listed (they are kept, and changed only in the JSON). */
function revealRulesNote(rules, options, titleOf) {
  const label = (optionKey) => (options.find((o) => o.key === optionKey) || { text: optionKey }).text;
  return h("div", { class: "govuk-inset-text" },
    h("p", { class: "govuk-body" }, "Existing reveal rules in the JSON Schema (kept; change them in the JSON):"),
    h("ul", { class: "govuk-list govuk-list--bullet" },
      rules.map((rule) => h("li", {},
        `When the answer is ${quote(label(rule.key))}: ${rule.fields.map((f) => quote(titleOf(f))).join(", ")} `
        + `${rule.fields.length === 1 ? "is" : "are"} shown and must be answered`))));
}

export const choiceEditorMethods = {
  /** Rows of value + label for one/several choice fields. `revealOf` is the field whose ui:reveal keys follow values. */
  choicesEditor(container, key, schema, getUi, ensureUi, id, revealOf) {
    const choices = readChoices(schema, getUi());
    const editing = { container, schema, getUi, ensureUi, id, revealOf };
    const fieldset = h("fieldset", { class: "govuk-fieldset", "aria-describedby": `${id}-choices-hint` },
      h("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, "Choices"),
      h("div", { class: "govuk-hint", id: `${id}-choices-hint` },
        "The value is what the process stores; the label is what people see."));
    choices.forEach((choice, i) => fieldset.append(this.choiceRow(editing, choice, i, choices.length)));
    fieldset.append(button("Add a choice", () => {
      addChoice(schema, ensureUi);
      const count = readChoices(schema, getUi()).length;
      this.changed(true, `${id}-choice-${count}-label`);
    }, { id: `${id}-choice-add` }));
    return h("div", { class: "govuk-form-group" }, fieldset);
  },

  /** One choice's value, label and Remove (the last choice cannot be removed). */
  choiceRow({ container, schema, getUi, ensureUi, id, revealOf }, choice, i, count) {
    const n = i + 1;
    const rowId = `${id}-choice-${n}`;
    return h("div", { class: "app-form-editor__choice" },
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
          disabled: count <= 1 })));
  },

  /** Keep a reveal legend in step with its choice's label while it is typed. */
  relabelReveal(id, i, schema, getUi) {
    const legend = document.getElementById(`${id}-reveal-${i + 1}`);
    const choice = readChoices(schema, getUi())[i];
    if (legend && choice) {
      legend.textContent = `Show these fields when the answer is ${quote(choice.label || humanise(choiceKey(choice.value)))}`;
    }
  },

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
    if (rules.length) wrapper.append(revealRulesNote(rules, options, titleOf));
    return wrapper;
  },
};
