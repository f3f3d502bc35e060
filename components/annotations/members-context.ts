"use client";

import { createContext, useContext } from "react";
import type { Member } from "@/lib/discussion/mentions";

/** The group's members, for "@" suggestions in every composer on the page. */
export const MembersContext = createContext<readonly Member[]>([]);
export const useMembers = () => useContext(MembersContext);
