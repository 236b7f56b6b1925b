// "Create a new form…" in the Form group of the properties panel: ask for a name and POST
// urls.forms (the panel calls it through the appState service as state.createForm()).
import { api } from './api';

const FORM_NAME = /^[a-z][a-z0-9_]*$/;

/** The name typed (trimmed), or null when the person cancels. */
function askFormName() {
  let name = window.prompt('Name for the new form (lower case letters, digits and underscores, starting with a letter):', '');
  while (name !== null && !FORM_NAME.test(name.trim())) {
    name = window.prompt('Use only lower case letters, digits and underscores, starting with a letter. Name for the new form:', name);
  }
  return name === null ? null : name.trim();
}

/** The new form's base name (or an existing one's, if that name is taken), or null. */
export async function createForm({ config, state, setStatus }) {
  const name = askFormName();
  if (name === null) {
    return null;
  }
  if (state.forms.includes(name)) {
    return name;
  }
  try {
    const answer = await api.post(config.urls.forms, { name });
    if (answer && answer.lock_version !== undefined) {
      state.lockVersion = answer.lock_version;
    }
    state.forms.push(name);
    setStatus(`Form ${name} created`);
    return name;
  } catch (error) {
    setStatus(`The form was not created: ${error.message}`, 'error');
    window.alert(`The form was not created: ${error.message}`);
    return null;
  }
}
