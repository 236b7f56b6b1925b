// Reading and editing a form's JSON Schema + UI schema IN PLACE.
//
// Everything here changes the parsed objects it is given and touches only the keywords it
// edits, so unknown keywords (x-confidential, readOnly, minLength, $schema, allOf, ui:options,
// ...) survive. The conventions follow the server renderer (api/web/formrender.py): `_kind`,
// `_ordered` ("*" in ui:order stands for the unlisted fields) and `_reveals`.

export const KINDS = [
  { value: "text", text: "Text" },
  { value: "textarea", text: "Long text" },
  { value: "number", text: "Number" },
  { value: "date", text: "Date" },
  { value: "boolean", text: "Yes or no" },
  { value: "radios", text: "One choice" },
  { value: "checkboxes", text: "Several choices" },
  { value: "group", text: "Repeating group (add another)" },
];

// ui:widget values that say which component shows a field (others, like "hidden", are kept).
const KIND_WIDGETS = ["textarea", "radio", "radios", "select", "checkbox", "checkboxes"];

// Keywords that belong to one JSON type; changing a field's type removes the old type's ones.
const TYPE_KEYWORDS = {
  string: ["minLength", "maxLength", "pattern", "format", "contentMediaType", "contentEncoding"],
  number: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  array: ["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains", "minContains",
    "maxContains", "unevaluatedItems"],
  object: ["properties", "required", "additionalProperties", "patternProperties", "propertyNames",
    "minProperties", "maxProperties", "dependentRequired", "dependentSchemas", "unevaluatedProperties"],
  boolean: [],
};
const VALUE_KEYWORDS = ["default", "const", "examples"];
const CHOICE_KEYWORDS = ["oneOf", "anyOf", "enum"];

export const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

export function humanise(value) {
  const text = String(value).replace(/_/g, " ").trim();
  return text.slice(0, 1).toUpperCase() + text.slice(1);
}

/** How a choice value travels in HTML and in ui:reveal keys: booleans as true/false. */
export function choiceKey(value) {
  if (typeof value === "boolean") return value ? "true" : "false";
  return value === null || value === undefined ? "" : String(value);
}

export function types(schema) {
  const declared = schema.type;
  if (declared === undefined) {
    return "properties" in schema ? ["object"] : "items" in schema ? ["array"] : [];
  }
  return (Array.isArray(declared) ? declared : [declared]).filter((t) => t !== "null");
}

export const mainType = (schema) => types(schema)[0];

/** Which keyword holds a field's choices: "oneOf" / "anyOf" (of consts) or "enum"; else null. */
export function choiceKeyword(schema) {
  if (!isObject(schema)) return null;
  if (Array.isArray(schema.enum)) return "enum";
  for (const keyword of ["oneOf", "anyOf"]) {
    const list = schema[keyword];
    if (Array.isArray(list) && list.every((a) => isObject(a) && "const" in a)) return keyword;
  }
  return null;
}

/** The editor's kind of a field (one of KINDS' values, or "other"). */
export function fieldKind(schema, ui = {}) {
  if (!isObject(schema)) return "other";
  const type = mainType(schema);
  if (type === "object") return "other";
  if (type === "array") {
    const items = schema.items;
    if (isObject(items) && choiceKeyword(items)) return "checkboxes";
    if (isObject(items) && mainType(items) === "object") return "group";
    return "other";
  }
  if (type === "boolean") return "boolean";
  if (choiceKeyword(schema)) return "radios";
  if (type === "integer" || type === "number") return "number";
  if (type === "string" || type === undefined) {
    if (schema.format === "date") return "date";
    return (ui || {})["ui:widget"] === "textarea" ? "textarea" : "text";
  }
  return "other";
}

const KIND_TYPE = {
  text: "string", textarea: "string", date: "string", radios: "string",
  number: "number", boolean: "boolean", checkboxes: "array", group: "array",
};

function family(schema) {
  const type = mainType(schema);
  if (type === "integer") return "number";
  return type || "string";
}

// ---------------------------------------------------------------- choices

