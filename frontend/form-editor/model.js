// Reading and editing a form's JSON Schema + UI schema IN PLACE.
//
// Everything here changes the parsed objects it is given and touches only the keywords it
// edits, so unknown keywords (x-confidential, readOnly, minLength, $schema, allOf, ui:options,
// ...) survive. The conventions follow the server renderer (api/web/formrender.py): `_kind`,
// `_ordered` ("*" in ui:order stands for the unlisted fields) and `_reveals`.
//
// This module is the model's one import for the editor and the tests; the parts live in:
//   field-kind.js    what kind a field is (KINDS, fieldKind) and the shared helpers
//   choices.js       a choice field's choices: read, add, change, remove
//   schema-rules.js  if/then rules already in the JSON Schema
//   container.js     an object schema and its fields (order, required, reveals, kind)
//   kind-change.js   what a kind change removes and adds (used by container.js)
//   field-names.js   names in data

export { KINDS, choiceKeyword, fieldKind, humanise, isObject, mainType, types } from "./field-kind.js";
export {
  addChoice, choiceKey, optionsOf, readChoices, removeChoice, setChoiceLabel, setChoiceValue,
} from "./choices.js";
export { schemaRules } from "./schema-rules.js";
export { Container, newFieldSchema } from "./container.js";
export { NAME_PATTERN, nameFromLabel } from "./field-names.js";
