// The printed table.
import type { Goal, Row, Unit } from "./types";

export type Verdict = "ok" | "over" | "—" | "error";

const fmt = (value: number, unit: Unit) =>
  unit === "ms" ? `${value.toFixed(value < 10 ? 2 : 1)} ms` : unit === "kB" ? `${value.toFixed(1)} kB` : String(Math.round(value));

const fmtGoal = (goal: Goal, unit: Unit) =>
  goal.kind === "ratio" ? `≤ ${goal.max}×` : unit === "count" ? `≤ ${goal.max}` : `≤ ${goal.max} ${unit}`;

export function ratioOf(row: Row): number | null {
  return row.value !== null && row.floor !== undefined && row.floor > 0 ? row.value / row.floor : null;
}

export function verdict(row: Row): Verdict {
  if (row.value === null) return "error";
  if (!row.goal) return "—";
  if (row.spoiledBy) return "over";
  const measured = row.goal.kind === "ratio" ? ratioOf(row) : row.value;
  if (measured === null) return "error";
  return measured <= row.goal.max ? "ok" : "over";
}

export function formatTable(rows: Row[]): string {
  const head = ["metric", "value", "floor", "ratio", "goal", "result"];
  const body = rows.map((row) => {
    const ratio = ratioOf(row);
    return [
      row.metric,
      row.value === null ? "failed" : fmt(row.value, row.unit),
      row.floor === undefined ? "—" : fmt(row.floor, row.unit),
      ratio === null ? "—" : `${ratio.toFixed(1)}×`,
      row.goal ? fmtGoal(row.goal, row.unit) : "—",
      verdict(row),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("   ")
      .trimEnd();
  return [line(head), ...body.map(line)].join("\n");
}
