// Shared shapes for `npm run bench`. A measurement is a function that returns table
// rows (and may add footnotes); later work adds a row by adding a measurement.
import type { RunningApp } from "./app";

/** A goal a row is checked against: on the value itself, or on value ÷ floor. */
export type Goal = { kind: "max"; max: number } | { kind: "ratio"; max: number };

export type Unit = "ms" | "kB" | "count";

export type Row = {
  metric: string;
  /** Measured value in `unit`; null when the measurement failed (see `error`). */
  value: number | null;
  unit: Unit;
  /** The same quantity measured for the best a server could do, if there is one. */
  floor?: number;
  goal?: Goal;
  error?: string;
  /** Why the row is over whatever its value: a measurement that lost events or met errors. */
  spoiledBy?: string;
};

export type TextUnderTest = { slug: string; title: string; wordCount: number; path: string };

export type BenchContext = {
  app: RunningApp;
  text: TextUnderTest;
  verbose: boolean;
  signal: AbortSignal;
  /** Footnotes printed under the table (how a number was measured, what looked odd). */
  note(line: string): void;
  /** Extra detail printed only with --verbose. */
  detail(line: string): void;
  /** Stops the app and starts it again (on a fresh database), for what must be measured just after a start. */
  restartApp(): Promise<void>;
  /** Runs when the bench ends, however it ends (last registered runs first). */
  onCleanup(fn: () => Promise<void> | void): void;
};

export type Measurement = {
  name: string;
  /** Rows this measurement produces, used for placeholder rows if it throws. */
  rows: (ctx: BenchContext) => Pick<Row, "metric" | "unit" | "goal">[];
  run: (ctx: BenchContext) => Promise<Row[]>;
};
