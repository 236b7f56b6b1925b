// Properties-panel groups for what SpiffWorkflow reads from a diagram: forms, instructions, roles
// (lanes), scripts, conditions, timers, called procedures and messages. Every change goes through
// modeling commands (undo works, the draft is marked as changed).
import {
  TextAreaEntry, TextFieldEntry, SelectEntry, isTextAreaEntryEdited, isTextFieldEntryEdited, isSelectEntryEdited
} from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { is, isAny, getBusinessObject } from 'bpmn-js/lib/util/ModelUtil';

import {
  getExtension, getExtensionText, setExtensionText, getSpiffProperty, setSpiffProperties,
  execute, updateCommand, addExtension, removeExtension
} from './extension';
import { PlainSelect, DatalistInput, Note, TryIt } from './components';
import { UNITS, parseTimer, formatTimer, describeTimer, timescaleMismatch } from './timer';
import { laneOf, participantOf, roleOfLane, rolesNamedByLane } from './roles';
import { templateGroup } from './template-entry';

const SCHEMA_SUFFIX = '.schema.json';
const UI_SUFFIX = '.uischema.json';
const NEW_FORM = '__new__';

// ---------------------------------------------------------------------------------------------
// Form (user tasks)

function formOf(element) {
  const file = getSpiffProperty(getBusinessObject(element), 'formJsonSchemaFilename');
  if (!file) {
    return '';
  }
  return file.endsWith(SCHEMA_SUFFIX) ? file.slice(0, -SCHEMA_SUFFIX.length) : file;
}

function FormEntry({ element, id }) {
  const app = useService('appState');
  const bpmnFactory = useService('bpmnFactory');
  const commandStack = useService('commandStack');
  const current = formOf(element);

  const names = [...app.forms];
  if (current && !names.includes(current)) {
    names.push(current);
  }
  const options = [
    { value: '', label: '(no form)' },
    ...names.map((name) => ({ value: name, label: name })),
    { value: NEW_FORM, label: 'Create a new form…' }
  ];

  const useForm = (name) => setSpiffProperties({
    element, bo: getBusinessObject(element), bpmnFactory, commandStack,
    values: {
      formJsonSchemaFilename: name ? name + SCHEMA_SUFFIX : undefined,
      formUiSchemaFilename: name ? name + UI_SUFFIX : undefined
    }
  });

  const onChange = async (value) => {
    if (value !== NEW_FORM) {
      if (value !== current) {
        useForm(value);
      }
      return;
    }
    const name = await app.createForm();
    if (name) {
      useForm(name);
    }
  };

  return <PlainSelect id={id} label="Form" value={current} options={options} onChange={onChange}
    description="The form the person doing this task fills in." />;
}

function FormLink({ element, id }) {
  const app = useService('appState');
  const name = formOf(element);
  if (!name) {
    return null;
  }
  const href = app.config.urls.formEditor + encodeURIComponent(name);
  const open = async (event) => {
    if (!app.isDirty()) {
      return;
    }
    event.preventDefault();
    if (await app.save()) {
      window.location.href = href;
    }
  };
  return (
    <div class="bio-properties-panel-entry" data-entry-id={id}>
      <a class="app-panel-link" href={href} onClick={open}>Edit this form<span class="app-visually-hidden"> ({name})</span></a>
    </div>
  );
}

function FormGroup(element) {
  return {
    id: 'spiff-form',
    label: 'Form',
    entries: [
      { id: 'spiff-form-select', component: FormEntry, isEdited: (node) => Boolean(node && node.value) },
      { id: 'spiff-form-link', component: FormLink }
    ]
  };
}

// ---------------------------------------------------------------------------------------------
// Text-bodied extension elements (instructions, pre-/post-scripts, payload, variable)

