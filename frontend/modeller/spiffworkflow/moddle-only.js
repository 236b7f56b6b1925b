// The SpiffWorkflow moddle descriptor alone, for the read-only viewers (no properties panel code).
export { default as spiffworkflowModdle } from './moddle.json';
