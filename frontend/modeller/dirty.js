// Dirty tracking: the diagram differs from the saved draft when the command stack is not where
// it was at the last save. Shown in the status line, as data-dirty on #modeller, and as the
// browser's warning on leaving the page.

export class DirtyTracker {
  constructor({ root, state, modeler, setStatus }) {
    this.root = root;
    this.state = state;
    this.commandStack = modeler.get('commandStack');
    this.setStatus = setStatus;
    this.savedMark = null;
    modeler.get('eventBus').on('commandStack.changed', () => this.onCommandStackChanged());
    window.addEventListener('beforeunload', (event) => {
      if (state.dirty) {
        event.preventDefault();
        event.returnValue = '';
      }
    });
  }

  stackMark() {
    const index = this.commandStack._stackIdx;
    return { index, action: this.commandStack._stack ? this.commandStack._stack[index] : undefined };
  }

  setDirty(dirty) {
    this.state.dirty = dirty;
    this.root.dataset.dirty = dirty ? 'true' : 'false';
  }

  /** The diagram as it is now is the saved draft. */
  markSaved() {
    this.savedMark = this.stackMark();
    this.setDirty(false);
  }

  /** The draft was saved as it was at `mark`; anything done since is still unsaved. */
  savedAt(mark) {
    this.savedMark = mark;
    const now = this.stackMark();
    this.setDirty(now.index !== mark.index || now.action !== mark.action);
  }

  onCommandStackChanged() {
    if (!this.savedMark) {
      return;
    }
    const now = this.stackMark();
    const saved = this.savedMark;
    const dirty = typeof now.index !== 'number' || now.index !== saved.index || now.action !== saved.action;
    this.setDirty(dirty);
    if (dirty) {
      this.setStatus('Unsaved changes');
    } else {
      this.setStatus('No unsaved changes');
    }
  }
}
