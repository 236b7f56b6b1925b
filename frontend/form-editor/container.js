// An object schema and its fields, edited in place: the form itself, or a repeating group's
// item. Order (ui:order), required, add/remove/move/rename, reveals (ui:reveal) and kind.

import { fieldKind, isObject } from "./field-kind.js";
import { retypeFieldUi, retypeSchema } from "./kind-change.js";

/** Replace an object's keys in place, keeping the object itself. */
function rebuild(obj, entries) {
  for (const key of Object.keys(obj)) delete obj[key];
  for (const [key, value] of entries) obj[key] = value;
}

/**
 * An object schema whose properties are edited (the form itself, or a repeating group's item),
 * with its UI schema object, which is created only when something needs to be written to it.
 */
export class Container {
  constructor(schema, getUi, ensureUi, path = [], onPrune = null) {
    this.schema = schema;
    this.getUi = getUi;
    this.ensureUi = ensureUi;
    this.path = path;
    this.onPrune = onPrune; // drops this container's own UI object once it is empty
  }

  static root(schema, ui) {
    return new Container(schema, () => ui, () => ui, []);
  }

  /** The item container of a repeating group field. */
  group(key) {
    const prop = this.properties()[key];
    if (!isObject(prop.items)) prop.items = { type: "object", properties: {} };
    return new Container(
      prop.items,
      () => {
        const ui = this.fieldUi(key);
        return isObject(ui) && isObject(ui.items) ? ui.items : undefined;
      },
      () => {
        const ui = this.fieldUi(key, true);
        if (!isObject(ui.items)) ui.items = {};
        return ui.items;
      },
      [...this.path, key],
      () => {
        const ui = this.fieldUi(key);
        if (isObject(ui.items) && Object.keys(ui.items).length === 0) delete ui.items;
        this.prune(key);
      },
    );
  }

  properties(create = false) {
    if (!isObject(this.schema.properties)) {
      if (!create) return {};
      this.schema.properties = {};
    }
    return this.schema.properties;
  }

  ui() {
    const ui = this.getUi();
    return isObject(ui) ? ui : {};
  }

  fieldUi(key, create = false) {
    const ui = create ? this.ensureUi() : this.ui();
    if (!isObject(ui[key])) {
      if (!create) return {};
      ui[key] = {};
    }
    return ui[key];
  }

  /** Drop a field's UI object when an edit has left it empty. */
  prune(key) {
    const ui = this.getUi();
    if (isObject(ui) && isObject(ui[key]) && Object.keys(ui[key]).length === 0) delete ui[key];
    if (this.onPrune) this.onPrune();
  }

  /** Property names in ui:order order, as the renderer's `_ordered`. */
  order() {
    const names = Object.keys(this.properties());
    const order = Array.isArray(this.ui()["ui:order"]) ? this.ui()["ui:order"] : [];
    if (!order.length) return names;
    const star = order.includes("*") ? order.indexOf("*") : order.length;
    const before = order.slice(0, star).filter((n) => names.includes(n));
    const after = order.slice(star + 1).filter((n) => names.includes(n));
    const rest = names.filter((n) => !before.includes(n) && !after.includes(n));
    return [...before, ...rest, ...after];
  }

  isRequired(key) {
    return Array.isArray(this.schema.required) && this.schema.required.includes(key);
  }

  setRequired(key, on) {
    const list = Array.isArray(this.schema.required) ? this.schema.required : null;
    if (on) {
      if (!list) this.schema.required = [key];
      else if (!list.includes(key)) list.push(key);
    } else if (list) {
      const i = list.indexOf(key);
      if (i >= 0) list.splice(i, 1);
      if (!list.length) delete this.schema.required;
    }
  }

  freeKey(stem = "new_field") {
    const names = this.properties();
    let n = 1;
    while (`${stem}_${n}` in names) n += 1;
    return `${stem}_${n}`;
  }

  /** Add a field at the end of the list. */
  add(key, schema) {
    this.properties(true)[key] = schema;
    const ui = this.getUi();
    // With a ui:order, list the new field at the end (unless "*" already puts it there).
    if (isObject(ui) && Array.isArray(ui["ui:order"]) && ui["ui:order"].length) {
      const order = this.order();
      if (order[order.length - 1] !== key || !ui["ui:order"].includes("*")) ui["ui:order"].push(key);
    }
  }

  remove(key) {
    delete this.properties()[key];
    this.setRequired(key, false);
    const ui = this.getUi();
    if (!isObject(ui)) return;
    if (Array.isArray(ui["ui:order"])) {
      const i = ui["ui:order"].indexOf(key);
      if (i >= 0) ui["ui:order"].splice(i, 1);
    }
    delete ui[key];
    for (const name of Object.keys(this.properties())) this.forgetInReveals(name, key);
  }

