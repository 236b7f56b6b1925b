// The documentTemplate property: the letter templates (documents/<folder>/*.docx) a step offers.
// Written as file names separated by commas, checked as engine/documents.py checks them.
export const TEMPLATE_PROPERTY = 'documentTemplate';
const NAME = /^[a-z0-9][a-z0-9_-]*\.docx$/;

/** The names in a property value, trimmed, without repeats. */
export function templateNames(value) {
  const names = [];
  for (const part of (value || '').split(',')) {
    const name = part.trim();
    if (name && !names.includes(name)) {
      names.push(name);
    }
  }
  return names;
}

/** The value to store ("a.docx, b.docx"), or '' to remove the property. */
export function formatTemplateNames(value) {
  return templateNames(value).join(', ');
}

/** What is wrong with a value, in words, or null. */
export function templateProblem(value) {
  const bad = templateNames(value).filter((name) => !NAME.test(name));
  if (!bad.length) {
    return null;
  }
  return `${bad.join(', ')}: use lower-case letters, digits, _ or -, ending in .docx (e.g. closure_letter_provider.docx)`;
}
