"use client";

import { memo, startTransition, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Avatar } from "@/components/groups/avatar";
import { annotationsApi } from "@/components/annotations/api";
import { deleteWithUndo } from "@/components/annotations/delete-with-undo";
import { fullTime, timeAgo } from "@/components/annotations/format";
import { newNoteId } from "@/components/ui/note-id";
import { useGroupEventListener } from "@/components/realtime/use-group-events";
import {
  enqueue,
  pendingEdits,
  pendingIn,
  pendingView,
  refusalToast,
  refused,
  waitingMessage,
} from "@/components/annotations/outbox";
import type { PendingEdit } from "@/lib/annotations/requests";
import { NoteBody } from "@/components/annotations/note-body";
import { useToast } from "@/components/ui/toast";
import { pageEvents } from "@/components/ui/page-events";
import { attribution } from "@/lib/annotations/attribution";
import { isOpenQuestion, type AnnotationView, type ReactionKind } from "@/lib/annotations/view";
import type { Member } from "@/lib/discussion/mentions";
import { applyThreadEvent, threadEventEffect, threadRows, type ThreadRow } from "@/lib/discussion/thread-state";
import { eventHold } from "@/lib/realtime/event-hold";
import type { GroupEvent } from "@/lib/realtime/types";
import { threadsApi, type ThreadData } from "./api";
import { ReactionBar } from "./reactions";
import { ReplyComposer } from "./reply-composer";

/** Replies deeper than this are drawn at this indent, with the name of whom they answer. */
const MAX_INDENT = 5;
/** Branches start folded below this depth, so long conversations stay readable. */
const FOLD_DEPTH = 3;
/** Replies drawn per frame: a long thread appears at once and fills in without one long task. */
const CHUNK = 20;

type Row = ThreadRow;

