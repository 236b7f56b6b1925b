// Reading and writing spiffworkflow extension elements through modeling commands, so every
// change is one undoable step and the diagram is marked as changed.
import { is } from 'bpmn-js/lib/util/ModelUtil';

export const MULTI = 'properties-panel.multi-command-executor';

export function getExtensions(bo, type) {
  const extensionElements = bo && bo.get('extensionElements');
  if (!extensionElements) {
    return [];
  }
  return (extensionElements.get('values') || []).filter((value) => is(value, type));
}

export function getExtension(bo, type) {
  return getExtensions(bo, type)[0];
}

function update(element, moddleElement, properties) {
  return { cmd: 'element.updateModdleProperties', context: { element, moddleElement, properties } };
}

export function execute(commandStack, commands) {
  if (commands.length) {
    commandStack.execute(MULTI, commands);
  }
}

/**
 * Commands that make sure `bo` has bpmn:extensionElements; returns [extensionElements, commands].
 */
function ensureExtensionElements(element, bo, bpmnFactory) {
  let extensionElements = bo.get('extensionElements');
  if (extensionElements) {
    return [extensionElements, []];
  }
  extensionElements = bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
  extensionElements.$parent = bo;
  return [extensionElements, [update(element, bo, { extensionElements })]];
}

/** Commands that remove `value` from bo's extension elements (and the empty container). */
function removeExtension(element, bo, value) {
  const extensionElements = bo.get('extensionElements');
  const values = extensionElements.get('values').filter((v) => v !== value);
  if (!values.length) {
    return [update(element, bo, { extensionElements: undefined })];
  }
  return [update(element, extensionElements, { values })];
}

/** Commands that append `value` to bo's extension elements. */
function addExtension(element, bo, value, bpmnFactory) {
  const [extensionElements, commands] = ensureExtensionElements(element, bo, bpmnFactory);
  value.$parent = extensionElements;
  return commands.concat(update(element, extensionElements, { values: [...extensionElements.get('values'), value] }));
}

/** Text body of a single extension element such as spiffworkflow:PreScript. */
export function getExtensionText(bo, type) {
  const value = getExtension(bo, type);
  return value ? value.get('value') || '' : '';
}

/** Set (create, change or, when blank, remove) a text-bodied extension element. */
export function setExtensionText({ element, bo, type, value, bpmnFactory, commandStack }) {
  const existing = getExtension(bo, type);
  const text = value || '';
  let commands = [];
  if (!text.trim()) {
    if (existing) {
      commands = removeExtension(element, bo, existing);
    }
  } else if (existing) {
    commands = [update(element, existing, { value: text })];
  } else {
    commands = addExtension(element, bo, bpmnFactory.create(type, { value: text }), bpmnFactory);
  }
  execute(commandStack, commands);
}

/** Value of <spiffworkflow:property name=NAME value=...> inside spiffworkflow:properties. */
export function getSpiffProperty(bo, name) {
  for (const container of getExtensions(bo, 'spiffworkflow:Properties')) {
    const found = (container.get('properties') || []).find((p) => p.get('name') === name);
    if (found) {
      return found.get('value');
    }
  }
  return undefined;
}

/**
 * Set several spiffworkflow properties at once: `values` maps name -> value (undefined/'' removes it).
 */
export function setSpiffProperties({ element, bo, values, bpmnFactory, commandStack }) {
  let commands = [];
  let container = getExtension(bo, 'spiffworkflow:Properties');
  let isNew = false;
  if (!container) {
    container = bpmnFactory.create('spiffworkflow:Properties', { properties: [] });
    isNew = true;
  }
  let properties = [...(container.get('properties') || [])];
  let listChanged = false;
  for (const [name, value] of Object.entries(values)) {
    const existing = properties.find((p) => p.get('name') === name);
    if (value === undefined || value === null || value === '') {
      if (existing) {
        properties = properties.filter((p) => p !== existing);
        listChanged = true;
      }
    } else if (existing) {
      if (existing.get('value') !== value) {
        commands.push(update(element, existing, { value }));
      }
    } else {
      const property = bpmnFactory.create('spiffworkflow:Property', { name, value });
      property.$parent = container;
      properties.push(property);
      listChanged = true;
    }
  }
  if (isNew) {
    if (properties.length) {
      container.set('properties', properties);
      commands = commands.concat(addExtension(element, bo, container, bpmnFactory));
    }
  } else if (listChanged) {
    if (properties.length) {
      commands.push(update(element, container, { properties }));
    } else {
      commands = commands.concat(removeExtension(element, bo, container));
    }
  }
  execute(commandStack, commands);
}

export { update as updateCommand, addExtension, removeExtension };
