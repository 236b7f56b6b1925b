// Timer expressions the friendly timer editor understands (pure functions, no DOM).
//
//   working_days_deadline(FIELD, N, region)   N working days after the date in FIELD (region's bank holidays)
//   calendar_days_deadline(FIELD, N)          N calendar days after FIELD
//   weeks_deadline(FIELD, N)                  N weeks after FIELD
//   hours_deadline(FIELD, N)                  N hours after FIELD
//
// Anything else is a "custom expression" edited as raw text.

export const UNITS = [
  { value: 'working_days', label: 'working days', fn: 'working_days_deadline', region: true },
  { value: 'calendar_days', label: 'calendar days', fn: 'calendar_days_deadline' },
  { value: 'weeks', label: 'weeks', fn: 'weeks_deadline' },
  { value: 'hours', label: 'hours', fn: 'hours_deadline' }
];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SHAPE = /^\s*(working_days|calendar_days|weeks|hours)_deadline\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*(\d+)\s*(?:,\s*([A-Za-z_][A-Za-z0-9_]*|"[^"\\]*"|'[^'\\]*')\s*)?\)\s*$/;

export function unitFor(value) {
  return UNITS.find((unit) => unit.value === value) || null;
}

/**
 * @param {string} expression
 * @return {{unit: string, count: number, field: string, region?: string} | null}
 *   null when the expression is not one of the four shapes (a custom expression)
 */
export function parseTimer(expression) {
  if (typeof expression !== 'string') {
    return null;
  }
  const match = SHAPE.exec(expression);
  if (!match) {
    return null;
  }
  const [, unitValue, field, count, region] = match;
  const unit = unitFor(unitValue);
  // working days need the region argument; the others take exactly two arguments
  if (unit.region ? !region : region) {
    return null;
  }
  const parsed = { unit: unit.value, count: Number(count), field };
  if (unit.region) {
    parsed.region = region;
  }
  return parsed;
}

/** True when the parts are complete enough to write an expression. */
export function isComplete(parts) {
  return Boolean(
    parts && unitFor(parts.unit) && IDENTIFIER.test(parts.field || '') &&
    Number.isInteger(Number(parts.count)) && String(parts.count).trim() !== '' && Number(parts.count) >= 0
  );
}

/**
 * @param {{unit: string, count: number|string, field: string, region?: string}} parts
 * @return {string|null} the expression, or null when the parts are incomplete
 */
export function formatTimer(parts) {
  if (!isComplete(parts)) {
    return null;
  }
  const unit = unitFor(parts.unit);
  const count = Number(parts.count);
  if (unit.region) {
    return `${unit.fn}(${parts.field}, ${count}, ${parts.region || 'region'})`;
  }
  return `${unit.fn}(${parts.field}, ${count})`;
}

/** A sentence for people: "2 working days after decision_date". */
export function describeTimer(parts) {
  if (!isComplete(parts)) {
    return '';
  }
  const unit = unitFor(parts.unit);
  const count = Number(parts.count);
  const label = count === 1 ? unit.label.replace(/s$/, '') : unit.label;
  return `${count} ${label} after ${parts.field}`;
}

const NUMBER_WORDS = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fourteen: 14, twenty: 20, 'twenty-one': 21, 'twenty-eight': 28, thirty: 30 };
const NAMED = /\b(\d+|[a-z]+(?:-[a-z]+)?)\s+(working\s+days?|calendar\s+days?|days?|weeks?|hours?)\b/i;

/** The timescale a timer's name states ("within two working days"), or null. */
export function timescaleInName(name) {
  const match = NAMED.exec(name || '');
  if (!match) {
    return null;
  }
  const word = match[1].toLowerCase();
  const count = /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS[word];
  if (count === undefined) {
    return null;
  }
  const said = match[2].toLowerCase().replace(/\s+/g, ' ');
  const unit = said.startsWith('working') ? 'working_days' : said.startsWith('week') ? 'weeks'
    : said.startsWith('hour') ? 'hours' : 'calendar_days';
  return { count, unit, text: match[0] };
}

/**
 * A warning when the timer's name states another timescale than its expression fires on
 * ("Provider not notified within two working days" firing after 3 working days), else null.
 */
export function timescaleMismatch(name, parts) {
  const stated = timescaleInName(name);
  if (!stated || !parts || !isComplete(parts)) {
    return null;
  }
  if (stated.unit === parts.unit && stated.count === Number(parts.count)) {
    return null;
  }
  return `The name says “${stated.text}” but the timer fires ${describeTimer(parts)}: change the name or the timer.`;
}
