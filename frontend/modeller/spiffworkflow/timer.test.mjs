// node --test frontend/  (the friendly timer editor's parse/format)
import test from 'node:test';
import assert from 'node:assert/strict';

import { parseTimer, formatTimer, describeTimer } from './timer.js';

test('the four deadline shapes parse and format back unchanged', () => {
  const cases = [
    ['working_days_deadline(decision_date, 2, region)', { unit: 'working_days', count: 2, field: 'decision_date', region: 'region' }],
    ['calendar_days_deadline(qip_next_review_date, 0)', { unit: 'calendar_days', count: 0, field: 'qip_next_review_date' }],
    ['weeks_deadline(risk_assessment_meeting_date, 4)', { unit: 'weeks', count: 4, field: 'risk_assessment_meeting_date' }],
    ['hours_deadline(decision_date, 12)', { unit: 'hours', count: 12, field: 'decision_date' }]
  ];
  for (const [expression, parts] of cases) {
    assert.deepEqual(parseTimer(expression), parts);
    assert.equal(formatTimer(parts), expression);
  }
  assert.deepEqual(parseTimer("working_days_deadline(d, 3, 'wales')").region, "'wales'");
});

test('anything else is a custom expression', () => {
  for (const expression of ['next_jimp_date + "T09:00:00"', 'working_days_deadline(d, 2)', 'weeks_deadline(d, 2, region)',
    'weeks_deadline(d, -1)', 'weeks_deadline(a.b, 1)', 'PT5M', '', null]) {
    assert.equal(parseTimer(expression), null, String(expression));
  }
});

test('incomplete parts give no expression', () => {
  assert.equal(formatTimer({ unit: 'weeks', count: '', field: 'x' }), null);
  assert.equal(formatTimer({ unit: 'weeks', count: 1, field: '' }), null);
  assert.equal(formatTimer({ unit: 'fortnights', count: 1, field: 'x' }), null);
  assert.equal(formatTimer({ unit: 'working_days', count: '5', field: 'decision_date' }), 'working_days_deadline(decision_date, 5, region)');
  assert.equal(describeTimer({ unit: 'weeks', count: 1, field: 'x' }), '1 week after x');
});

test('a timer whose name states another timescale than its expression is warned about', async () => {
  const { timescaleMismatch, timescaleInName } = await import('./timer.js');
  const three = parseTimer('working_days_deadline(decision_date, 3, region)');
  assert.match(timescaleMismatch('Provider not notified within two working days', three),
    /The name says “two working days” but the timer fires 3 working days after decision_date/);
  assert.equal(timescaleMismatch('Provider not notified within three working days', three), null);
  assert.equal(timescaleMismatch('Provider notice overdue', three), null);
  assert.match(timescaleMismatch('Initial JIMP not held within four weeks', parseTimer('calendar_days_deadline(d, 28)')), /four weeks/);
  assert.deepEqual(timescaleInName('Review after 48 hours'), { count: 48, unit: 'hours', text: '48 hours' });
});
