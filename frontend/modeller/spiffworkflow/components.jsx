// Small entry components for things the stock properties-panel entries cannot do (a select
// that can be reset after a cancelled action, an input with a datalist, the "Try it" box).
// They reuse the panel's CSS classes so they look native, and every control has a <label>.
import { useState, useEffect, useRef } from '@bpmn-io/properties-panel/preact/hooks';
import { useService } from 'bpmn-js-properties-panel';

export function prefixId(id) {
  return `bio-properties-panel-${id}`;
}

/** A <select> whose shown value always follows `value` (re-rendered after cancelled choices). */
export function PlainSelect({ id, label, value, options, onChange, description }) {
  const [, setTick] = useState(0);
  const ref = useRef(null);
  useEffect(() => {
    if (ref.current && ref.current.value !== value) {
      ref.current.value = value;
    }
  });
  const handle = async (event) => {
    const chosen = event.target.value;
    await onChange(chosen);
    // if nothing changed in the model (e.g. a cancelled prompt) show the real value again
    if (ref.current) {
      ref.current.value = value;
    }
    setTick((n) => n + 1);
  };
  return (
    <div class="bio-properties-panel-entry" data-entry-id={id}>
      <div class="bio-properties-panel-select">
        <label for={prefixId(id)} class="bio-properties-panel-label">{label}</label>
        <select ref={ref} id={prefixId(id)} name={id} class="bio-properties-panel-input" value={value} onChange={handle}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>{option.label}</option>
          ))}
        </select>
      </div>
      {description ? <div class="bio-properties-panel-description">{description}</div> : null}
    </div>
  );
}

/** A text input with suggestions (<datalist>); calls onChange debounced while typing. */
export function DatalistInput({ id, label, value, suggestions, onChange, description }) {
  const debounce = useService('debounceInput');
  const [local, setLocal] = useState(value || '');
  const handler = useRef(null);
  if (!handler.current) {
    handler.current = debounce((text) => handler.onChange(text));
  }
  handler.onChange = onChange;
  useEffect(() => {
    if ((value || '') !== local && document.activeElement?.id !== prefixId(id)) {
      setLocal(value || '');
    }
  }, [value]);
  const listId = `${prefixId(id)}-options`;
  return (
    <div class="bio-properties-panel-entry" data-entry-id={id}>
      <div class="bio-properties-panel-textfield">
        <label for={prefixId(id)} class="bio-properties-panel-label">{label}</label>
        <input
          id={prefixId(id)} name={id} type="text" list={listId} spellCheck="false" autoComplete="off"
          class="bio-properties-panel-input" value={local}
          onInput={(event) => { setLocal(event.target.value); handler.current(event.target.value); }}
          onBlur={() => handler.current.flush?.()}
        />
        <datalist id={listId}>
          {suggestions.map((s) => <option key={s} value={s} />)}
        </datalist>
      </div>
      {description ? <div class="bio-properties-panel-description">{description}</div> : null}
    </div>
  );
}

/** A line of text (information or a problem) inside a group. */
export function Note({ id, text, problem }) {
  if (!text) {
    return null;
  }
  return (
    <div class="bio-properties-panel-entry" data-entry-id={id}>
      <p class={problem ? 'app-panel-note app-panel-note--problem' : 'app-panel-note'}>{text}</p>
    </div>
  );
}

// sample data typed for an element is kept while the page is open
const samples = new Map();

function formatValue(value) {
  if (value === undefined) {
    return '';
  }
  try {
    return JSON.stringify(value);
  } catch (error) {
    return String(value);
  }
}

/**
 * "Try it": sample data (JSON) + button(s); POSTs {kind, code, data} to the sandbox endpoint
 * and shows the result, or "Line N: error".
 * `tries`: [{ label, kind, getCode }]
 */
export function TryIt({ element, id, tries }) {
  const app = useService('appState');
  const key = element.id;
  const [sample, setSample] = useState(samples.get(key) || '{}');
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);

  const run = async (attempt) => {
    let data;
    try {
      data = sample.trim() ? JSON.parse(sample) : {};
    } catch (error) {
      setResult({ ok: false, text: `Sample data is not valid JSON: ${error.message}` });
      return;
    }
    const code = attempt.getCode() || '';
    if (!code.trim()) {
      setResult({ ok: false, text: 'There is nothing to try yet.' });
      return;
    }
    setBusy(true);
    setResult({ ok: true, text: 'Running…' });
    try {
      const answer = await app.api.post(app.config.urls.sandbox, { kind: attempt.kind, code, data });
      if (answer && answer.ok) {
        const lines = [`Result: ${formatValue(answer.result)}`];
        if (answer.explanation) {
          lines.push(answer.explanation);
        }
        if (attempt.kind === 'script' && answer.data !== undefined) {
          lines.push(`Data afterwards: ${formatValue(answer.data)}`);
        }
        setResult({ ok: true, text: lines.join('\n') });
      } else {
        const message = (answer && answer.error) || 'The sandbox could not run this.';
        setResult({ ok: false, text: answer && answer.line ? `Line ${answer.line}: ${message}` : message });
      }
    } catch (error) {
      setResult({ ok: false, text: error.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="bio-properties-panel-entry app-tryit" data-entry-id={id}>
      <div class="bio-properties-panel-textfield">
        <label for={prefixId(id)} class="bio-properties-panel-label">Sample data (JSON)</label>
        <textarea
          id={prefixId(id)} name={id} rows="3" spellCheck="false"
          class="bio-properties-panel-input bio-properties-panel-input-monospace"
          value={sample}
          onInput={(event) => { setSample(event.target.value); samples.set(key, event.target.value); }}
        />
      </div>
      <div class="app-tryit__buttons">
        {tries.map((attempt) => (
          <button key={attempt.label} type="button" class="app-tryit__button" disabled={busy} onClick={() => run(attempt)}>
            {attempt.label}
          </button>
        ))}
      </div>
      <div class={result && !result.ok ? 'app-tryit__result app-tryit__result--error' : 'app-tryit__result'} aria-live="polite">
        {result ? result.text : ''}
      </div>
    </div>
  );
}
