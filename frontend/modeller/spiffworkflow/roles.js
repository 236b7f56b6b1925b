// Roles are lanes: SpiffWorkflow gives a user task to the people holding the role named by the
// lane the task sits in. Lane membership in bpmn-js follows geometry (flowNodeRef is updated
// when shapes move), so "give this task a role" = move it into that lane. A new lane is named with
// the role's label and says its slug in its role property.
import { is, getBusinessObject } from 'bpmn-js/lib/util/ModelUtil';
import { isHorizontal } from 'bpmn-js/lib/util/DiUtil';

export function participantOf(element) {
  let node = element.parent;
  while (node && !is(node, 'bpmn:Participant')) {
    node = node.parent;
  }
  return node || null;
}

/** All lane shapes (nested too) in a participant. */
export function lanesOf(participant) {
  const lanes = [];
  const walk = (shape) => {
    for (const child of shape.children || []) {
      if (is(child, 'bpmn:Lane')) {
        lanes.push(child);
        walk(child);
      }
    }
  };
  if (participant) {
    walk(participant);
  }
  return lanes;
}

function contains(box, point) {
  return point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height;
}

/** The innermost lane holding the element (by its flowNodeRef, else by its centre). */
export function laneOf(element) {
  const participant = participantOf(element);
  const lanes = lanesOf(participant);
  if (!lanes.length) {
    return null;
  }
  const bo = getBusinessObject(element);
  const byRef = lanes.filter((lane) => (getBusinessObject(lane).get('flowNodeRef') || []).includes(bo));
  const centre = { x: element.x + element.width / 2, y: element.y + element.height / 2 };
  const candidates = byRef.length ? byRef : lanes.filter((lane) => contains(lane, centre));
  // innermost = smallest
  candidates.sort((a, b) => a.width * a.height - b.width * b.height);
  return candidates[0] || null;
}

// A lane names its roles in its `role` property (slugs, commas between when any of several may do
// its tasks) and keeps a name people read; an older lane is read by its name (slugs or labels).
// The engine reads them the same way (engine/roles.py, lane_text and lane_role_slugs).
export const ROLE_PROPERTY = 'role';

/** The lane's spiffworkflow:property named "role", if it has one. */
export function rolePropertyOf(lane) {
  const extensionElements = getBusinessObject(lane).get('extensionElements');
  for (const properties of ((extensionElements && extensionElements.get('values')) || []).filter((v) => is(v, 'spiffworkflow:Properties'))) {
    const found = (properties.get('properties') || []).find((p) => p.name === ROLE_PROPERTY);
    if (found) {
      return found;
    }
  }
  return null;
}

