"use client";

import { forwardRef, useId, useImperativeHandle, useMemo, useRef, useState } from "react";
import { autoUpdate, flip, offset, size, useFloating } from "@floating-ui/react-dom";
import { Avatar } from "@/components/groups/avatar";
import { matchMembers, mentionQueryAt, type Member } from "@/lib/discussion/mentions";

type Props = Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onChange"> & {
  value: string;
  onValueChange: (value: string) => void;
  members: readonly Member[];
};

/**
 * A textarea that offers the group's members after "@": arrows move through them,
 * Enter or Tab inserts "@Name ", Escape closes the list (and only the list). It is an
 * autocompleting textbox (aria-autocomplete, aria-activedescendant) and a polite status
 * says how many suggestions there are, so screen readers announce them.
 */
export const MentionTextarea = forwardRef<HTMLTextAreaElement, Props>(function MentionTextarea(
  { value, onValueChange, members, className, onKeyDown, ...rest },
  ref,
) {
  const area = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => area.current!);
  const listId = useId();
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [index, setIndex] = useState(0);
  const options = useMemo(() => (query ? matchMembers(members, query.query) : []), [members, query]);
  const open = options.length > 0;
  // Below the box, or above it when the box sits low on the screen (a reply box at the
  // bottom of the thread panel); as wide as the box, never taller than the room there is.
  const { refs, floatingStyles } = useFloating({
    open,
    placement: "bottom-start",
    middleware: [
      offset(4),
      flip({ padding: 8 }),
      size({
        padding: 8,
        apply({ rects, availableHeight, elements }) {
          Object.assign(elements.floating.style, { width: `${rects.reference.width}px`, maxHeight: `${Math.min(240, availableHeight)}px` });
        },
      }),
    ],
    whileElementsMounted: autoUpdate,
  });

  const update = (el: HTMLTextAreaElement) => {
    const found = el.selectionStart === el.selectionEnd ? mentionQueryAt(el.value, el.selectionStart) : null;
    setQuery((current) => (current?.start === found?.start && current?.query === found?.query ? current : found));
    if (found?.query !== query?.query) setIndex(0);
  };

  const choose = (member: Member) => {
    const el = area.current;
    if (!el || !query) return;
    const caret = el.selectionStart;
    const next = `${value.slice(0, query.start)}@${member.name} ${value.slice(caret)}`;
    onValueChange(next);
    setQuery(null);
    const at = query.start + member.name.length + 2;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at, at);
    });
  };

  return (
    <div className="relative">
      <textarea
        {...rest}
        ref={(el) => {
          area.current = el;
          refs.setReference(el);
        }}
        value={value}
        aria-autocomplete="list"
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${index}` : undefined}
        className={className}
        onChange={(e) => {
          onValueChange(e.target.value);
          update(e.target);
        }}
        onSelect={(e) => update(e.currentTarget)}
        onBlur={() => setQuery(null)}
        onKeyDown={(e) => {
          if (open) {
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              setIndex((i) => (i + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
              return;
            }
            if ((e.key === "Enter" && !e.metaKey && !e.ctrlKey) || e.key === "Tab") {
              e.preventDefault();
              choose(options[index]!);
              return;
            }
            if (e.key === "Escape") {
              e.preventDefault();
              e.stopPropagation();
              setQuery(null);
              return;
            }
          }
          onKeyDown?.(e);
        }}
      />
      <span role="status" className="sr-only">
        {open ? `${options.length} ${options.length === 1 ? "member" : "members"} to mention: arrow keys to choose, Enter to insert.` : ""}
      </span>
      <ul
        id={listId}
        ref={refs.setFloating}
        style={floatingStyles}
        role="listbox"
        aria-label="Members to mention"
        hidden={!open}
        className="z-50 overflow-y-auto rounded-md border border-rule bg-raised py-1 font-sans text-sm shadow-lg"
      >
        {options.map((member, i) => (
          <li
            key={member.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === index}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(member);
            }}
            onMouseEnter={() => setIndex(i)}
            className={`flex cursor-pointer items-center gap-2 px-2.5 py-1.5 ${i === index ? "bg-accent-soft text-ink" : "text-ink-soft"}`}
          >
            <Avatar id={member.id} name={member.name} size="sm" />
            {member.name}
          </li>
        ))}
      </ul>
    </div>
  );
});
