"use client";

import { createContext, useContext } from "react";

/** The ids of notes written offline that wait in the browser's outbox (components/annotations/outbox.ts). */
export const PendingNotesContext = createContext<ReadonlySet<string>>(new Set());
export const usePendingNote = (id: string) => useContext(PendingNotesContext).has(id);
