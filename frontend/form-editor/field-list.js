// The field list: one GOV.UK summary card per field, in ui:order, with Move up / Move down /
// Remove, and "Add a field" under the list. A repeating group's card holds its items' list.
// FormEditor methods (see editor.js); a card's inputs are in field-details.js.

import { button, h, linkButton } from "./dom.js";
import { Container, fieldKind, humanise, isObject, newFieldSchema, schemaRules } from "./model.js";
import { hiddenSuffix, quote } from "./words.js";

export const fieldListMethods = {
  /** Draw the whole list again, keeping the focus (and caret) or moving it to focusId. */
  renderFields(focusId = null) {
    const active = document.activeElement;
    const keep = !focusId && active && this.fieldsEl.contains(active) && active.id ? active : null;
    const caret = keep && typeof keep.selectionStart === "number" ? [keep.selectionStart, keep.selectionEnd] : null;
    const root = Container.root(this.schema, this.ui);
    const rules = schemaRules(this.schema);
    this.fieldsNotice(false);
    this.fieldsEl.replaceChildren(...[
      h("h2", { class: "govuk-heading-m" }, "Fields"),
      rules.other ? h("div", { class: "govuk-inset-text" },
        rules.other === 1
          ? "This form has a rule in its JSON Schema that can only be changed in the JSON. It is kept as it is."
          : `This form has ${rules.other} rules in its JSON Schema that can only be changed in the JSON. `
            + "They are kept as they are.") : null,
      this.fieldList(root, "field", 2)].filter(Boolean));
    const target = document.getElementById(focusId || (keep && keep.id));
    if (target && this.fieldsEl.contains(target)) {
      target.focus();
      if (caret && target === document.getElementById(keep.id) && typeof target.setSelectionRange === "function") {
        try {
          target.setSelectionRange(caret[0], caret[1]);
        } catch {
          // not a text input
        }
      }
    }
  },

  fieldList(container, idPrefix, level) {
    const order = container.order();
    const list = h("div", { class: "app-form-editor__field-list" },
      order.map((key, i) => this.fieldSection(container, key, i, order.length, `${idPrefix}-${i + 1}`, level)));
    const nested = container.path.length > 0;
    const add = button(nested ? "Add a field to each item" : "Add a field", () => {
      const key = container.freeKey();
      const n = key.replace(/^new_field_/, "");
      container.add(key, newFieldSchema(`New field ${n}`));
      this.added.add([...container.path, key].join("."));
      const index = container.order().indexOf(key);
      this.changed(true, `${idPrefix}-${index + 1}-label`);
      this.say(`Added ${quote(`New field ${n}`)}. Unsaved changes`);
    }, { id: `${idPrefix}-add` });
    return h("div", {}, list, add);
  },

  /**
   * One field's card. `field` is what its parts share: the container and key, the schema and UI
   * objects, its kind, its path ("key" / "group.key"), place in the list, id prefix and heading level.
   */
  fieldSection(container, key, index, count, id, level) {
    const schema = container.properties()[key];
    const path = [...container.path, key].join(".");
    if (!isObject(schema)) {
      return h("section", { class: "govuk-summary-card", dataset: { field: path }, "aria-labelledby": `${id}-heading` },
        h("div", { class: "govuk-summary-card__title-wrapper" },
          h(`h${level + 1}`, { class: "govuk-summary-card__title", id: `${id}-heading` }, humanise(key))),
        h("div", { class: "govuk-summary-card__content" },
          h("p", { class: "govuk-body" }, "This field can only be changed in the JSON.")));
    }
    const ui = container.fieldUi(key);
    const title = () => schema.title || humanise(key);
    const field = { container, key, schema, ui, kind: fieldKind(schema, ui), path, index, count, id, level, title };
    const heading = h(`h${level + 1}`, { class: "govuk-summary-card__title", id: `${id}-heading`, dataset: { titleOf: path } }, title());
    const actions = this.fieldActions(field);
    const body = h("div", { class: "govuk-summary-card__content" });
    const section = h("section", { class: "govuk-summary-card app-form-editor__field", dataset: { field: path }, "aria-labelledby": `${id}-heading` },
      h("div", { class: "govuk-summary-card__title-wrapper" }, heading, actions), body);
    heading.tabIndex = -1;
    this.fillFieldBody(body, field);
    return section;
  },

  /** The card's Move up / Move down / Remove; their hidden suffixes follow the label (data-title-of). */
  fieldActions(field) {
    const { index, count, id, path, title } = field;
    const actions = h("ul", { class: "govuk-summary-card__actions" },
      h("li", { class: "govuk-summary-card__action" },
        linkButton("Move up", () => this.moveField(field, -1, "up"),
          { suffix: hiddenSuffix(title()), id: `${id}-up`, disabled: index === 0 })),
      h("li", { class: "govuk-summary-card__action" },
        linkButton("Move down", () => this.moveField(field, 1, "down"),
          { suffix: hiddenSuffix(title()), id: `${id}-down`, disabled: index === count - 1 })),
      h("li", { class: "govuk-summary-card__action" },
        linkButton("Remove", () => this.removeField(field),
          { suffix: hiddenSuffix(title()), id: `${id}-remove`, warning: true })));
    for (const b of actions.querySelectorAll(".govuk-visually-hidden")) b.dataset.titleOf = path;
    return actions;
  },

  moveField({ container, key, index, count, id, title }, delta, which) {
    if (container.move(key, delta)) {
      const newIndex = index + delta;
      // the button pressed is disabled at either end of the list: focus its pair instead
      const stuck = (which === "up" && newIndex === 0) || (which === "down" && newIndex === count - 1);
      const targetId = `${id.replace(/-\d+$/, "")}-${newIndex + 1}-${stuck ? (which === "up" ? "down" : "up") : which}`;
      this.changed(true, targetId);
      this.say(`Moved ${quote(title())} ${delta < 0 ? "up" : "down"}. Unsaved changes`);
    }
  },

  removeField({ container, key, index, id, path, title }) {
    const name = title();
    container.remove(key);
    this.added.delete(path);
    const left = container.order().length;
    const prefix = id.replace(/-\d+$/, "");
    this.changed(true, left ? `${prefix}-${Math.min(index, left - 1) + 1}-heading` : `${prefix}-add`);
    this.say(`Removed ${quote(name)}. Unsaved changes`);
  },
};
