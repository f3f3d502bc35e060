"use client";

import { useEffect, useRef } from "react";

/**
 * A thin bar under the top edge showing how far through the text the reader is.
 * Updated on animation frames straight on the element: no React render per scroll.
 */
export function ReadingProgress({ targetId }: { targetId: string }) {
  const bar = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const target = document.getElementById(targetId);
    if (!target || !bar.current) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const rect = target.getBoundingClientRect();
      const total = rect.height - window.innerHeight;
      const share = total <= 0 ? 1 : Math.min(1, Math.max(0, -rect.top / total));
      bar.current!.style.transform = `scaleX(${share})`;
      bar.current!.parentElement!.setAttribute("aria-valuenow", String(Math.round(share * 100)));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
    };
  }, [targetId]);

  return (
    <div
      role="progressbar"
      aria-label="Reading progress"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={0}
      className="fixed inset-x-0 top-0 z-50 h-[3px] print:hidden"
    >
      <div ref={bar} className="h-full origin-left scale-x-0 bg-accent" />
    </div>
  );
}
