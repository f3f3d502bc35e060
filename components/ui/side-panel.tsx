"use client";

import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";

/**
 * A modal panel from the right on larger screens and from the bottom on phones, over a
 * dimmed page: Escape or a click outside closes it, and Tab and Shift+Tab cycle within it.
 */
export const SidePanel = forwardRef<
  HTMLDivElement,
  { labelledBy: string; onClose: () => void; className: string; children: React.ReactNode } & React.HTMLAttributes<HTMLDivElement>
>(function SidePanel({ labelledBy, onClose, className, children, ...rest }, ref) {
  const panel = useRef<HTMLDivElement>(null);
  useImperativeHandle(ref, () => panel.current!);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
      if (e.key !== "Tab" || !panel.current) return;
      const focusable = Array.from(
        panel.current.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), textarea, input, select, [tabindex]:not([tabindex="-1"])'),
      ).filter((el) => el.offsetParent !== null);
      const first = focusable[0];
      const last = focusable.at(-1);
      if (!first || !last) return;
      const inside = panel.current.contains(document.activeElement);
      if (e.shiftKey && (document.activeElement === first || !inside)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <div className="fixed inset-0 z-40 flex items-end justify-end sm:items-stretch" {...rest}>
      <button type="button" aria-label="Close" tabIndex={-1} onClick={onClose} className="absolute inset-0 bg-ink/20" />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        className={`relative flex w-full flex-col rounded-t-2xl border border-rule bg-paper shadow-2xl sm:rounded-none sm:border-y-0 sm:border-e-0 ${className}`}
      >
        {children}
      </div>
    </div>
  );
});