/** [{value, label}] of a choice field's schema (for several choices: its `items`). */
export function readChoices(schema, ui = {}) {
  const keyword = choiceKeyword(schema);
  if (!keyword) return [];
  if (keyword === "enum") {
    const names = Array.isArray((ui || {})["ui:enumNames"]) ? ui["ui:enumNames"] : [];
    return schema.enum.map((value, i) => ({ value, label: names[i] ?? "" }));
  }
  return schema[keyword].map((a) => ({ value: a.const, label: a.title ?? "" }));
}

/** The choices as {key, text} as the renderer shows them (yes/no for booleans). */
export function optionsOf(schema, ui = {}) {
  const kind = fieldKind(schema, ui);
  if (kind === "boolean") return [{ key: "true", text: "Yes" }, { key: "false", text: "No" }];
  if (kind === "radios") {
    return readChoices(schema, ui).map((c) => ({ key: choiceKey(c.value), text: c.label || humanise(c.value) }));
  }
  return [];
}

function typedValue(text, old, schema) {
  const wantsNumber = typeof old === "number" || ["integer", "number"].includes(mainType(schema));
  if (wantsNumber && text.trim() !== "" && !Number.isNaN(Number(text))) return Number(text);
  return text;
}

/** Change choice i's value; returns [oldKey, newKey] so reveal keys can follow. */
export function setChoiceValue(schema, ensureUi, i, text) {
  const keyword = choiceKeyword(schema);
  if (keyword === "enum") {
    const old = schema.enum[i];
    schema.enum[i] = typedValue(text, old, schema);
    return [choiceKey(old), choiceKey(schema.enum[i])];
  }
  const option = schema[keyword][i];
  const old = option.const;
  option.const = typedValue(text, old, schema);
  return [choiceKey(old), choiceKey(option.const)];
}

export function setChoiceLabel(schema, ensureUi, i, text) {
  const keyword = choiceKeyword(schema);
  if (keyword === "enum") {
    const ui = ensureUi();
    if (!Array.isArray(ui["ui:enumNames"])) ui["ui:enumNames"] = schema.enum.map((v) => humanise(v));
    ui["ui:enumNames"][i] = text;
    return;
  }
  const option = schema[keyword][i];
  if (text) option.title = text;
  else delete option.title;
}

export function addChoice(schema, ensureUi) {
  const keyword = choiceKeyword(schema) || "oneOf";
  if (!Array.isArray(schema[keyword])) schema[keyword] = [];
  const taken = new Set(readChoices(schema, {}).map((c) => choiceKey(c.value)));
  let n = schema[keyword].length + 1;
  while (taken.has(`option_${n}`)) n += 1;
  if (keyword === "enum") {
    schema.enum.push(`option_${n}`);
    const ui = ensureUi();
    if (Array.isArray(ui["ui:enumNames"])) ui["ui:enumNames"].push(`Option ${n}`);
  } else {
    schema[keyword].push({ const: `option_${n}`, title: `Option ${n}` });
  }
}

/** Remove choice i; returns its reveal key. */
export function removeChoice(schema, ensureUi, i) {
  const keyword = choiceKeyword(schema);
  if (!keyword) return null;
  const [removed] = schema[keyword].splice(i, 1);
  if (keyword === "enum") {
    const ui = ensureUi();
    if (Array.isArray(ui["ui:enumNames"])) ui["ui:enumNames"].splice(i, 1);
    return choiceKey(removed);
  }
  return choiceKey(removed.const);
}

// ---------------------------------------------------------------- rules already in the schema

/** The renderer's simple condition: {field, key, fields} for `if x == v then required [...]`. */
function simpleCondition(rule) {
  if (!isObject(rule)) return null;
  const test = rule.if;
  const then = rule.then;
  if (!isObject(test) || !isObject(then) || !Array.isArray(then.required) || !then.required.length) return null;
  const properties = test.properties || {};
  if (Object.keys(test).some((k) => k !== "properties" && k !== "required")) return null;
  const names = Object.keys(properties);
  if (names.length !== 1) return null;
  const check = properties[names[0]];
  if (!isObject(check) || Object.keys(check).length !== 1 || !("const" in check)) return null;
  return { field: names[0], key: choiceKey(check.const), fields: [...then.required] };
}

