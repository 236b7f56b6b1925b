// Rules already in a form's JSON Schema (if/then): the simple ones the renderer reads as reveals,
// and a count of the rest, which the editor keeps and leaves to the JSON.

import { choiceKey } from "./choices.js";
import { isObject } from "./field-kind.js";

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
