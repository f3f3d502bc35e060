"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";

type Toast = {
  id: number;
  message: string;
  action?: { label: string; run: () => void | Promise<void>; busyLabel?: string };
  /** Stays until dismissed: for what the person must not miss (words that could not be saved). */
  sticky?: boolean;
};
export type ShowToast = (toast: Omit<Toast, "id">) => void;

const ToastContext = createContext<ShowToast>(() => {});

/** Short confirmations at the bottom of the screen, with an Undo where a change can be taken back. */
export function ToastProvider({ children, seconds = 12 }: { children: React.ReactNode; seconds?: number }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback<ShowToast>((toast) => {
    const id = ++next.current;
    setToasts((all) => [...all.slice(-2), { ...toast, id }]);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4">
        {toasts.map((toast) => (
          <ToastCard key={toast.id} toast={toast} seconds={seconds} onDone={() => dismiss(toast.id)} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastCard({ toast, seconds, onDone }: { toast: Toast; seconds: number; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (toast.sticky) return;
    const timer = setTimeout(onDone, seconds * 1000);
    return () => clearTimeout(timer);
  }, [onDone, seconds, toast.sticky]);
  return (
    <div className="pointer-events-auto flex max-w-md items-center gap-4 rounded-lg bg-ink px-4 py-3 text-sm text-paper shadow-lg">
      <span>{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          disabled={busy}
          className="shrink-0 rounded px-2 py-1 font-semibold text-accent-soft underline-offset-2 hover:underline disabled:opacity-60"
          onClick={async () => {
            setBusy(true);
            await toast.action!.run();
            onDone();
          }}
        >
          {busy ? (toast.action.busyLabel ?? "Undoing…") : toast.action.label}
        </button>
      )}
      <button type="button" onClick={onDone} aria-label="Dismiss" className="shrink-0 rounded px-1 text-paper/70 hover:text-paper">
        ×
      </button>
    </div>
  );
}

export const useToast = () => useContext(ToastContext);
