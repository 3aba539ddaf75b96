import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

/*
 * Short notices at the bottom of the screen ("Deleted. Undo"), in a polite live region.
 * Our own, not a toast library: the ones we tried insert <style> elements at run time, which
 * the UI's Content-Security-Policy (styles from this origin only) refuses.
 */
interface Toast {
  id: number;
  message: string;
  action?: { label: string; run: () => void } | undefined;
  kind: 'info' | 'error';
}

type Show = (message: string, options?: { action?: Toast['action']; kind?: Toast['kind']; durationMs?: number }) => void;
const ToastContext = createContext<Show>(() => {});
let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const dismiss = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setToasts((list) => list.filter((t) => t.id !== id));
  }, []);
  const show = useCallback<Show>(
    (message, options = {}) => {
      const id = nextId++;
      setToasts((list) => [...list.slice(-2), { id, message, action: options.action, kind: options.kind ?? 'info' }]);
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), options.durationMs ?? (options.action ? 8000 : 5000)),
      );
    },
    [dismiss],
  );
  useEffect(() => () => timers.current.forEach((t) => clearTimeout(t)), []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`}>
            <span>{t.message}</span>
            {t.action ? (
              <button
                type="button"
                onClick={() => {
                  t.action!.run();
                  dismiss(t.id);
                }}
              >
                {t.action.label}
              </button>
            ) : null}
            <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
