// Properties-panel group "Letter templates" for user tasks and call activities: the
// documentTemplate property (see documents/README.md). On a call activity the templates are
// offered at every step inside the procedure it calls.
import { TextFieldEntry, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { is, getBusinessObject } from 'bpmn-js/lib/util/ModelUtil';

import { getSpiffProperty, setSpiffProperties } from './extension';
import { TEMPLATE_PROPERTY, formatTemplateNames, templateProblem } from './templates';

function TemplateEntry({ element, id }) {
  const bpmnFactory = useService('bpmnFactory');
  const commandStack = useService('commandStack');
  const debounce = useService('debounceInput');
  const bo = getBusinessObject(element);
  const description = is(element, 'bpmn:CallActivity')
    ? 'Word templates offered at every step of the called procedure, e.g. closure_letter_provider.docx (comma-separated).'
    : 'Word templates in documents/ this step offers, e.g. warning_letter.docx (comma-separated).';
  return <TextFieldEntry {...{
    element, id, label: 'Letter templates', debounce, description,
    validate: (value) => templateProblem(value),
    getValue: () => getSpiffProperty(bo, TEMPLATE_PROPERTY) || '',
    setValue: (value) => {
      if (templateProblem(value)) {
        return;
      }
      const formatted = formatTemplateNames(value);
      if (formatted !== (getSpiffProperty(bo, TEMPLATE_PROPERTY) || '')) {
        setSpiffProperties({ element, bo, values: { [TEMPLATE_PROPERTY]: formatted || undefined }, bpmnFactory, commandStack });
      }
    }
  }} />;
}

/** The group, for the elements that may offer templates (else null). */
export function templateGroup(element) {
  if (!is(element, 'bpmn:UserTask') && !is(element, 'bpmn:CallActivity')) {
    return null;
  }
  return {
    id: 'spiff-templates', label: 'Letter templates',
    entries: [{ id: 'spiff-template-names', component: TemplateEntry, isEdited: isTextFieldEntryEdited }]
  };
}
