// The server process's shutdown, as the app's code sees it. scripts/serve.ts begins it on
// SIGTERM; whatever holds a connection open for long (the event streams) registers here
// to end it politely — with a hint to reconnect soon — so that a rolling restart moves
// readers to another instance without losing their place. Kept on globalThis under a
// registered symbol: serve.ts and the code Next compiled share it in one process.

type Lifecycle = { stopping: boolean; hooks: Set<() => void> };

const KEY = Symbol.for("study-circle.lifecycle");

function state(): Lifecycle {
  const holder = globalThis as unknown as Record<symbol, Lifecycle | undefined>;
  return (holder[KEY] ??= { stopping: false, hooks: new Set() });
}

export function shuttingDown(): boolean {
  return state().stopping;
}

/** Runs `hook` when the process begins to shut down (at once, if it already has); returns the way to unregister. */
export function onShutdown(hook: () => void): () => void {
  const s = state();
  if (s.stopping) {
    hook();
    return () => undefined;
  }
  s.hooks.add(hook);
  return () => s.hooks.delete(hook);
}

export function beginShutdown(): void {
  const s = state();
  if (s.stopping) return;
  s.stopping = true;
  for (const hook of [...s.hooks]) {
    try {
      hook();
    } catch (error) {
      console.error("[shutdown] a hook failed", error);
    }
  }
  s.hooks.clear();
}
