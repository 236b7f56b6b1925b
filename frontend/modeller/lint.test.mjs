// node --test frontend/  (the counts behind data-lint on #modeller)
import test from 'node:test';
import assert from 'node:assert/strict';

import { countIssues } from './lint.js';

test('errors and rule errors count as errors, warn as warnings, anything else not at all', () => {
  const issues = {
    Task_1: [{ category: 'error' }, { category: 'warn' }],
    Flow_2: [{ category: 'rule-error' }, { category: 'info' }]
  };
  assert.deepEqual(countIssues(issues), { errors: 2, warnings: 1 });
});

test('no issues (or none reported) count as none', () => {
  assert.deepEqual(countIssues({}), { errors: 0, warnings: 0 });
  assert.deepEqual(countIssues(undefined), { errors: 0, warnings: 0 });
});
