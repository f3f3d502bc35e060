import search from "approx-string-match";

// Fuzzy quote matching in the manner of Hypothesis's match-quote.ts: approx-string-match
// (Myers' bit-parallel algorithm, maintained by Hypothesis's author) finds places where
// the quote occurs with a few errors; each is scored on how closely the quote, the
// words before and after it, and the position agree, and the best one wins.

export type QuoteMatch = { start: number; end: number; score: number; quoteScore: number; contextScore: number };
export type QuoteContext = { prefix?: string; suffix?: string; hint?: number };

/** Errors allowed in a quote: a quarter of it, capped so long quotes stay fast. */
export const maxErrorsFor = (quote: string) => Math.min(64, Math.ceil(quote.length / 4));

function similarity(text: string, target: string): number {
  if (!text.length || !target.length) return 0;
  const matches = search(text, target, target.length);
  const best = matches.reduce((min, m) => Math.min(min, m.errors), target.length);
  return 1 - best / target.length;
}

function score(text: string, quote: string, start: number, end: number, errors: number, context: QuoteContext): QuoteMatch {
  const quoteScore = 1 - errors / quote.length;
  const prefix = context.prefix ?? "";
  const suffix = context.suffix ?? "";
  const prefixScore = prefix ? similarity(text.slice(Math.max(0, start - prefix.length), start), prefix) : 1;
  const suffixScore = suffix ? similarity(text.slice(end, end + suffix.length), suffix) : 1;
  const hint = context.hint ?? start;
  const positionScore = 1 - Math.abs(start - hint) / Math.max(1, text.length);
  const contextScore = (prefixScore + suffixScore) / 2;
  const raw = 50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * positionScore;
  return { start, end, score: raw / 92, quoteScore, contextScore };
}

/** The best place for a quote in a text, or null when nothing is close enough to call a match. */
export function matchQuote(text: string, quote: string, context: QuoteContext = {}): QuoteMatch | null {
  if (!quote.length || !text.length) return null;
  // Exact occurrences first: cheap, and usually all there is to it.
  const exact: QuoteMatch[] = [];
  for (let at = text.indexOf(quote); at >= 0 && exact.length < 200; at = text.indexOf(quote, at + 1))
    exact.push(score(text, quote, at, at + quote.length, 0, context));
  const candidates = exact.length
    ? exact
    : search(text, quote, maxErrorsFor(quote)).map((m) => score(text, quote, m.start, m.end, m.errors, context));
  let best: QuoteMatch | null = null;
  for (const candidate of candidates) if (!best || candidate.score > best.score) best = candidate;
  return best;
}