function stateOf(note: AnnotationView): { label: string; tone: string } | null {
  if (note.kind !== "question") return null;
  if (note.answerId) return { label: "Answered", tone: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100" };
  if (note.resolved) return { label: "Resolved", tone: "bg-stone-200 text-stone-800 dark:bg-stone-800 dark:text-stone-100" };
  return { label: "Open question", tone: "bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100" };
}

type ItemActions = {
  reply: (id: string | null) => void;
  edit: (id: string | null) => void;
  toggle: (id: string) => void;
  send: (parentId: string, body: string) => Promise<boolean>;
  save: (note: AnnotationView, body: string) => Promise<boolean>;
  remove: (note: AnnotationView) => void;
  hide: (note: AnnotationView, hidden: boolean) => void;
  react: (note: AnnotationView, kind: ReactionKind, on: boolean) => void;
  answer: (note: AnnotationView | null) => void;
};

/**
 * A whole conversation: the first note (or discussion), then every reply under what it
 * answers. Deep branches fold; a folded branch says how many replies it holds.
 */
export function ThreadView({
  groupId,
  threadId,
  focusId,
  me,
  members,
  headingId,
  onChanged,
}: {
  groupId: string;
  threadId: string;
  focusId: string | null;
  me: Member;
  members: readonly Member[];
  headingId: string;
  onChanged?: (thread: AnnotationView) => void;
}) {
  const api = useMemo(() => threadsApi(groupId), [groupId]);
  const notesApi = useMemo(() => annotationsApi(groupId), [groupId]);
  const toast = useToast();
  const [data, setData] = useState<ThreadData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [replying, setReplying] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [folded, setFolded] = useState<Set<string>>(new Set());
  const [sending, setSending] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [drawn, setDrawn] = useState(CHUNK);
  // Replies written offline, waiting in the browser's outbox (components/annotations/outbox.ts).
  const [pending, setPending] = useState<Set<string>>(() => new Set());
  const listRef = useRef<HTMLOListElement>(null);
  const onChangedRef = useRef(onChanged);
  useEffect(() => {
    onChangedRef.current = onChanged;
  });

  const accept = useCallback((next: ThreadData) => {
    setData(next);
    onChangedRef.current?.(next.thread);
  }, []);

  // Live events that arrive while the thread is read are held, then applied over what the
  // read brought: applied at once, they would meet no thread yet, or one about to be replaced.
  const [hold] = useState(() => eventHold<GroupEvent>());
  /** Reads the thread again (after a removal, say), with the events heard meanwhile applied. */
  const reload = useCallback(() => {
    hold.start();
    return api.get(threadId).then((fresh) => {
      const heard = hold.finish();
      if (fresh.ok) accept(heard.reduce((d, e) => applyThreadEvent(d, e, threadId), fresh.data));
      return fresh;
    });
  }, [api, accept, hold, threadId]);

  useEffect(() => {
    let live = true;
    hold.start();
    void api.get(threadId).then((result) => {
      const heard = hold.finish();
      if (!live) return;
      if (!result.ok) return setError(result.error);
      const rows = threadRows(result.data.replies, result.data.thread.id);
      // Fold deep branches, except the way to the reply we were sent to.
      const path = new Set<string>();
      const byId = new Map(result.data.replies.map((r) => [r.id, r]));
      for (let at = focusId ? byId.get(focusId) : undefined; at; at = at.parentId ? byId.get(at.parentId) : undefined) path.add(at.id);
      // A transition, so drawing a long thread yields to the reader's input.
      startTransition(() => {
        setFolded(new Set(rows.filter((r) => r.depth === FOLD_DEPTH && r.descendants > 0 && !path.has(r.note.id)).map((r) => r.note.id)));
        // Draw at once as far as the reply we were sent to; the rest follows frame by frame.
        setDrawn(Math.max(CHUNK, rows.findIndex((r) => r.note.id === focusId) + 1 + CHUNK));
        // What still waits in the outbox shows in its place, marked as pending.
        const waiting = pendingIn(threadId).filter((p) => !result.data.replies.some((r) => r.id === p.id));
        // Edits of replies that wait show as made, marked pending.
        const edits = new Map(pendingEdits(groupId).filter((p) => p.threadId === threadId).map((p) => [p.id, p]));
        const replies = result.data.replies.map((r) => (edits.has(r.id) ? { ...r, body: edits.get(r.id)!.patch.body ?? r.body } : r));
        setPending(new Set([...waiting.map((p) => p.id), ...replies.filter((r) => edits.has(r.id)).map((r) => r.id)]));
        const loaded = { ...result.data, replies: [...replies, ...waiting.map((p) => pendingView(p, me, result.data.thread.versionId))] };
        setData(heard.reduce((d, e) => applyThreadEvent(d, e, threadId), loaded));
        // A removal heard meanwhile: the server says what stays.
        if (heard.some((e) => threadEventEffect(loaded, e, threadId) === "reload")) void reload();
      });
      void api.markThreadRead(threadId).then(() => pageEvents.inboxChanged.emit());
    });
    return () => {
      live = false;
    };
  }, [api, groupId, threadId, focusId, me, hold, reload]);

  // A waiting reply went out (or was refused): the real one takes its place.
  useEffect(() => {
    return pageEvents.outboxSent.listen(({ pending: item, saved: reply, error: refusal }) => {
      if (item.type === "note" || item.threadId !== threadId) return;
      setPending((set) => {
        const next = new Set(set);
        next.delete(item.id);
        return next;
      });
      if (item.type === "edit") {
        if (reply) setData((d) => d && { ...d, replies: d.replies.map((r) => (r.id === reply.id ? { ...reply, replyCount: r.replyCount } : r)) });
        else void reload();
        toast(reply ? { message: "Your edit is saved." } : refusalToast(item, refusal, "Your edit"));
        return;
      }
      setData((d) => d && { ...d, replies: reply ? d.replies.map((r) => (r.id === item.id ? reply : r)) : d.replies.filter((r) => r.id !== item.id) });
      if (!reply) toast(refusalToast(item, refusal, "A reply"));
    });
  }, [reload, threadId, toast]);

  // Bring the reply we were sent to into view, once it is drawn.
  useEffect(() => {
    if (!data || !focusId) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-reply="${CSS.escape(focusId)}"]`);
    if (!el) return;
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
  }, [data, focusId]);

  const rows = useMemo(() => (data ? threadRows(data.replies, data.thread.id) : []), [data]);
  const shown = useMemo(() => {
    const out: Row[] = [];
    let skipBelow: number | null = null;
    for (const row of rows) {
      if (skipBelow !== null && row.depth > skipBelow) continue;
      skipBelow = folded.has(row.note.id) ? row.depth : null;
      out.push(row);
    }
    return out;
  }, [rows, folded]);

  useEffect(() => {
    if (drawn >= shown.length) return;
    const frame = requestAnimationFrame(() => startTransition(() => setDrawn((d) => d + CHUNK)));
    return () => cancelAnimationFrame(frame);
  }, [drawn, shown.length]);

  const dataRef = useRef(data);
  useEffect(() => {
    dataRef.current = data;
  });

  // Live: others' replies, edits, reactions and the thread's state arrive as they happen;
  // for a removal the server says what stays as a placeholder, so the thread is read again.
  useGroupEventListener((event) => {
    if (hold.take(event)) return;
    const current = dataRef.current;
    if (!current) return;
    const effect = threadEventEffect(current, event, threadId);
    if (effect === "reload")
      void reload().then((fresh) => {
        // Hidden from this reader, or made private, while they had it open.
        if (!fresh.ok && fresh.status === 404) setError("This thread is no longer available to you.");
      });
    else if (effect === "apply") setData((d) => d && applyThreadEvent(d, event, threadId));
  });

  const actions = useMemo<ItemActions>(() => {
    const replace = (note: AnnotationView) =>
      setData((d) => d && (d.thread.id === note.id ? { ...d, thread: { ...note, replyCount: d.thread.replyCount } } : { ...d, replies: d.replies.map((r) => (r.id === note.id ? note : r)) }));
    return {
      reply: (id) => {
        setReplying(id);
        setSending({ busy: false, error: null });
      },
      edit: setEditing,
      toggle: (id) =>
        setFolded((f) => {
          const next = new Set(f);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      send: async (parentId, body) => {
        setSending({ busy: true, error: null });
        const id = newNoteId();
        const result = await api.reply(parentId, { id, body });
        if (!result.ok && !refused(result.status)) {
          // Offline, or the server unable to take it now: keep it in the browser and send it when it can.
          const item = { id, groupId, parentId, threadId, body, at: Date.now() };
          enqueue(item);
          toast({ message: waitingMessage(result.status, "reply") });
          setSending({ busy: false, error: null });
          setReplying(null);
          setPending((set) => new Set(set).add(id));
          setData((d) => d && { ...d, replies: [...d.replies, pendingView(item, me, d.thread.versionId)] });
          return true;
        }
        if (!result.ok) {
          setSending({ busy: false, error: result.error });
          return false;
        }
        setSending({ busy: false, error: null });
        setReplying(null);
        const reply = result.data.reply;
        setData((d) => {
          if (!d) return d;
          // The stream may have brought it first.
          const known = d.replies.some((r) => r.id === reply.id);
          const next = known
            ? { ...d, following: true }
            : { ...d, following: true, thread: { ...d.thread, replyCount: d.thread.replyCount + 1 }, replies: [...d.replies, reply] };
          onChangedRef.current?.(next.thread);
          return next;
        });
        setFolded((f) => {
          const next = new Set(f);
          next.delete(parentId);
          return next;
        });
        requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-reply="${reply.id}"]`)?.scrollIntoView({ block: "nearest" }));
        return true;
      },
      save: async (note, body) => {
        const patch = { revision: note.revision, body };
        const result = await notesApi.edit(note.id, patch);
        if (!result.ok && !result.current && !refused(result.status)) {
          // The edit waits in the browser, shown as made and marked pending, until it can be sent.
          const item: PendingEdit = { type: "edit", id: note.id, groupId, threadId, patch, at: Date.now() };
          enqueue(item);
          setPending((set) => new Set(set).add(note.id));
          replace({ ...note, body });
          setEditing(null);
          toast({ message: waitingMessage(result.status, "edit") });
          return true;
        }
        if (!result.ok) {
          toast({ message: result.error });
          if (result.current) replace(result.current);
          return false;
        }
        replace({ ...result.data.annotation, replyCount: note.replyCount });
        setEditing(null);
        return true;
      },
      remove: (note) =>
        deleteWithUndo(note, notesApi, toast, {
          removed: reload,
          restored: async () => {
            const again = await api.get(threadId);
            if (again.ok) accept(again.data);
          },
        }),
      hide: async (note, hidden) => {
        const result = await notesApi.hide(note.id, hidden);
        if (!result.ok) return toast({ message: result.error });
        replace({ ...result.data.annotation, replyCount: note.replyCount });
        toast({ message: hidden ? "Hidden from the group. Its author still sees it." : "Shown to the group again." });
      },
      react: async (note, kind, on) => {
        const result = await api.react(note.id, kind, on);
        if (!result.ok) return toast({ message: result.error });
        const current = dataRef.current;
        const base = current?.thread.id === note.id ? current.thread : current?.replies.find((r) => r.id === note.id);
        if (base) replace({ ...base, reactions: result.data.reactions });
      },
      answer: async (note) => {
        const result = await api.answer(threadId, note?.id ?? null);
        if (!result.ok) return toast({ message: result.error });
        accept(result.data);
        toast({ message: note ? "Marked as the answer." : "No longer marked as the answer." });
      },
    };
  }, [api, notesApi, toast, threadId, accept, groupId, me, reload]);

  if (error)
    return (
      <div className="p-4 font-sans text-sm">
        <h2 id={headingId} className="mb-2 text-base font-semibold">
          Thread not available
        </h2>
        <p role="alert" className="text-ink-soft">
          {error}
        </p>
      </div>
    );
  if (!data)
    return (
      <div className="space-y-3 p-4" aria-busy="true">
        <h2 id={headingId} className="sr-only">
          Loading the thread…
        </h2>
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-16 animate-pulse rounded-lg bg-accent-soft/60" />
        ))}
      </div>
    );

  const { thread } = data;
  const canAnswer = thread.kind === "question" && (thread.author.id === me.id || data.facilitator) && !thread.deleted;
  const state = stateOf(thread);
  const setThread = async (call: Promise<Awaited<ReturnType<typeof api.pin>>>, message: string) => {
    const result = await call;
    if (!result.ok) return toast({ message: result.error });
    accept(result.data);
    toast({ message });
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col" data-thread={thread.id}>
      <div className="flex-1 overflow-y-auto px-4 pb-4" data-thread-scroll="">
        <section aria-labelledby={headingId} className="pt-3">
          <div className="mb-2 flex flex-wrap items-center gap-1.5 font-sans text-[11px] font-semibold">
            {state && <span className={`rounded-full px-2 py-0.5 ${state.tone}`}>{state.label}</span>}
            {thread.pinned && <span className="rounded-full bg-amber-100 px-2 py-0.5 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100">Pinned</span>}
            {thread.forMeeting && <span className="rounded-full bg-violet-100 px-2 py-0.5 text-violet-900 dark:bg-violet-900/50 dark:text-violet-100">For the meeting</span>}
            {thread.visibility === "private" && <span className="rounded-full bg-accent-soft px-2 py-0.5 text-ink-soft">Only you can see this</span>}
          </div>
          <h2 id={headingId} tabIndex={-1} className="font-serif text-lg font-semibold leading-snug outline-none">
            {thread.title ?? (thread.kind === "question" ? "Question" : "Comment")}
            <span className="sr-only"> — thread</span>
          </h2>
          {thread.target === "passage" && thread.quote.exact && (
            <blockquote className="mt-2 line-clamp-4 border-s-2 border-accent/50 ps-3 font-serif text-[14px] italic text-ink-soft">{thread.quote.exact}</blockquote>
          )}
          <Item
            row={{ note: thread, depth: 0, descendants: 0, parentName: null }}
            me={me}
            members={members}
            facilitator={data.facilitator}
            isAnswer={false}
            canAnswer={false}
            folded={false}
            replying={replying === thread.id}
            editing={editing === thread.id}
            sending={replying === thread.id ? sending : null}
            pending={false}
            actions={actions}
          />
          <div className="mt-3 flex flex-wrap gap-1.5 border-b border-rule pb-3 font-sans text-xs font-medium">
            <button
              type="button"
              aria-pressed={data.following}
              onClick={async () => {
                const result = await api.follow(thread.id, !data.following);
                if (!result.ok) return toast({ message: result.error });
                setData({ ...data, following: result.data.following });
                toast({ message: result.data.following ? "You’ll hear about new replies." : "You won’t hear about new replies unless you’re named." });
              }}
              className="rounded-md border border-rule px-2.5 py-1 hover:bg-accent-soft aria-pressed:border-accent/50 aria-pressed:bg-accent-soft"
            >
              {data.following ? "Following" : "Follow"}
            </button>
            {thread.kind === "question" && (thread.author.id === me.id || data.facilitator) && !thread.deleted && (
              <button
                type="button"
                onClick={() => void setThread(api.resolve(thread.id, isOpenQuestion(thread)), isOpenQuestion(thread) ? "Question resolved." : "Question open again.")}
                className="rounded-md border border-rule px-2.5 py-1 hover:bg-accent-soft"
              >
                {isOpenQuestion(thread) ? "Resolve" : "Reopen"}
              </button>
            )}
            {data.facilitator && !thread.deleted && (
              <>
                <button
                  type="button"
                  aria-pressed={thread.pinned}
                  onClick={() => void setThread(api.pin(thread.id, !thread.pinned), thread.pinned ? "Unpinned." : "Pinned for the group.")}
                  className="rounded-md border border-rule px-2.5 py-1 hover:bg-accent-soft aria-pressed:border-amber-400 aria-pressed:bg-amber-50 dark:aria-pressed:bg-amber-950/40"
                >
                  {thread.pinned ? "Pinned" : "Pin"}
                </button>
                <button
                  type="button"
                  aria-pressed={thread.forMeeting}
                  onClick={() =>
                    void setThread(api.forMeeting(thread.id, !thread.forMeeting), thread.forMeeting ? "Taken off the meeting’s list." : "Added to the meeting’s list.")
                  }
                  className="rounded-md border border-rule px-2.5 py-1 hover:bg-accent-soft aria-pressed:border-violet-400 aria-pressed:bg-violet-50 dark:aria-pressed:bg-violet-950/40"
                >
                  For the meeting
                </button>
              </>
            )}
          </div>
        </section>
        <h3 className="mt-3 font-sans text-xs font-semibold uppercase tracking-wide text-muted">
          {thread.replyCount === 0 ? "No replies yet" : thread.replyCount === 1 ? "1 reply" : `${thread.replyCount} replies`}
        </h3>
        <ol ref={listRef} className="mt-1 space-y-1">
          {shown.slice(0, drawn).map((row) => (
            <li key={row.note.id} style={{ marginInlineStart: `${(Math.min(row.depth, MAX_INDENT) - 1) * 0.9}rem` }}>
              <Item
                row={row}
                me={me}
                members={members}
                facilitator={data.facilitator}
                isAnswer={thread.answerId === row.note.id}
                canAnswer={canAnswer}
                folded={folded.has(row.note.id)}
                replying={replying === row.note.id}
                editing={editing === row.note.id}
                sending={replying === row.note.id ? sending : null}
                pending={pending.has(row.note.id)}
                actions={actions}
              />
            </li>
          ))}
        </ol>
      </div>
      {!thread.deleted && thread.visibility === "group" && !thread.hidden ? (
        <div className="border-t border-rule bg-paper px-4 py-3">
          <ReplyComposer
            key={`root-${thread.replyCount}`}
            label="Reply to the thread"
            submitLabel="Reply"
            members={members}
            busy={replying === null && sending.busy}
            error={replying === null ? sending.error : null}
            autoFocus={false}
            onSubmit={(body) => actions.send(thread.id, body)}
          />
        </div>
      ) : thread.visibility === "private" && thread.author.id === me.id ? (
        <div className="border-t border-rule bg-paper px-4 py-3">
          <ReplyComposer
            label="Add to your private note"
            placeholder="Only you will see this"
            submitLabel="Add"
            members={[]}
            busy={replying === null && sending.busy}
            error={replying === null ? sending.error : null}
            autoFocus={false}
            onSubmit={(body) => actions.send(thread.id, body)}
          />
        </div>
      ) : null}
    </div>
  );
}