function slugOf(text) {
  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** Each role a lane names, as the page's role (or {value, label: null} when the council has none such). */
export function rolesNamedByLane(lane, roles) {
  const property = rolePropertyOf(lane);
  const text = property ? (property.value || '') : (getBusinessObject(lane).name || '');
  return text.split(',').filter((part) => slugOf(part)).map((part) => {
    const lower = part.trim().toLowerCase();
    const found = (roles || []).find((r) => r.value === slugOf(part) || (r.label || '').toLowerCase() === lower);
    return found || { value: slugOf(part), label: null };
  });
}

/** Several roles in words: "Contract officer, Police officer or CIW inspector". */
export function rolesInWords(labels) {
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}` : (labels[0] || '');
}

/**
 * The role (from the page's roles list) a lane stands for; for a lane naming several, one entry
 * {value: 'a, b', label: 'A or B', several: true}. Null when it names a role the council lacks.
 */
export function roleOfLane(lane, roles) {
  const named = rolesNamedByLane(lane, roles);
  if (!named.length || named.some((r) => !r.label)) {
    return null;
  }
  if (named.length === 1) {
    return named[0];
  }
  return { value: named.map((r) => r.value).join(', '), label: rolesInWords(named.map((r) => r.label)), several: true };
}

/** A moddle spiffworkflow:properties holding the lane's role property. */
export function roleExtension(bpmnFactory, value) {
  const property = bpmnFactory.create('spiffworkflow:Property', { name: ROLE_PROPERTY, value });
  const properties = bpmnFactory.create('spiffworkflow:Properties', { properties: [property] });
  property.$parent = properties;
  return properties;
}

/**
 * After import, without marking the diagram changed: each older lane (no role property) whose
 * name names the council's roles is shown by their labels ("contract_officer" reads "Contract
 * officer"). A label that reads back as the same slug is all the lane needs; one that does not (a
 * council's own wording) also writes the slugs into the lane's role property, so the saved file
 * still means the same roles. A lane naming a role the council lacks is left as it is (the Check
 * names it).
 */
export function nameLanesByRole(modeler, roles) {
  const bpmnFactory = modeler.get('bpmnFactory');
  const eventBus = modeler.get('eventBus');
  for (const lane of modeler.get('elementRegistry').filter((e) => is(e, 'bpmn:Lane'))) {
    const named = rolesNamedByLane(lane, roles);
    if (rolePropertyOf(lane) || !named.length || named.some((r) => !r.label)) {
      continue;
    }
    const bo = getBusinessObject(lane);
    if (named.some((r) => slugOf(r.label) !== r.value)) {
      let extensionElements = bo.get('extensionElements');
      if (!extensionElements) {
        extensionElements = bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
        extensionElements.$parent = bo;
        bo.set('extensionElements', extensionElements);
      }
      const properties = roleExtension(bpmnFactory, named.map((r) => r.value).join(', '));
      properties.$parent = extensionElements;
      extensionElements.get('values').push(properties);
    }
    bo.set('name', named.map((r) => r.label).join(', '));
    eventBus.fire('element.changed', { element: lane });
  }
}

/**
 * Command `app.task.setRole` {element, role: {value, label}}: move the task into the lane for the
 * role, first adding the lane (named with the role slug) to the pool when there is none.
 * All in one command, so one undo puts everything back.
 */
export class SetRoleHandler {
  constructor(modeling, elementRegistry, bpmnFactory) {
    this._modeling = modeling;
    this._elementRegistry = elementRegistry;
    this._bpmnFactory = bpmnFactory;
  }

  preExecute(context) {
    const modeling = this._modeling;
    const { element, role } = context;
    const participant = participantOf(element);
    if (!participant) {
      return;
    }
    const lanes = lanesOf(participant);
    let lane = lanes.find((l) => {
      const found = roleOfLane(l, [role]);
      return found && (getBusinessObject(l).get('childLaneSet') ? false : true);
    });
    if (!lane) {
      // add below the last top-level lane (or split the pool when it has no lanes)
      const topLanes = (participant.children || []).filter((c) => is(c, 'bpmn:Lane'));
      const horizontal = isHorizontal(participant);
      const last = topLanes.sort((a, b) => horizontal ? a.y - b.y : a.x - b.x)[topLanes.length - 1];
      lane = modeling.addLane(last || participant, horizontal ? 'bottom' : 'right');
      const extensionElements = this._bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
      extensionElements.$parent = getBusinessObject(lane);
      const roleProperties = roleExtension(this._bpmnFactory, role.value);
      roleProperties.$parent = extensionElements;
      extensionElements.get('values').push(roleProperties);
      const properties = { name: role.label || role.value, extensionElements };
      const id = `${role.value}_lane`;
      if (!this._elementRegistry.get(id)) {
        properties.id = id;
      }
      modeling.updateProperties(lane, properties);
    }
    context.lane = lane;
    const horizontal = isHorizontal(lane);
    const delta = horizontal
      ? { x: 0, y: Math.round(lane.y + lane.height / 2 - (element.y + element.height / 2)) }
      : { x: Math.round(lane.x + lane.width / 2 - (element.x + element.width / 2)), y: 0 };
    if (delta.x || delta.y) {
      modeling.moveElements([element], delta, participant);
    }
  }

  // all the work is done by the nested commands
  execute() {
    return [];
  }

  revert() {
    return [];
  }
}

SetRoleHandler.$inject = ['modeling', 'elementRegistry', 'bpmnFactory'];

export function RoleCommands(commandStack, eventBus) {
  eventBus.on('diagram.init', () => {
    commandStack.registerHandler('app.task.setRole', SetRoleHandler);
  });
}

RoleCommands.$inject = ['commandStack', 'eventBus'];
