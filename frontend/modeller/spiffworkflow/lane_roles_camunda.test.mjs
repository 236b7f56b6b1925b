// A lane's role property survives Camunda Modeler: it reads and writes diagrams with bpmn-moddle
// and its Camunda descriptors, knowing nothing of spiffworkflow, and keeps the extension as it is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const camunda = require('camunda-bpmn-moddle/resources/camunda.json');
const HOSG = new URL('../../../processes/wales/home_operational_support_group.bpmn', import.meta.url);

function lane(xml, id) {
  const start = xml.indexOf(`<bpmn:lane id="${id}"`);
  return xml.slice(start, xml.indexOf('</bpmn:lane>', start));
}

test('a lane keeps its readable name and its role property through Camunda Modeler', async () => {
  const moddle = new BpmnModdle({ camunda });
  const { rootElement, warnings } = await moddle.fromXML(readFileSync(HOSG, 'utf8'));
  assert.deepEqual(warnings, []);
  const { xml } = await moddle.toXML(rootElement, { format: true });
  const saved = lane(xml, 'health_board_lane');
  assert.match(saved, /name="Health board"/);
  assert.match(saved, /<spiffworkflow:property name="role" value="health_board_lead, health_board_nurse_assessor" \/>/);
  assert.match(lane(xml, 'ciw_lane'), /<spiffworkflow:property name="role" value="ciw_inspector" \/>/);
});
