import * as Dialog from '@radix-ui/react-dialog';
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';

/** A modal: focus kept inside, Escape and the backdrop cancel, focus back where it was after (Radix). */
export function Modal({
  open,
  onOpenChange,
  title,
  description,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-backdrop" />
        <Dialog.Content className="modal">
          <Dialog.Title>{title}</Dialog.Title>
          {description ? (
            <Dialog.Description>{description}</Dialog.Description>
          ) : (
            <Dialog.Description className="sr-only">{title}</Dialog.Description>
          )}
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

interface ConfirmRequest {
  title: string;
  body?: string;
  confirmLabel: string;
  danger?: boolean;
}

const ConfirmContext = createContext<(req: ConfirmRequest) => Promise<boolean>>(async () => false);

/** `await confirm({...})` from anywhere: one dialog for every "are you sure" (deactivate, revoke, delete for good, role change). */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [req, setReq] = useState<ConfirmRequest | null>(null);
  const resolver = useRef<(ok: boolean) => void>(() => {});
  const confirm = useCallback(
    (r: ConfirmRequest) =>
      new Promise<boolean>((resolve) => {
        resolver.current = resolve;
        setReq(r);
      }),
    [],
  );
  const close = (ok: boolean) => {
    resolver.current(ok);
    setReq(null);
  };
  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <Modal
        open={req !== null}
        onOpenChange={(o) => o || close(false)}
        title={req?.title ?? ''}
        {...(req?.body ? { description: req.body } : {})}
      >
        <div className="actions">
          <button type="button" className={req?.danger ? 'primary danger' : 'primary'} onClick={() => close(true)}>
            {req?.confirmLabel}
          </button>
          {/* Focus starts on Cancel, so Enter alone never confirms (Radix keeps focus already inside). */}
          <button type="button" autoFocus onClick={() => close(false)}>
            Cancel
          </button>
        </div>
      </Modal>
    </ConfirmContext.Provider>
  );
}

export const useConfirm = () => useContext(ConfirmContext);