function ExtensionTextArea({ element, id, label, type, carrier, description, rows = 4, monospace = true }) {
  const bpmnFactory = useService('bpmnFactory');
  const commandStack = useService('commandStack');
  const debounce = useService('debounceInput');
  const bo = carrier ? carrier(element) : getBusinessObject(element);
  return <TextAreaEntry {...{
    element, id, label, description, debounce, rows, monospace, autoResize: true,
    getValue: () => getExtensionText(bo, type),
    setValue: (value) => {
      if ((value || '') !== getExtensionText(bo, type)) {
        setExtensionText({ element, bo, type, value, bpmnFactory, commandStack });
      }
    }
  }} />;
}

function InstructionsEntry(props) {
  return ExtensionTextArea({
    ...props, label: 'Instructions (Markdown)', type: 'spiffworkflow:InstructionsForEndUser', rows: 6, monospace: false,
    description: 'Shown above the form. Markdown; {{ field }} inserts a value from the case.'
  });
}

function PreScriptEntry(props) {
  return ExtensionTextArea({ ...props, label: 'Pre-script', type: 'spiffworkflow:PreScript',
    description: 'Python run before the task starts.' });
}

function PostScriptEntry(props) {
  return ExtensionTextArea({ ...props, label: 'Post-script', type: 'spiffworkflow:PostScript',
    description: 'Python run when the task is completed.' });
}

function PrePostTryIt({ element, id }) {
  const bo = getBusinessObject(element);
  return <TryIt {...{
    element, id,
    tries: [
      { label: 'Try the pre-script', kind: 'script', getCode: () => getExtensionText(bo, 'spiffworkflow:PreScript') },
      { label: 'Try the post-script', kind: 'script', getCode: () => getExtensionText(bo, 'spiffworkflow:PostScript') }
    ]
  }} />;
}

// ---------------------------------------------------------------------------------------------
// Role (lanes)

function RoleEntry({ element, id }) {
  const app = useService('appState');
  const commandStack = useService('commandStack');
  const lane = laneOf(element);
  const participant = participantOf(element);
  const role = lane ? roleOfLane(lane, app.config.roles) : null;

  const options = [];
  if (!lane) {
    options.push({ value: '', label: '(no lane)' });
  }
  const laneName = lane ? (getBusinessObject(lane).name || '') : '';
  if (lane && !role) {
    const unknown = rolesNamedByLane(lane, app.config.roles).filter((r) => !r.label).map((r) => r.value);
    const why = unknown.length ? `names ${unknown.join(', ')}, not a role of this council` : 'not a role';
    options.push({ value: '', label: `${laneName || '(unnamed lane)'} (${why})` });
  }
  if (role && role.several) {
    // A lane any of several roles may do: it stays so unless one role is chosen.
    options.push({ value: role.value, label: `Any of: ${role.label}` });
  }
  for (const r of app.config.roles || []) {
    options.push({ value: r.value, label: r.label });
  }
  const onChange = (value) => {
    const chosen = (app.config.roles || []).find((r) => r.value === value);
    if (chosen && (!role || chosen.value !== role.value)) {
      commandStack.execute('app.task.setRole', { element, role: chosen });
    }
  };
  let description = 'Choosing a role moves the task into that role\'s lane.';
  if (!participant) {
    description = 'Put the process in a pool to give tasks roles.';
  } else if (lane) {
    description = `In the lane "${laneName || '(unnamed)'}". ${description}`;
  }
  return <PlainSelect id={id} label="Role" value={role ? role.value : ''} options={options} onChange={onChange}
    description={description} />;
}

function NoLaneNote({ element, id }) {
  if (laneOf(element)) {
    return null;
  }
  return <Note id={id} problem text="(no lane): nobody can be given this task until it has a role." />;
}

// ---------------------------------------------------------------------------------------------
// Script task

function ScriptEntry({ element, id }) {
  const modeling = useService('modeling');
  const debounce = useService('debounceInput');
  const bo = getBusinessObject(element);
  return <TextAreaEntry {...{
    element, id, label: 'Script', debounce, rows: 8, monospace: true, autoResize: true,
    description: 'Python. Variables you set are saved in the case data.',
    getValue: () => bo.get('script') || '',
    setValue: (value) => {
      if ((value || '') !== (bo.get('script') || '')) {
        modeling.updateProperties(element, { script: value || undefined, scriptFormat: bo.get('scriptFormat') || 'python' });
      }
    }
  }} />;
}

