// Check: save if needed, POST urls.check (the server checks the SAVED draft), and list the
// problems and the explorer's defects, or show that the check passed.
import { api } from './api';
import { commitPendingEdits, saveDraft } from './save';

/** The check's answer, or null (status says why) when the check could not run. */
async function runCheck({ config, setStatus }) {
  let result;
  try {
    result = await api.post(config.urls.check, {});
  } catch (error) {
    if (error.problem && Array.isArray(error.problem.errors)) {
      result = { ok: false, problems: error.problem.errors };
    } else {
      setStatus(`The check could not run: ${error.message}`, 'error');
      return null;
    }
  }
  return result || { ok: false, problems: [] };
}

/** The problems and the explorer's defects, in one list. */
function problemsOf(result) {
  const defects = (result.defects || []).map((defect) => ({
    element_id: defect.element_id,
    message: `Explorer found ${defect.kind.replace('_', ' ')} in ${defect.process_key}: ${defect.message}`,
    path: defect.path
  }));
  return (result.problems || []).concat(defects);
}

function showResult({ state, problems: list, setStatus }, result) {
  const problems = problemsOf(result);
  window.modeller.lastCheck = result;
  if (result.ok && !problems.length) {
    list.showPassed();
    setStatus(state.dirty ? 'Unsaved changes' : 'Check passed');
  } else {
    list.showProblems(problems.length ? problems : [{ message: 'The check failed without saying why.' }]);
    setStatus(problems.length === 1 ? 'The check found 1 problem' : `The check found ${problems.length} problems`);
  }
}

export async function checkDraft(page) {
  commitPendingEdits(page.hosts.properties);
  page.buttons.check.disabled = true;
  try {
    if (page.state.dirty) {
      const saved = await saveDraft(page);
      if (!saved) {
        return null;
      }
    }
    page.setStatus('Checking…');
    const result = await runCheck(page);
    if (result === null) {
      return null;
    }
    showResult(page, result);
    return result;
  } finally {
    page.buttons.check.disabled = false;
  }
}
