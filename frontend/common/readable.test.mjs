// node --test frontend/  (lanes shown by the council's labels on the case page, the version viewer and Compare)
import test from 'node:test';
import assert from 'node:assert/strict';

import { laneLabel, withLaneWords } from './readable.js';

const ROLES = [
  { value: 'contract_officer', label: 'Contract officer' },
  { value: 'ciw_inspector', label: 'CIW inspector' },
  { value: 'police_officer', label: 'Police officer' },
  { value: 'quality_lead', label: 'Quality & safety lead' }
];

test('a lane named by role slug reads as the council label of the role', () => {
  assert.equal(laneLabel('contract_officer', ROLES), 'Contract officer');
  assert.equal(laneLabel('ciw_inspector', ROLES), 'CIW inspector');
  assert.equal(laneLabel('contract_officer, police_officer', ROLES), 'Contract officer, Police officer');
  assert.equal(laneLabel('contract_officer, Police officer', ROLES), 'Contract officer, Police officer');
});

test('a slug the council lacks reads as words, and a name in words stays as written', () => {
  assert.equal(laneLabel('head_of_service', ROLES), 'Head of service');
  assert.equal(laneLabel('ciw_inspector'), 'Ciw inspector');
  assert.equal(laneLabel('Any agency raising concerns (Stage 1)', ROLES), 'Any agency raising concerns (Stage 1)');
  assert.equal(laneLabel('Chaser (named by the calling step)', ROLES), 'Chaser (named by the calling step)');
});

test('the XML carries the labels, escaped, and nothing but lane names changes', () => {
  const xml = '<bpmn:laneSet><bpmn:lane id="a" name="ciw_inspector"><bpmn:flowNodeRef>t</bpmn:flowNodeRef></bpmn:lane>'
    + '<lane id="b" name="quality_lead"/><bpmn:userTask id="t" name="contract_officer"/></bpmn:laneSet>';
  assert.equal(withLaneWords(xml, ROLES),
    '<bpmn:laneSet><bpmn:lane id="a" name="CIW inspector"><bpmn:flowNodeRef>t</bpmn:flowNodeRef></bpmn:lane>'
    + '<lane id="b" name="Quality &amp; safety lead"/><bpmn:userTask id="t" name="contract_officer"/></bpmn:laneSet>');
  assert.equal(withLaneWords('<bpmn:lane id="c" name="Tom &amp; Jerry"/>', ROLES), '<bpmn:lane id="c" name="Tom &amp; Jerry"/>');
});