function ScriptTryIt({ element, id }) {
  const bo = getBusinessObject(element);
  return <TryIt {...{ element, id, tries: [{ label: 'Try it', kind: 'script', getCode: () => bo.get('script') }] }} />;
}

// ---------------------------------------------------------------------------------------------
// Sequence flow condition

function conditionOf(element) {
  const expression = getBusinessObject(element).get('conditionExpression');
  return expression ? expression.get('body') || '' : '';
}

function ConditionEntry({ element, id }) {
  const modeling = useService('modeling');
  const bpmnFactory = useService('bpmnFactory');
  const debounce = useService('debounceInput');
  const bo = getBusinessObject(element);
  const isDefault = bo.sourceRef && bo.sourceRef.get('default') === bo;
  return <TextAreaEntry {...{
    element, id, label: 'Condition', debounce, rows: 3, monospace: true, autoResize: true,
    description: isDefault
      ? 'This is the default flow: it is taken when no other condition is true, so it needs no condition.'
      : 'Python expression; the flow is taken when it is true, e.g. risk_level == "high".',
    getValue: () => conditionOf(element),
    setValue: (value) => {
      const text = value || '';
      if (text === conditionOf(element)) {
        return;
      }
      const existing = bo.get('conditionExpression');
      if (!text.trim()) {
        modeling.updateProperties(element, { conditionExpression: undefined });
      } else if (existing && is(existing, 'bpmn:FormalExpression')) {
        modeling.updateModdleProperties(element, existing, { body: text });
      } else {
        const expression = bpmnFactory.create('bpmn:FormalExpression', { body: text });
        modeling.updateProperties(element, { conditionExpression: expression });
      }
    }
  }} />;
}

function ConditionTryIt({ element, id }) {
  return <TryIt {...{ element, id, tries: [{ label: 'Try it', kind: 'condition', getCode: () => conditionOf(element) }] }} />;
}

function hasConditionGroup(element) {
  if (!is(element, 'bpmn:SequenceFlow')) {
    return false;
  }
  const bo = getBusinessObject(element);
  return Boolean(bo.get('conditionExpression')) ||
    isAny(bo.sourceRef, ['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway', 'bpmn:ComplexGateway']);
}

// ---------------------------------------------------------------------------------------------
// Timer events

const TIMER_KINDS = [
  { value: 'timeDate', label: 'Date: a deadline' },
  { value: 'timeDuration', label: 'Duration: after waiting' },
  { value: 'timeCycle', label: 'Cycle: repeating' }
];

function timerDefinitionOf(element) {
  const bo = getBusinessObject(element);
  return (bo.get('eventDefinitions') || []).find((d) => is(d, 'bpmn:TimerEventDefinition'));
}

function timerKindOf(definition) {
  return TIMER_KINDS.map((k) => k.value).find((kind) => definition.get(kind)) || 'timeDate';
}

function timerExpressionOf(definition) {
  const expression = definition.get(timerKindOf(definition));
  return expression ? expression.get('body') || '' : '';
}

function writeTimer({ element, definition, kind, body, bpmnFactory, commandStack }) {
  const currentKind = timerKindOf(definition);
  const existing = definition.get(currentKind);
  const commands = [];
  if (existing && kind === currentKind) {
    commands.push(updateCommand(element, existing, { body }));
  } else {
    const expression = bpmnFactory.create('bpmn:FormalExpression', { body });
    expression.$parent = definition;
    const properties = { timeDate: undefined, timeDuration: undefined, timeCycle: undefined };
    properties[kind] = expression;
    commands.push(updateCommand(element, definition, properties));
  }
  execute(commandStack, commands);
}

// what has been typed in the friendly fields but is not complete yet, per timer definition
const timerDrafts = new WeakMap();

function timerParts(definition) {
  return parseTimer(timerExpressionOf(definition)) || timerDrafts.get(definition) || { unit: 'working_days', count: '', field: '' };
}

