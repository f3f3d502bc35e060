"use client";

import { useEffect } from "react";

/**
 * On a page holding one chapter of a long text, a link to a paragraph (#id) in another
 * chapter is sent back to the server as ?at=id, which answers with the chapter holding it.
 */
export function FindParagraph() {
  useEffect(() => {
    const find = () => {
      const id = decodeURIComponent(window.location.hash.slice(1));
      if (!id || id.length > 200 || document.getElementById(id)) return;
      const url = new URL(window.location.href);
      // Asked once already: the paragraph is in no chapter (gone from the text); stay.
      if (url.searchParams.get("at") === id) return;
      url.searchParams.delete("chapter");
      url.searchParams.set("at", id);
      window.location.replace(url);
    };
    find();
    window.addEventListener("hashchange", find);
    return () => window.removeEventListener("hashchange", find);
  }, []);
  return null;
}