  forgetInReveals(controller, field, rename = null) {
    const ui = this.fieldUi(controller);
    const reveal = ui["ui:reveal"];
    if (!isObject(reveal)) return;
    for (const [option, fields] of Object.entries(reveal)) {
      if (!Array.isArray(fields) || !fields.includes(field)) continue;
      if (rename) {
        fields[fields.indexOf(field)] = rename;
      } else {
        fields.splice(fields.indexOf(field), 1);
        if (!fields.length) delete reveal[option];
      }
    }
    if (!Object.keys(reveal).length) delete ui["ui:reveal"];
    this.prune(controller);
  }

  /** Move a field up (-1) or down (+1) in the list. */
  move(key, delta) {
    const order = this.order();
    const i = order.indexOf(key);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= order.length) return false;
    const other = order[j];
    [order[i], order[j]] = [order[j], order[i]];
    const ui = this.getUi();
    const listed = isObject(ui) && Array.isArray(ui["ui:order"]) && ui["ui:order"].length ? ui["ui:order"] : null;
    if (listed && listed.includes(key) && listed.includes(other)) {
      const a = listed.indexOf(key);
      const b = listed.indexOf(other);
      [listed[a], listed[b]] = [listed[b], listed[a]];
    } else if (listed) {
      const star = listed.includes("*");
      listed.splice(0, listed.length, ...order, ...(star ? ["*"] : []));
    } else {
      const props = this.properties();
      rebuild(props, order.map((name) => [name, props[name]]));
    }
    return true;
  }

  /** Rename a field (only for fields added in this session: scripts may use the old name). */
  rename(oldKey, newKey) {
    const props = this.properties();
    rebuild(props, Object.entries(props).map(([k, v]) => [k === oldKey ? newKey : k, v]));
    if (Array.isArray(this.schema.required)) {
      this.schema.required = this.schema.required.map((k) => (k === oldKey ? newKey : k));
    }
    const ui = this.getUi();
    if (!isObject(ui)) return;
    if (Array.isArray(ui["ui:order"])) {
      ui["ui:order"].forEach((k, i) => {
        if (k === oldKey) ui["ui:order"][i] = newKey;
      });
    }
    if (oldKey in ui) rebuild(ui, Object.entries(ui).map(([k, v]) => [k === oldKey ? newKey : k, v]));
    for (const name of Object.keys(props)) this.forgetInReveals(name, oldKey, newKey);
  }

  // ------------------------------------------------------------ reveal (ui:reveal on the controller)

  revealed(key, option) {
    const reveal = this.fieldUi(key)["ui:reveal"];
    if (!isObject(reveal)) return [];
    const found = Object.entries(reveal).find(([k]) => k === option);
    return found && Array.isArray(found[1]) ? found[1] : [];
  }

  setRevealed(key, option, field, on) {
    const ui = this.fieldUi(key, true);
    if (!isObject(ui["ui:reveal"])) ui["ui:reveal"] = {};
    const reveal = ui["ui:reveal"];
    const list = Array.isArray(reveal[option]) ? reveal[option] : (reveal[option] = []);
    if (on && !list.includes(field)) {
      list.push(field);
      const order = this.order();
      list.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    }
    if (!on && list.includes(field)) list.splice(list.indexOf(field), 1);
    if (!list.length) delete reveal[option];
    if (!Object.keys(reveal).length) delete ui["ui:reveal"];
    this.prune(key);
  }

  /** A choice's value changed or it went: its ui:reveal entry follows. */
  renameRevealOption(key, oldOption, newOption) {
    const ui = this.fieldUi(key);
    const reveal = ui["ui:reveal"];
    if (!isObject(reveal) || !(oldOption in reveal) || oldOption === newOption) return;
    if (newOption === null) {
      delete reveal[oldOption];
    } else {
      rebuild(reveal, Object.entries(reveal).map(([k, v]) => [k === oldOption ? newOption : k, v]));
    }
    if (!Object.keys(reveal).length) delete ui["ui:reveal"];
    this.prune(key);
  }

  // ------------------------------------------------------------ type

  /**
   * Change a field's kind. Removes only what belongs to the old kind (its type's keywords, its
   * choices, its widget) and adds what the new kind needs; everything else stays.
   */
  setKind(key, kind) {
    const schema = this.properties()[key];
    const ui = this.fieldUi(key);
    const old = fieldKind(schema, ui);
    if (old === kind) return;
    retypeSchema(schema, ui, old, kind);
    retypeFieldUi(this.fieldUi(key, true), schema, old, kind);
    this.prune(key);
  }
}

/** The schema of a new field of a kind. */
export function newFieldSchema(title, kind = "text") {
  const schema = { type: "string", title };
  const container = Container.root({ properties: { f: schema } }, {});
  container.setKind("f", kind);
  return schema;
}