function useTimerWriter(element) {
  const bpmnFactory = useService('bpmnFactory');
  const commandStack = useService('commandStack');
  const definition = timerDefinitionOf(element);
  return (changes) => {
    const parts = { ...timerParts(definition), ...changes };
    timerDrafts.set(definition, parts);
    const body = formatTimer(parts);
    if (body && body !== timerExpressionOf(definition)) {
      writeTimer({ element, definition, kind: 'timeDate', body, bpmnFactory, commandStack });
    }
  };
}

function TimerSummary({ element, id }) {
  const definition = timerDefinitionOf(element);
  const raw = timerExpressionOf(definition);
  const parsed = parseTimer(raw);
  let text = 'Set the number, unit and date below, or write a timer expression.';
  if (parsed) {
    text = `Fires ${describeTimer(parsed)}.`;
  } else if (raw.trim()) {
    text = 'custom expression: edit the timer expression below (the fields above are for deadlines only).';
  }
  // The name process owners read must say the timescale the timer keeps.
  const mismatch = parsed ? timescaleMismatch(element.businessObject && element.businessObject.name, parsed) : null;
  return mismatch ? <Note id={id} text={`${text} ${mismatch}`} problem /> : <Note id={id} text={text} />;
}

function TimerCount({ element, id }) {
  const write = useTimerWriter(element);
  const debounce = useService('debounceInput');
  const definition = timerDefinitionOf(element);
  return <TextFieldEntry {...{
    element, id, label: 'Number', debounce,
    getValue: () => String(timerParts(definition).count ?? ''),
    setValue: (value) => write({ count: (value || '').trim() }),
    validate: (value) => (value && !/^\d+$/.test(value.trim()) ? 'Enter a whole number, like 5' : null)
  }} />;
}

function TimerUnit({ element, id }) {
  const write = useTimerWriter(element);
  const definition = timerDefinitionOf(element);
  return <SelectEntry {...{
    element, id, label: 'Unit',
    getValue: () => timerParts(definition).unit,
    setValue: (value) => write({ unit: value }),
    getOptions: () => UNITS.map((u) => ({ value: u.value, label: u.label }))
  }} />;
}

function TimerField({ element, id }) {
  const app = useService('appState');
  const write = useTimerWriter(element);
  const definition = timerDefinitionOf(element);
  return <DatalistInput id={id} label="After the date in" value={timerParts(definition).field}
    suggestions={app.config.dateFields || []} onChange={(value) => write({ field: (value || '').trim() })}
    description="The case field holding the start date, e.g. decision_date." />;
}

function TimerRaw({ element, id }) {
  const bpmnFactory = useService('bpmnFactory');
  const commandStack = useService('commandStack');
  const debounce = useService('debounceInput');
  const definition = timerDefinitionOf(element);
  return <TextAreaEntry {...{
    element, id, label: 'Timer expression', debounce, rows: 2, monospace: true, autoResize: true,
    description: 'Python expression giving the date and time (or ISO 8601 duration/cycle).',
    getValue: () => timerExpressionOf(definition),
    setValue: (value) => {
      if ((value || '') !== timerExpressionOf(definition)) {
        timerDrafts.delete(definition);
        writeTimer({ element, definition, kind: timerKindOf(definition), body: value || '', bpmnFactory, commandStack });
      }
    }
  }} />;
}

function TimerKind({ element, id }) {
  const bpmnFactory = useService('bpmnFactory');
  const commandStack = useService('commandStack');
  const definition = timerDefinitionOf(element);
  return <SelectEntry {...{
    element, id, label: 'Timer type',
    getValue: () => timerKindOf(definition),
    setValue: (kind) => {
      if (kind !== timerKindOf(definition)) {
        writeTimer({ element, definition, kind, body: timerExpressionOf(definition), bpmnFactory, commandStack });
      }
    },
    getOptions: () => TIMER_KINDS
  }} />;
}

