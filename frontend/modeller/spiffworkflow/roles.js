// Roles are lanes: SpiffWorkflow gives a user task to the people holding the role named by the
// lane the task sits in. Lane membership in bpmn-js follows geometry (flowNodeRef is updated
// when shapes move), so "give this task a role" = move it into that lane.
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

/** The role (from the page's roles list) a lane stands for: its name is the role slug or label. */
export function roleOfLane(lane, roles) {
  const name = (getBusinessObject(lane).name || '').trim();
  if (!name) {
    return null;
  }
  const lower = name.toLowerCase();
  return (roles || []).find((r) => r.value === name || (r.label || '').toLowerCase() === lower) || null;
}

/**
 * Command `app.task.setRole` {element, role: {value, label}}: move the task into the lane for the
 * role, first adding the lane (named with the role slug) to the pool when there is none.
 * All in one command, so one undo puts everything back.
 */
export class SetRoleHandler {
  constructor(modeling, elementRegistry) {
    this._modeling = modeling;
    this._elementRegistry = elementRegistry;
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
      const properties = { name: role.value };
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

SetRoleHandler.$inject = ['modeling', 'elementRegistry'];

export function RoleCommands(commandStack, eventBus) {
  eventBus.on('diagram.init', () => {
    commandStack.registerHandler('app.task.setRole', SetRoleHandler);
  });
}

RoleCommands.$inject = ['commandStack', 'eventBus'];
