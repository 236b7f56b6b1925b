// The problems list in #modeller-problems: a GOV.UK error summary with one link per problem
// (a refused save or a failed check), the `app-problem` marker on each problem's element, or the
// "Check passed" banner.
import { el } from './dom';

/** A defect the explorer found carries the path that shows it: the steps, in order. */
function defectPath(problem) {
  if (!Array.isArray(problem.path) || !problem.path.length) {
    return [];
  }
  return [el('details', { class: 'govuk-details app-defect-path' }, [
    el('summary', { class: 'govuk-details__summary' }, [el('span', { class: 'govuk-details__summary-text', text: `The path that shows it (${problem.path.length} steps)` })]),
    el('ol', { class: 'govuk-details__text govuk-list govuk-list--number' }, problem.path.map((step) => el('li', { text: step })))
  ])];
}

function errorSummary(problems, items) {
  return el('div', { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary', tabindex: '-1' }, [
    el('div', { role: 'alert' }, [
      el('h2', { class: 'govuk-error-summary__title', text: problems.length === 1 ? 'There is 1 problem' : `There are ${problems.length} problems` }),
      el('div', { class: 'govuk-error-summary__body' }, [el('ul', { class: 'govuk-list govuk-error-summary__list' }, items)])
    ])
  ]);
}

function passedBanner() {
  return el('div', { class: 'govuk-notification-banner govuk-notification-banner--success app-check-passed', role: 'alert', 'aria-labelledby': 'modeller-check-title' }, [
    el('div', { class: 'govuk-notification-banner__header' }, [
      el('h2', { class: 'govuk-notification-banner__title', id: 'modeller-check-title', text: 'Success' })
    ]),
    el('div', { class: 'govuk-notification-banner__content' }, [
      el('p', { class: 'govuk-notification-banner__heading', text: 'Check passed: no problems' })
    ])
  ]);
}

export class ProblemsList {
  constructor(modeler, problemsHost) {
    this.modeler = modeler;
    this.canvas = modeler.get('canvas');
    this.elementRegistry = modeler.get('elementRegistry');
    this.host = problemsHost;
    this.marked = [];
  }

  clearMarkers() {
    for (const id of this.marked) {
      if (this.elementRegistry.get(id)) {
        this.canvas.removeMarker(id, 'app-problem');
      }
    }
    this.marked = [];
  }

  elementLabel(id) {
    const element = id && this.elementRegistry.get(id);
    const name = element && element.businessObject && element.businessObject.name;
    return (name && name.trim()) || id || '';
  }

  problemText(problem) {
    const label = this.elementLabel(problem.element_id) || problem.file || '';
    const line = problem.line ? ` (line ${problem.line})` : '';
    return `${label ? `${label}: ` : ''}${problem.message || 'Problem'}${line}`;
  }

  focusElement(id) {
    const element = id && this.elementRegistry.get(id);
    if (!element) {
      return;
    }
    this.modeler.get('selection').select(element);
    this.canvas.scrollToElement(element);
  }

  problemItem(problem) {
    const link = el('a', {
      href: '#modeller-canvas',
      'data-element-id': problem.element_id || undefined,
      text: this.problemText(problem),
      onclick: (event) => {
        event.preventDefault();
        this.focusElement(problem.element_id);
      }
    });
    return el('li', {}, [link, ...defectPath(problem)]);
  }

  markElements(problems) {
    for (const problem of problems) {
      const id = problem.element_id;
      if (id && this.elementRegistry.get(id) && !this.marked.includes(id)) {
        this.canvas.addMarker(id, 'app-problem');
        this.marked.push(id);
      }
    }
  }

  showProblems(problems) {
    this.clearMarkers();
    const items = problems.map((problem) => this.problemItem(problem));
    this.markElements(problems);
    const summary = errorSummary(problems, items);
    this.host.replaceChildren(summary);
    summary.focus({ preventScroll: true });
  }

  showPassed() {
    this.clearMarkers();
    this.host.replaceChildren(passedBanner());
  }
}