function TimerTryIt({ element, id }) {
  const definition = timerDefinitionOf(element);
  return <TryIt {...{ element, id, tries: [{ label: 'Try it', kind: 'timer', getCode: () => timerExpressionOf(definition) }] }} />;
}

// ---------------------------------------------------------------------------------------------
// Call activity

function CalledElementEntry({ element, id }) {
  const app = useService('appState');
  const modeling = useService('modeling');
  const bo = getBusinessObject(element);
  const current = bo.get('calledElement') || '';
  const targets = app.config.callTargets || [];
  const options = [{ value: '', label: '(choose a procedure)' }];
  for (const t of targets) {
    options.push({ value: t.key, label: `${t.name} (${t.folder})` });
  }
  if (current && !targets.some((t) => t.key === current)) {
    options.push({ value: current, label: `${current} (not available)` });
  }
  return <PlainSelect id={id} label="Procedure to run" value={current} options={options}
    description="The shared or council procedure this step runs."
    onChange={(value) => {
      if (value !== current) {
        modeling.updateProperties(element, { calledElement: value || undefined });
      }
    }} />;
}

// ---------------------------------------------------------------------------------------------
// Messages

const THROWING = ['bpmn:IntermediateThrowEvent', 'bpmn:EndEvent', 'bpmn:SendTask'];

function messageCarrier(element) {
  const bo = getBusinessObject(element);
  if (isAny(bo, ['bpmn:SendTask', 'bpmn:ReceiveTask'])) {
    return bo;
  }
  return (bo.get('eventDefinitions') || []).find((d) => is(d, 'bpmn:MessageEventDefinition')) || null;
}

function definitionsOf(element) {
  let bo = getBusinessObject(element);
  while (bo && !is(bo, 'bpmn:Definitions')) {
    bo = bo.$parent;
  }
  return bo;
}

function uniqueId(base, definitions, elementRegistry) {
  const used = new Set();
  const walk = (node) => {
    if (node && node.id) {
      used.add(node.id);
    }
  };
  (definitions.get('rootElements') || []).forEach(walk);
  let slug = (base || 'message').toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'message';
  if (!/^[a-z_]/.test(slug)) {
    slug = `message_${slug}`;
  }
  let candidate = slug;
  for (let n = 2; used.has(candidate) || elementRegistry.get(candidate); n++) {
    candidate = `${slug}_${n}`;
  }
  return candidate;
}

function messageUsers(definitions, message, elementRegistry) {
  return elementRegistry.filter((shape) => {
    const carrier = shape.businessObject && (isAny(shape.businessObject, ['bpmn:Event', 'bpmn:SendTask', 'bpmn:ReceiveTask']) ? messageCarrier(shape) : null);
    return carrier && carrier.get('messageRef') === message;
  });
}

function MessageNameEntry({ element, id }) {
  const commandStack = useService('commandStack');
  const bpmnFactory = useService('bpmnFactory');
  const elementRegistry = useService('elementRegistry');
  const debounce = useService('debounceInput');
  const carrier = messageCarrier(element);
  const current = () => {
    const message = carrier.get('messageRef');
    return message ? message.get('name') || message.get('id') : '';
  };
  return <TextFieldEntry {...{
    element, id, label: 'Message name', debounce,
    description: 'Messages with the same name connect a sender and a receiver.',
    getValue: current,
    setValue: (value) => {
      const name = (value || '').trim();
      if (!name || name === current()) {
        return;
      }
      const definitions = definitionsOf(element);
      const messages = (definitions.get('rootElements') || []).filter((r) => is(r, 'bpmn:Message'));
      const existing = messages.find((m) => m.get('name') === name);
      const message = carrier.get('messageRef');
      const commands = [];
      if (existing) {
        commands.push(updateCommand(element, carrier, { messageRef: existing }));
      } else if (message && messageUsers(definitions, message, elementRegistry).length <= 1) {
        commands.push(updateCommand(element, message, { name }));
      } else {
        const created = bpmnFactory.create('bpmn:Message', { id: uniqueId(name, definitions, elementRegistry), name });
        created.$parent = definitions;
        commands.push(updateCommand(element, definitions, { rootElements: [...definitions.get('rootElements'), created] }));
        commands.push(updateCommand(element, carrier, { messageRef: created }));
      }
      execute(commandStack, commands);
    }
  }} />;
}

