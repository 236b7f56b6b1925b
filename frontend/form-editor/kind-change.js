// Changing a field's kind (Container.setKind): what belongs to each kind in the JSON Schema and
// the UI schema, so a change removes only the old kind's keywords and adds the new kind's.

import { readChoices, optionsOf } from "./choices.js";
import { choiceKeyword, humanise, isObject, mainType } from "./field-kind.js";

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

const KIND_TYPE = {
  text: "string", textarea: "string", date: "string", radios: "string",
  number: "number", boolean: "boolean", checkboxes: "array", group: "array",
};

function family(schema) {
  const type = mainType(schema);
  if (type === "integer") return "number";
  return type || "string";
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

/** The JSON Schema side of a kind change, from `old` to `kind` (`ui` is the field's UI as it was). */
export function retypeSchema(schema, ui, old, kind) {
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
}

/** The UI schema side, on the field's UI object: the widget, enum names, reveals and item settings of the old kind. */
export function retypeFieldUi(fieldUi, schema, old, kind) {
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
}
