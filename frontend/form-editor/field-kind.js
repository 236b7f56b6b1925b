// What kind of field a JSON Schema property is (the editor's KINDS), and the small helpers the
// other model modules share.

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

export const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

export function humanise(value) {
  const text = String(value).replace(/_/g, " ").trim();
  return text.slice(0, 1).toUpperCase() + text.slice(1);
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