function PayloadEntry(props) {
  return ExtensionTextArea({ ...props, carrier: messageCarrier, label: 'Payload', type: 'spiffworkflow:MessagePayload',
    description: 'Python expression for the data sent, e.g. {"provider_id": provider_id}.' });
}

function VariableEntry({ element, id }) {
  const bpmnFactory = useService('bpmnFactory');
  const commandStack = useService('commandStack');
  const debounce = useService('debounceInput');
  const carrier = messageCarrier(element);
  return <TextFieldEntry {...{
    element, id, label: 'Variable', debounce,
    description: 'Case field the received payload is stored in.',
    getValue: () => getExtensionText(carrier, 'spiffworkflow:MessageVariable'),
    setValue: (value) => {
      if ((value || '') !== getExtensionText(carrier, 'spiffworkflow:MessageVariable')) {
        setExtensionText({ element, bo: carrier, type: 'spiffworkflow:MessageVariable', value, bpmnFactory, commandStack });
      }
    }
  }} />;
}

function correlationOf(carrier) {
  return getExtension(carrier, 'spiffworkflow:ProcessVariableCorrelation');
}

function setCorrelation({ element, carrier, key, value, bpmnFactory, commandStack }) {
  const existing = correlationOf(carrier);
  const text = (value || '').trim() ? value : undefined;
  if (existing) {
    const other = key === 'propertyId' ? existing.get('expression') : existing.get('propertyId');
    if (!text && !other) {
      execute(commandStack, removeExtension(element, carrier, existing));
    } else {
      execute(commandStack, [updateCommand(element, existing, { [key]: text })]);
    }
  } else if (text) {
    const created = bpmnFactory.create('spiffworkflow:ProcessVariableCorrelation', { [key]: text });
    execute(commandStack, addExtension(element, carrier, created, bpmnFactory));
  }
}

function CorrelationEntry({ element, id, key, label, description }) {
  const bpmnFactory = useService('bpmnFactory');
  const commandStack = useService('commandStack');
  const debounce = useService('debounceInput');
  const carrier = messageCarrier(element);
  const read = () => {
    const correlation = correlationOf(carrier);
    return correlation ? correlation.get(key) || '' : '';
  };
  return <TextFieldEntry {...{
    element, id, label, description, debounce,
    getValue: read,
    setValue: (value) => {
      if ((value || '') !== read()) {
        setCorrelation({ element, carrier, key, value, bpmnFactory, commandStack });
      }
    }
  }} />;
}

function CorrelationPropertyEntry(props) {
  return CorrelationEntry({ ...props, key: 'propertyId', label: 'Correlation property',
    description: 'Which correlation property (e.g. provider_id) picks the waiting case.' });
}

function CorrelationExpressionEntry(props) {
  return CorrelationEntry({ ...props, key: 'expression', label: 'Correlation expression',
    description: 'Case field compared with it, e.g. provider_id.' });
}

function MessageGroup(element) {
  const carrier = messageCarrier(element);
  if (!carrier) {
    return null;
  }
  const entries = [{ id: 'spiff-message-name', component: MessageNameEntry, isEdited: isTextFieldEntryEdited }];
  if (isAny(element, THROWING)) {
    entries.push({ id: 'spiff-message-payload', component: PayloadEntry, isEdited: isTextAreaEntryEdited });
  } else {
    entries.push(
      { id: 'spiff-message-variable', component: VariableEntry, isEdited: isTextFieldEntryEdited },
      { id: 'spiff-message-correlation-property', component: CorrelationPropertyEntry, isEdited: isTextFieldEntryEdited },
      { id: 'spiff-message-correlation-expression', component: CorrelationExpressionEntry, isEdited: isTextFieldEntryEdited }
    );
  }
  return { id: 'spiff-message', label: 'Message', entries };
}