/** Rules in the object schema itself or its allOf: {simple: [...], other: count}. */
export function schemaRules(schema) {
  const simple = [];
  let other = 0;
  const rules = [];
  if ("if" in schema) rules.push(schema);
  if (Array.isArray(schema.allOf)) rules.push(...schema.allOf);
  for (const rule of rules) {
    const found = simpleCondition(rule);
    if (found) simple.push(found);
    else other += 1;
  }
  return { simple, other };
}

// ---------------------------------------------------------------- an object and its fields

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
    const oldFamily = family(schema);
    const newFamily = KIND_TYPE[kind];
    const oldChoices = old === "radios" ? choiceList(schema, ui)
      : old === "checkboxes" ? choiceList(schema.items, ui.items) : null;

    if (oldFamily !== newFamily) {
      for (const keyword of [...(TYPE_KEYWORDS[oldFamily] || []), ...VALUE_KEYWORDS]) delete schema[keyword];
      const nullable = Array.isArray(schema.type) && schema.type.includes("null");
      schema.type = nullable ? [newFamily, "null"] : newFamily;
    } else if (!("type" in schema)) {
      schema.type = newFamily;
    }
    if (old === "radios" && kind !== "radios") {
      for (const keyword of CHOICE_KEYWORDS) delete schema[keyword];
    }
    if (kind === "date") schema.format = "date";
    else if (schema.format === "date") delete schema.format;

    if (kind === "radios" && !choiceKeyword(schema)) schema.oneOf = oldChoices || defaultChoices(old);
    if (kind === "checkboxes") {
      schema.items = { type: "string", oneOf: oldChoices || defaultChoices(old) };
      schema.uniqueItems = true;
    } else if (old === "checkboxes") {
      delete schema.uniqueItems;
    }
    if (kind === "group") schema.items = { type: "object", properties: {} };

    // The UI schema: the widget, enum names, reveals and item settings of the old kind.
    const fieldUi = this.fieldUi(key, true);
    if (KIND_WIDGETS.includes(fieldUi["ui:widget"])) delete fieldUi["ui:widget"];
    if (kind === "textarea") fieldUi["ui:widget"] = "textarea";
    if (kind === "radios") fieldUi["ui:widget"] = "radio";
    if (kind === "checkboxes") fieldUi["ui:widget"] = "checkboxes";
    if (kind !== "radios") delete fieldUi["ui:enumNames"];
    if (old === "checkboxes" || old === "group") delete fieldUi.items;
    if (isObject(fieldUi["ui:reveal"])) {
      const keys = optionsOf(schema, fieldUi).map((o) => o.key);
      for (const option of Object.keys(fieldUi["ui:reveal"])) {
        if (!keys.includes(option)) delete fieldUi["ui:reveal"][option];
      }
      if (!Object.keys(fieldUi["ui:reveal"]).length) delete fieldUi["ui:reveal"];
    }
    this.prune(key);
  }
}

/** A choice field's choices as a oneOf list (the original objects, so their extra keys stay). */
function choiceList(schema, ui) {
  const keyword = choiceKeyword(schema);
  if (!keyword) return null;
  if (keyword !== "enum") return schema[keyword];
  return readChoices(schema, ui).map((c) => ({ const: c.value, title: c.label || humanise(c.value) }));
}

function defaultChoices(old) {
  if (old === "boolean") return [{ const: "yes", title: "Yes" }, { const: "no", title: "No" }];
  return [{ const: "option_1", title: "Option 1" }, { const: "option_2", title: "Option 2" }];
}

/** The schema of a new field of a kind. */
export function newFieldSchema(title, kind = "text") {
  const schema = { type: "string", title };
  const container = Container.root({ properties: { f: schema } }, {});
  container.setKind("f", kind);
  return schema;
}

export const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;


/** "Grounds for default" -> "grounds_for_default" (a valid name in data, or "" if none can be made). */
export function nameFromLabel(label) {
  const name = String(label || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "")
    .slice(0, 60).replace(/_+$/, "");
  return /^[a-z]/.test(name) ? name : "";
}
