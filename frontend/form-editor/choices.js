// A choice field's choices (oneOf / anyOf of consts, or enum + ui:enumNames): reading them and
// editing them in place.

import { choiceKeyword, fieldKind, humanise, mainType } from "./field-kind.js";

/** How a choice value travels in HTML and in ui:reveal keys: booleans as true/false. */
export function choiceKey(value) {
  if (typeof value === "boolean") return value ? "true" : "false";
  return value === null || value === undefined ? "" : String(value);
}

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