// ---------------------------------------------------------------------------------------------

function groupsFor(element) {
  const groups = [];
  const bo = getBusinessObject(element);
  if (is(element, 'bpmn:UserTask')) {
    groups.push(FormGroup(element));
    groups.push({
      id: 'spiff-role', label: 'Role',
      entries: [
        { id: 'spiff-role-select', component: RoleEntry },
        { id: 'spiff-role-problem', component: NoLaneNote }
      ]
    });
    groups.push({
      id: 'spiff-instructions', label: 'Instructions',
      entries: [{ id: 'spiff-instructions-text', component: InstructionsEntry, isEdited: isTextAreaEntryEdited }]
    });
  }
  if (is(element, 'bpmn:ScriptTask')) {
    groups.push({
      id: 'spiff-script', label: 'Script',
      entries: [
        { id: 'spiff-script-text', component: ScriptEntry, isEdited: isTextAreaEntryEdited },
        { id: 'spiff-script-try', component: ScriptTryIt }
      ]
    });
  }
  if (is(element, 'bpmn:Activity') && !element.labelTarget) {
    groups.push({
      id: 'spiff-prepost', label: 'Pre-script and post-script',
      entries: [
        { id: 'spiff-pre-script', component: PreScriptEntry, isEdited: isTextAreaEntryEdited },
        { id: 'spiff-post-script', component: PostScriptEntry, isEdited: isTextAreaEntryEdited },
        { id: 'spiff-prepost-try', component: PrePostTryIt }
      ]
    });
  }
  if (is(element, 'bpmn:CallActivity')) {
    groups.push({
      id: 'spiff-call', label: 'Called procedure',
      entries: [{ id: 'spiff-called-element', component: CalledElementEntry }]
    });
  }
  if (templateGroup(element)) {
    groups.push(templateGroup(element));
  }
  if (hasConditionGroup(element)) {
    groups.push({
      id: 'spiff-condition', label: 'Condition',
      entries: [
        { id: 'spiff-condition-text', component: ConditionEntry, isEdited: isTextAreaEntryEdited },
        { id: 'spiff-condition-try', component: ConditionTryIt }
      ]
    });
  }
  if (is(bo, 'bpmn:Event') && timerDefinitionOf(element)) {
    groups.push({
      id: 'spiff-timer', label: 'Timer',
      entries: [
        { id: 'spiff-timer-summary', component: TimerSummary },
        { id: 'spiff-timer-count', component: TimerCount, isEdited: isTextFieldEntryEdited },
        { id: 'spiff-timer-unit', component: TimerUnit, isEdited: isSelectEntryEdited },
        { id: 'spiff-timer-field', component: TimerField },
        { id: 'spiff-timer-expression', component: TimerRaw, isEdited: isTextAreaEntryEdited },
        { id: 'spiff-timer-kind', component: TimerKind, isEdited: isSelectEntryEdited },
        { id: 'spiff-timer-try', component: TimerTryIt }
      ]
    });
  }
  if (isAny(bo, ['bpmn:Event', 'bpmn:SendTask', 'bpmn:ReceiveTask'])) {
    const group = MessageGroup(element);
    if (group) {
      groups.push(group);
    }
  }
  return groups.map((group) => ({
    ...group,
    entries: group.entries.map((entry) => ({ ...entry, element }))
  }));
}

export default class SpiffPropertiesProvider {
  constructor(propertiesPanel) {
    // after the stock bpmn provider (priority 1000) so its groups can be rearranged
    propertiesPanel.registerProvider(500, this);
  }

  getGroups(element) {
    return (groups) => {
      // our timer and message groups replace the stock ones
      const kept = groups.filter((group) => group.id !== 'timer' && group.id !== 'message');
      const ours = groupsFor(element);
      const at = kept.findIndex((group) => group.id === 'general');
      kept.splice(at + 1, 0, ...ours);
      return kept;
    };
  }
}

SpiffPropertiesProvider.$inject = ['propertiesPanel'];


