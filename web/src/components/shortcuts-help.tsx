import { SHORTCUTS } from '../lib/shortcuts';
import { Modal } from './dialog';

/** The `?` dialog: every keyboard shortcut, from the one key map. Escape closes it. */
export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Keyboard shortcuts"
      description="Single keys work when you are not typing in a field."
    >
      <dl className="shortcuts-list">
        {SHORTCUTS.map((s) => (
          <div key={s.what}>
            <dt>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 ? ' then ' : null}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{s.what}</dd>
          </div>
        ))}
      </dl>
      <div className="actions">
        <button type="button" onClick={() => onOpenChange(false)}>
          Close
        </button>
      </div>
    </Modal>
  );
}
