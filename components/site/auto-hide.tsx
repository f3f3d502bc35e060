"use client";

import { useEffect, useRef, useState } from "react";

/** The top bar slides away while reading down and comes back on the way up. */
export function AutoHide({ children }: { children: React.ReactNode }) {
  const [hidden, setHidden] = useState(false);
  const last = useRef(0);

  useEffect(() => {
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const y = window.scrollY;
        const delta = y - last.current;
        if (Math.abs(delta) > 6) setHidden(delta > 0 && y > 120);
        last.current = y;
      });
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", onScroll);
    };
  }, []);

  return (
    <header
      data-hidden={hidden || undefined}
      // Focus inside the bar brings it back, so keyboard users never tab into a hidden bar.
      onFocusCapture={() => setHidden(false)}
      className="sticky top-0 z-40 border-b border-rule/70 bg-paper/90 backdrop-blur transition-transform duration-200 motion-reduce:transition-none data-[hidden]:-translate-y-full print:hidden"
    >
      {children}
    </header>
  );
}
