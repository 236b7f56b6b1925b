// Unit tests of the form editor's model and JSON helpers: node --test frontend/form-editor/
import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { Container, fieldKind, schemaRules, newFieldSchema } from "./model.js";
import { parseJson, lineColumn, errorPosition, toText } from "./json-text.js";

const load = (n) => JSON.parse(readFileSync(new URL(`../../forms/${n}`, import.meta.url), "utf8"));

test("order and kinds", () => {
  const s = load("shared/action_plan_review.schema.json"), u = load("shared/action_plan_review.uischema.json");
  const c = Container.root(s, u);
  assert.deepEqual(c.order(), u["ui:order"]);
  const kinds = c.order().map((k) => fieldKind(s.properties[k], u[k] || {}));
  assert.deepEqual(kinds, ["date", "group", "radios", "radios", "textarea", "textarea"]);
  const g = c.group("action_plan");
  assert.equal(g.order()[0], "item_id");
  assert.equal(fieldKind(g.properties().kind, g.fieldUi("kind")), "radios");
});

test("star order", () => {
  const s = { properties: { a: {}, b: {}, c: {}, d: {} } };
  const u = { "ui:order": ["c", "*", "a"] };
  const c = Container.root(s, u);
  assert.deepEqual(c.order(), ["c", "b", "d", "a"]);
  c.move("b", 1);
  assert.deepEqual(c.order(), ["c", "d", "b", "a"]);
  assert.deepEqual(u["ui:order"], ["c", "d", "b", "a", "*"]);
  c.add("e", {});
  assert.deepEqual(c.order(), ["c", "d", "b", "a", "e"]);
});

test("move without ui:order reorders properties", () => {
  const s = { properties: { a: { x: 1 }, b: {}, c: {} } };
  const c = Container.root(s, {});
  c.move("c", -1);
  assert.deepEqual(Object.keys(s.properties), ["a", "c", "b"]);
  assert.deepEqual(s.properties.a, { x: 1 });
});

test("type changes keep unknown keywords", () => {
  const s = { properties: { a: { type: "string", title: "A", minLength: 1, "x-confidential": { y: 1 }, readOnly: false } }, required: ["a"] };
  const u = { a: { "ui:widget": "textarea", "ui:options": { rows: 3 } } };
  const c = Container.root(s, u);
  c.setKind("a", "text");
  assert.deepEqual(u.a, { "ui:options": { rows: 3 } });
  assert.equal(s.properties.a.minLength, 1);
  c.setKind("a", "radios");
  assert.equal(s.properties.a.oneOf.length, 2);
  assert.equal(u.a["ui:widget"], "radio");
  c.setRevealed("a", "option_1", "b", true);
  c.setKind("a", "checkboxes");
  assert.equal(s.properties.a.oneOf, undefined);
  assert.equal(s.properties.a.items.oneOf.length, 2);
  assert.equal(s.properties.a.minLength, undefined);
  assert.deepEqual(s.properties.a["x-confidential"], { y: 1 });
  c.setKind("a", "radios");
  assert.equal(s.properties.a.items, undefined);
  assert.equal(s.properties.a.uniqueItems, undefined);
  assert.equal(s.properties.a.type, "string");
  c.setKind("a", "number");
  assert.equal(s.properties.a.oneOf, undefined);
  assert.equal(u.a["ui:widget"], undefined);
  assert.equal(s.properties.a.type, "number");
  c.setKind("a", "date");
  assert.equal(s.properties.a.format, "date");
  c.setKind("a", "group");
  assert.deepEqual(s.properties.a.items, { type: "object", properties: {} });
  assert.equal(s.properties.a.format, undefined);
});

test("rename and remove", () => {
  const s = { properties: { a: {}, n: {}, z: {} }, required: ["n"] };
  const u = { "ui:order": ["a", "n", "z"], a: { "ui:reveal": { yes: ["n", "z"] } }, n: { "ui:widget": "textarea" } };
  const c = Container.root(s, u);
  c.rename("n", "m");
  assert.deepEqual(Object.keys(s.properties), ["a", "m", "z"]);
  assert.deepEqual(s.required, ["m"]);
  assert.deepEqual(u["ui:order"], ["a", "m", "z"]);
  assert.deepEqual(u.a["ui:reveal"], { yes: ["m", "z"] });
  assert.deepEqual(Object.keys(u), ["ui:order", "a", "m"]);
  c.remove("m");
  assert.equal(s.required, undefined);
  assert.deepEqual(u.a["ui:reveal"], { yes: ["z"] });
  c.remove("z");
  assert.equal(u.a, undefined);
});

test("rules", () => {
  const s = load("wales/ec_senior_officer_decision.schema.json");
  const r = schemaRules(s);
  assert.deepEqual(r.simple, [{ field: "senior_officer_decision", key: "end", fields: ["ended_on", "suspension_at_end"] }]);
  assert.equal(schemaRules(load("lancashire/level_1_outcome.schema.json")).other, 3);  // rules the editor shows as JSON
});

test("json errors", () => {
  const text = '{\n  "a": 1,\n  "b": }\n';
  const r = parseJson(text);
  assert.equal(r.ok, false);
  assert.deepEqual([r.line, r.column], [3, 8]);
  assert.equal(errorPosition(text), text.indexOf("}"));
  assert.equal(errorPosition('{"a": [1, 2,]}'), 12);
  assert.equal(errorPosition('{"a": "x'), 8);
  assert.equal(errorPosition('{"a": 1} x'), 9);
  assert.equal(errorPosition('{"a": "\\u12"}'), 8);
  assert.equal(errorPosition('{"a": -}'), 6);
  const end = parseJson('{\n "a": [1,');
  assert.equal(end.ok, false);
  assert.equal(end.line, 2);
});

test("whole forms round trip unchanged", async () => {
  const { readdirSync } = await import("node:fs");
  for (const folder of ["berkshire", "lancashire", "shared", "staffordshire", "wales"]) {
    for (const f of readdirSync(new URL(`../../forms/${folder}/`, import.meta.url))) {
      const text = readFileSync(new URL(`../../forms/${folder}/${f}`, import.meta.url), "utf8");
      assert.equal(toText(JSON.parse(text)), text, f);
    }
  }
});

test("a new field's name in data comes from its label", async () => {
  const { nameFromLabel } = await import("./model.js");
  assert.equal(nameFromLabel("Grounds for default"), "grounds_for_default");
  assert.equal(nameFromLabel("Résumé  date!"), "resume_date");
  assert.equal(nameFromLabel("3rd visit"), "");
  assert.equal(nameFromLabel(""), "");
});
