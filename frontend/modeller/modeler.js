// The bpmn-js Modeler of the page: properties panel with the SpiffWorkflow groups, live lint
// (the project's .bpmnlintrc) and token simulation.
import BpmnModeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import LintModule from 'bpmn-js-bpmnlint';
import TokenSimulationModule from 'bpmn-js-token-simulation';

import lintConfig from '../../.bpmnlintrc';
import SpiffModule, { spiffworkflowModdle } from './spiffworkflow';

/** Which properties-panel groups start open. */
const PANEL_GROUPS = {
  general: { open: true },
  'spiff-form': { open: true },
  'spiff-role': { open: true },
  'spiff-instructions': { open: true },
  'spiff-script': { open: true },
  'spiff-prepost': { open: false },
  'spiff-condition': { open: true },
  'spiff-timer': { open: true },
  'spiff-call': { open: true },
  'spiff-message': { open: true }
};

/** `state` is the page's state; the SpiffWorkflow panel reads it as the `appState` service. */
export function createModeler(hosts, state) {
  return new BpmnModeler({
    container: hosts.canvas,
    propertiesPanel: {
      parent: hosts.properties,
      layout: { groups: PANEL_GROUPS }
    },
    linting: { active: true, bpmnlint: lintConfig },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      SpiffModule,
      LintModule,
      TokenSimulationModule,
      { appState: ['value', state] }
    ],
    moddleExtensions: { spiffworkflow: spiffworkflowModdle }
  });
}
