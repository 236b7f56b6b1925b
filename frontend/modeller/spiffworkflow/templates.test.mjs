// node --test frontend/  (the letter templates field)
import test from 'node:test';
import assert from 'node:assert/strict';

import { templateNames, formatTemplateNames, templateProblem } from './templates.js';

test('template names are trimmed, kept in order and not repeated', () => {
  assert.deepEqual(templateNames(' a.docx,b_c.docx , a.docx,, '), ['a.docx', 'b_c.docx']);
  assert.equal(formatTemplateNames('a.docx ,b.docx'), 'a.docx, b.docx');
  assert.equal(formatTemplateNames('  '), '');
});

test('a name that is not a plain .docx file name is a problem, named', () => {
  assert.equal(templateProblem('closure_letter_provider.docx, pan-wales.docx'), null);
  assert.match(templateProblem('Letter.DOCX, ../x.docx, ok.docx'), /^Letter.DOCX, \.\.\/x\.docx: use lower-case/);
});
