// Live lint results for tests and tools: data-lint="<errors>,<warnings>" on #modeller after each
// bpmn-js-bpmnlint run.

/** Counts errors and warnings in the `issues` of a `linting.completed` event. */
export function countIssues(issues) {
  let errors = 0;
  let warnings = 0;
  for (const list of Object.values(issues || {})) {
    for (const issue of list) {
      if (issue.category === 'error' || issue.category === 'rule-error') {
        errors += 1;
      } else if (issue.category === 'warn') {
        warnings += 1;
      }
    }
  }
  return { errors, warnings };
}

export function reportLint(eventBus, root) {
  eventBus.on('linting.completed', ({ issues }) => {
    const { errors, warnings } = countIssues(issues);
    root.dataset.lint = `${errors},${warnings}`;
  });
}