/** One note or reply in a thread. Memoised: replying, folding or typing elsewhere leaves it alone. */
const Item = memo(function Item({
  row,
  me,
  members,
  facilitator,
  isAnswer,
  canAnswer,
  folded,
  replying,
  editing,
  sending,
  pending,
  actions,
}: {
  row: Row;
  me: Member;
  members: readonly Member[];
  facilitator: boolean;
  isAnswer: boolean;
  canAnswer: boolean;
  folded: boolean;
  replying: boolean;
  editing: boolean;
  sending: { busy: boolean; error: string | null } | null;
  pending: boolean;
  actions: ItemActions;
}) {
  const { note, depth, descendants } = row;
  const mine = note.author.id === me.id;
  const root = depth === 0;
  if (note.deleted)
    return (
      <article data-reply={root ? undefined : note.id} tabIndex={-1} className={`${root ? "mt-3" : "border-s-2 border-rule ps-3"} py-1.5 font-sans text-[13px] italic text-muted outline-none`}>
        {root ? "This note was deleted; its replies are kept." : "This reply was deleted."}
        {descendants > 0 && !root && (
          <button type="button" className="ms-2 not-italic text-accent hover:underline" onClick={() => actions.toggle(note.id)} aria-expanded={!folded}>
            {folded ? `Show ${descendants} ${descendants === 1 ? "reply" : "replies"}` : "Fold"}
          </button>
        )}
      </article>
    );
  return (
    <article
      data-reply={root ? undefined : note.id}
      data-answer={isAnswer ? "" : undefined}
      tabIndex={-1}
      aria-label={`${root ? (note.kind === "question" ? "Question" : "Note") : "Reply"} by ${mine ? "you" : note.author.name}${isAnswer ? ", marked as the answer" : ""}`}
      className={`font-sans text-[13px] outline-none focus-visible:ring-2 focus-visible:ring-accent/50 ${
        root ? "mt-3" : `rounded-e-md border-s-2 py-2 ps-3 pe-1 ${isAnswer ? "border-emerald-500 bg-emerald-50/60 dark:bg-emerald-950/30" : "border-rule"}`
      } ${note.hidden ? "opacity-75" : ""}`}
    >
      <header className="flex items-center gap-2">
        <Avatar id={note.author.id} name={note.author.name} size="sm" />
        <p className="min-w-0 flex-1 truncate">
          <span className="font-semibold text-ink">{mine ? "You" : note.author.name}</span>
          {row.parentName && depth > MAX_INDENT && <span className="text-muted"> ↳ {row.parentName}</span>}
          <span className="text-xs text-muted">
            {" · "}
            <time dateTime={note.createdAt} title={fullTime(note.createdAt)}>
              {timeAgo(note.createdAt)}
            </time>
            {note.editedAt && <span title={`Edited ${fullTime(note.editedAt)}`}> · edited</span>}
            {pending && (
              <span data-pending="" className="ms-1 rounded bg-amber-100 px-1.5 py-0.5 font-semibold text-amber-900 dark:bg-amber-900/40 dark:text-amber-100">
                Waiting to send
              </span>
            )}
          </span>
        </p>
        {isAnswer && (
          <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-[11px] font-semibold text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100">
            ✓ Answer
          </span>
        )}
      </header>
      {note.imported && (
        <p data-imported="" className="mt-1 text-[11px] text-muted">
          {attribution(note.imported)}
        </p>
      )}
      {note.hidden && <p className="mt-1 text-[11px] font-medium text-red-800 dark:text-red-300">Hidden from the group by a facilitator</p>}
      {editing ? (
        <div className="mt-2">
          <ReplyComposer
            initial={note.body}
            label="Edit"
            submitLabel="Save changes"
            members={members}
            busy={false}
            error={null}
            onSubmit={(body) => actions.save(note, body)}
            onCancel={() => actions.edit(null)}
          />
        </div>
      ) : (
        <div className="mt-1.5 text-[13.5px] leading-relaxed text-ink">
          <NoteBody body={note.body} mentions={note.mentions} />
        </div>
      )}
      {!editing && <ReactionBar reactions={note.reactions} meId={me.id} onToggle={(kind, on) => actions.react(note, kind, on)} />}
      {!editing && (
        <footer className="mt-1.5 flex flex-wrap gap-x-3 gap-y-1 text-xs font-medium text-muted">
          {!root && (
            <button type="button" className="hover:text-ink hover:underline" onClick={() => actions.reply(replying ? null : note.id)} aria-expanded={replying}>
              Reply
            </button>
          )}
          {canAnswer && !root && (
            <button type="button" className="hover:text-ink hover:underline" onClick={() => actions.answer(isAnswer ? null : note)}>
              {isAnswer ? "Unmark answer" : "Mark as answer"}
            </button>
          )}
          {mine && (
            <button type="button" className="hover:text-ink hover:underline" onClick={() => actions.edit(note.id)}>
              Edit
            </button>
          )}
          {mine && (
            <button type="button" className="hover:text-ink hover:underline" onClick={() => actions.remove(note)}>
              Delete
            </button>
          )}
          {facilitator && !mine && note.visibility === "group" && (
            <button type="button" className="hover:text-ink hover:underline" onClick={() => actions.hide(note, !note.hidden)}>
              {note.hidden ? "Show to the group" : "Hide"}
            </button>
          )}
          {descendants > 0 && !root && (
            <button type="button" className="text-accent hover:underline" onClick={() => actions.toggle(note.id)} aria-expanded={!folded}>
              {folded ? `Show ${descendants} ${descendants === 1 ? "reply" : "replies"}` : `Fold ${descendants === 1 ? "reply" : "replies"}`}
            </button>
          )}
        </footer>
      )}
      {replying && sending && (
        <div className="mt-2">
          <ReplyComposer
            label={`Reply to ${mine ? "yourself" : note.author.name}`}
            submitLabel="Reply"
            members={members}
            busy={sending.busy}
            error={sending.error}
            onSubmit={(body) => actions.send(note.id, body)}
            onCancel={() => actions.reply(null)}
          />
        </div>
      )}
    </article>
  );
});
