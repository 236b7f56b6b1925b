// The status line under the diagram (#modeller-status, role="status").

/** Returns setStatus(text, kind): kind 'error' shows the text as an error. */
export function statusLine(statusHost) {
  return function setStatus(text, kind) {
    statusHost.textContent = text;
    statusHost.classList.toggle('app-modeller__status--error', kind === 'error');
  };
}
