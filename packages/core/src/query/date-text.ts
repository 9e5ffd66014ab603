import type { DateRange, DateSpec, Span } from "./query-types";

/*
 * Dates and spans as canonical text (`triggered:within:7d`) and as words for the title ("in the past 7
 * days"). A span counts back from now, so `<7d` and `>7d` read both ways; the canonical text says
 * `within:` and `before:` instead.
 */

/** A date spec as typed: `2025-01-01`, `2025-01-01T08:30`, `7d`, `today`. */
export function specText(spec: DateSpec): string {
  switch (spec.kind) {
    case "absolute":
      return spec.time ? `${spec.date}T${spec.time}` : spec.date;
    case "ago":
      return `${spec.amount}${spec.unit}`;
    case "today":
    case "yesterday":
      return spec.kind;
  }
}

/** The canonical terms of a date range under `key`. */
export function dateTerms(key: string, range: DateRange): string[] {
  const { from, to } = range;
  if (from && to && !from.strict && !to.strict) {
    const a = specText(from.spec);
    const b = specText(to.spec);
    return [a === b && from.spec.kind !== "ago" ? `${key}:${a}` : `${key}:${a}..${b}`];
  }
  const terms: string[] = [];
  if (from) {
    const op = from.spec.kind === "ago" ? "within:" : from.strict ? ">" : ">=";
    terms.push(`${key}:${op}${specText(from.spec)}`);
  }
  if (to) {
    const op = to.spec.kind === "ago" ? "before:" : to.strict ? "<" : "<=";
    terms.push(`${key}:${op}${specText(to.spec)}`);
  }
  return terms;
}

const UNIT_WORDS = { h: "hour", d: "day", w: "week" } as const;

/** `7 days`, `1 week`. */
export function spanText(span: Span): string {
  return `${span.amount} ${UNIT_WORDS[span.unit]}${span.amount === 1 ? "" : "s"}`;
}

function specWords(spec: DateSpec): string {
  return spec.kind === "absolute"
    ? specText(spec).replace("T", " ")
    : spec.kind === "ago"
      ? `${spanText(spec)} ago`
      : spec.kind;
}

/** A range in words: `in the past 7 days`, `between 2025-01-01 and 2025-02-01`, `before 2025-01-01`. */
export function rangeWords(range: DateRange): string | undefined {
  const { from, to } = range;
  if (from && to) {
    if (!from.strict && !to.strict && from.spec.kind !== "ago" && specText(from.spec) === specText(to.spec)) {
      return `${from.spec.kind === "absolute" ? "on " : ""}${specWords(from.spec)}`;
    }
    return `between ${specWords(from.spec)} and ${specWords(to.spec)}`;
  }
  if (from) {
    if (from.spec.kind === "ago") return `in the past ${spanText(from.spec)}`;
    return `${from.strict ? "after" : "since"} ${specWords(from.spec)}`;
  }
  if (to) {
    if (to.spec.kind === "ago") return `more than ${spanText(to.spec)} ago`;
    return `${to.strict ? "before" : "until"} ${specWords(to.spec)}`;
  }
  return undefined;
}
