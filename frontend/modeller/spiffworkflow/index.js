// bpmn-js module for SpiffWorkflow diagrams: the properties groups, the role command and a
// fix so bpmn:messagePath survives saving. The moddle descriptor is moddle.json.
import SpiffPropertiesProvider from './provider';
import { RoleCommands } from './roles';

export { default as spiffworkflowModdle } from './moddle.json';

/**
 * bpmn-moddle declares CorrelationPropertyRetrievalExpression#messagePath without a
 * serialisation hint, so it is written back as <bpmn:formalExpression> which SpiffWorkflow
 * does not read. Serialise it like conditionExpression (by property name, xsi:type if needed).
 */
export function fixMessagePath(moddle) {
  const descriptor = moddle.getElementDescriptor(moddle.create('bpmn:CorrelationPropertyRetrievalExpression'));
  const property = descriptor.propertiesByName.messagePath;
  if (property && !(property.xml && property.xml.serialize)) {
    property.xml = { ...(property.xml || {}), serialize: 'xsi:type' };
  }
}

function MessagePathFix(moddle) {
  fixMessagePath(moddle);
}

MessagePathFix.$inject = ['moddle'];

export default {
  __init__: ['spiffMessagePathFix', 'spiffPropertiesProvider', 'spiffRoleCommands'],
  spiffMessagePathFix: ['type', MessagePathFix],
  spiffPropertiesProvider: ['type', SpiffPropertiesProvider],
  spiffRoleCommands: ['type', RoleCommands]
};
