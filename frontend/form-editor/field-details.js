// A field card's inputs: label, hint, name in data, type and required, then what only some
// kinds have (choices, reveals, a group's item fields). FormEditor methods (see editor.js);
// `field` is the card's shared state, described at fieldSection in field-list.js.

import { checkboxGroup, h, inputGroup, selectGroup, textareaGroup } from "./dom.js";
import { KINDS, NAME_PATTERN, isObject, nameFromLabel } from "./model.js";
import { hiddenSuffix } from "./words.js";

export const fieldDetailMethods = {
  fillFieldBody(body, field) {
    const { schema, ui } = field;
    if (schema.readOnly || ui["ui:readonly"]) {
      body.append(h("p", { class: "govuk-body govuk-hint" },
        "People see this field read-only: the process fills it in."));
    }
    body.append(this.labelInput(field), this.hintInput(field), this.nameInput(field),
      this.typeSelect(field), this.requiredCheckbox(field), ...this.kindEditors(field));
  },

  labelInput({ container, key, schema, path, id, title }) {
    return inputGroup({
      id: `${id}-label`, name: "title", label: "Label", value: schema.title || "",
      oninput: (event) => {
        const text = event.target.value;
        if (text) schema.title = text;
        else delete schema.title;
        for (const el of this.fieldsEl.querySelectorAll("[data-title-of]")) {
          if (el.dataset.titleOf !== path) continue;
          el.textContent = el.classList.contains("govuk-visually-hidden") ? hiddenSuffix(title()) : title();
        }
        this.changed();
      },
      // A new field takes its name in data from its label ("Grounds for default" ->
      // grounds_for_default) when the owner leaves the label, until they type a name themselves.
      onchange: (event) => {
        if (!this.added.has(path) || this.namedByHand.has(path)) return;
        const name = nameFromLabel(event.target.value);
        if (!name || name === key || name in container.properties()) return;
        container.rename(key, name);
        this.added.delete(path);
        this.added.add([...container.path, name].join("."));
        this.changed(true, `${id}-hint`);
      },
    });
  },

  /** The hint is the schema's description, or the UI schema's ui:help when the form already uses that. */
  hintInput({ container, key, schema, ui, id }) {
    const usesHelp = typeof ui["ui:help"] === "string";
    return textareaGroup({
      id: `${id}-hint`, name: usesHelp ? "ui:help" : "description", label: "Hint",
      hint: usesHelp ? "Shown under the label (the UI schema's ui:help)." : "Shown under the label. Optional.",
      value: usesHelp ? ui["ui:help"] : (schema.description || ""),
      oninput: (event) => {
        const text = event.target.value;
        if (usesHelp) {
          const target = container.fieldUi(key, true);
          if (text) target["ui:help"] = text;
          else delete target["ui:help"];
          container.prune(key);
        } else if (text) {
          schema.description = text;
        } else {
          delete schema.description;
        }
        this.changed();
      },
    });
  },

  nameInput(field) {
    const { key, path, id } = field;
    if (!this.added.has(path)) {
      return inputGroup({
        id: `${id}-name`, name: "name", label: "Name in data", value: key, readOnly: true, width: "govuk-input--width-20",
        hint: "Scripts and conditions in the process use this name, so it cannot be changed here.",
      });
    }
    return inputGroup({
      id: `${id}-name`, name: "name", label: "Name in data", value: key, width: "govuk-input--width-20",
      spellcheck: "false", error: this.nameErrors.get(path) || null,
      hint: "Scripts and conditions use this name. Lower case letters, numbers and underscores, starting with a letter.",
      oninput: (event) => this.renameAddedField(field, event.target.value.trim()),
    });
  },

  /** A name typed for a field added in this session: checked, then the field takes it. */
  renameAddedField({ container, key, path }, name) {
    let error = null;
    if (!NAME_PATTERN.test(name)) error = "Use lower case letters, numbers and underscores, starting with a letter";
    else if (name !== key && name in container.properties()) error = `There is already a field named ${name}`;
    const had = this.nameErrors.get(path) || null;
    if (error) {
      this.nameErrors.set(path, error);
      if (had !== error) this.renderFields();
      return;
    }
    this.nameErrors.delete(path);
    if (name === key) {
      if (had) this.renderFields();
      return;
    }
    container.rename(key, name);
    this.added.delete(path);
    this.added.add([...container.path, name].join("."));
    this.namedByHand.add([...container.path, name].join("."));
    this.changed(true);
  },

  typeSelect({ container, key, kind, id }) {
    const nested = container.path.length > 0;
    const kinds = KINDS.filter((k) => !(nested && k.value === "group" && kind !== "group"));
    const options = kind === "other"
      ? [{ value: "other", text: "Other (edit it in the JSON)" }, ...kinds]
      : kinds;
    return selectGroup({
      id: `${id}-type`, name: "type", label: "Type", options, value: kind,
      onchange: (event) => {
        if (event.target.value === "other") return;
        container.setKind(key, event.target.value);
        this.changed(true, `${id}-type`);
      },
    });
  },

  requiredCheckbox({ container, key, id }) {
    return checkboxGroup({
      id: `${id}-required`, name: "required", label: "Required", checked: container.isRequired(key),
      hint: "People must answer this before they can continue.",
      onchange: (event) => {
        container.setRequired(key, event.target.checked);
        this.changed();
      },
    });
  },

  /** What only some kinds have: choices, reveals, a group's item fields, or a note to use the JSON. */
  kindEditors({ container, key, schema, kind, id, level }) {
    const parts = [];
    const fieldUiNow = () => container.fieldUi(key);
    if (kind === "radios") parts.push(this.choicesEditor(container, key, schema, () => fieldUiNow(), () => container.fieldUi(key, true), id, key));
    if (kind === "checkboxes") {
      const itemsUi = () => {
        const u = fieldUiNow();
        return isObject(u.items) ? u.items : {};
      };
      const ensureItemsUi = () => {
        const u = container.fieldUi(key, true);
        if (!isObject(u.items)) u.items = {};
        return u.items;
      };
      parts.push(this.choicesEditor(container, key, schema.items, itemsUi, ensureItemsUi, id, null));
    }
    if (kind === "radios" || kind === "boolean") parts.push(this.revealEditor(container, key, schema, id));
    if (kind === "group") {
      if (container.path.length > 0) {
        parts.push(h("p", { class: "govuk-body" }, "The fields of this group's items can only be changed in the JSON."));
      } else {
        const group = container.group(key);
        parts.push(h("div", { class: "app-form-editor__group govuk-!-margin-left-4" },
          h(`h${level + 2}`, { class: "govuk-heading-s" }, "Fields of each item"),
          this.fieldList(group, `${id}-item`, level + 1)));
      }
    }
    if (kind === "other") {
      parts.push(h("p", { class: "govuk-body" }, "This kind of field can only be changed in the JSON."));
    }
    return parts;
  },
};
