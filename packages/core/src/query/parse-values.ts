import { formatCount } from "../text/format-count";
import { suggest } from "./edit-distance";
import { QUERY_LIMITS } from "./query-limits";
import type {
  CountRange,
  DateBound,
  DateRange,
  DateSpec,
  SortField,
  SortOrder,
  Span,
  SpanUnit,
} from "./query-types";
import { SORT_FIELDS } from "./sort-fields";

/** A value that did not read: which kind of mistake, a mrkdwn-safe hint, and corrected values to offer. */
export interface ValueProblem {
  ok: false;
  code:
    | "bad-number"
    | "out-of-range"
    | "bad-date"
    | "bad-span"
    | "reversed-range"
    | "unknown-sort"
    | "missing-value";
  hint: string;
  suggestions?: string[];
}
/** A value read, or why it did not read. */
export type ValueRead<T> = { ok: true; value: T } | ValueProblem;

const problem = (code: ValueProblem["code"], hint: string, suggestions?: string[]): ValueProblem =>
  suggestions ? { ok: false, code, hint, suggestions } : { ok: false, code, hint };

/** A whole number within bounds (digits only: no sign, no decimals, no exponent). */
export function readWholeNumber(text: string, min: number, max: number, what: string): ValueRead<number> {
  if (!/^\d+$/.test(text)) return problem("bad-number", `${what} must be a whole number`);
  const n = text.length > 16 ? Number.POSITIVE_INFINITY : Number(text);
  if (n < min || n > max) {
    return problem("out-of-range", `${what} must be from ${min} to ${formatCount(max)}`);
  }
  return { ok: true, value: n };
}

type Comparator = "" | ">" | ">=" | "<" | "<=";

function splitComparator(text: string): { comparator: Comparator; rest: string } {
  // Also the full-width forms that messages show (and that CJK keyboards type).
  const m = /^(>=|<=|≥|≤|>|<|=|＞＝|＜＝|＞=|＜=|＞|＜|＝)?(.*)$/s.exec(text)!;
  const op = (m[1] ?? "").replace(/＞/g, ">").replace(/＜/g, "<").replace(/＝/g, "=");
  const comparator = (op === "≥" ? ">=" : op === "≤" ? "<=" : op === "=" ? "" : op) as Comparator;
  return { comparator, rest: m[2]! };
}

/** `errors:` values: `3`, `>=3`, `>3` (from 4), `<=3`, `<3`, `3..10`, `3..`, `..10`. */
export function readCountRange(text: string): ValueRead<CountRange> {
  const what = "an error count";
  const max = QUERY_LIMITS.maxErrorCount;
  const dots = text.indexOf("..");
  if (dots >= 0) {
    const left = text.slice(0, dots);
    const right = text.slice(dots + 2);
    if (left === "" && right === "")
      return problem("missing-value", "a range needs at least one end, e.g. 3..10");
    const range: CountRange = {};
    if (left !== "") {
      const r = readWholeNumber(left, 0, max, what);
      if (!r.ok) return r;
      range.min = r.value;
    }
    if (right !== "") {
      const r = readWholeNumber(right, 0, max, what);
      if (!r.ok) return r;
      range.max = r.value;
    }
    if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
      return problem("reversed-range", "the range starts after it ends", [`${range.max}..${range.min}`]);
    }
    return { ok: true, value: range };
  }
  const { comparator, rest } = splitComparator(text);
  if (rest === "") return problem("missing-value", "give a number, e.g. errors:3 or errors:>=3");
  const r = readWholeNumber(rest, 0, max, what);
  if (!r.ok) return r;
  const n = r.value;
  switch (comparator) {
    case "":
      return { ok: true, value: { min: n, max: n } };
    case ">=":
      return { ok: true, value: { min: n } };
    case ">":
      return n + 1 > max
        ? problem("out-of-range", "no count is that high")
        : { ok: true, value: { min: n + 1 } };
    case "<=":
      return { ok: true, value: { max: n } };
    case "<":
      return n === 0
        ? problem("out-of-range", "no webhook has fewer than 0 errors", ["errors:0"])
        : { ok: true, value: { max: n - 1 } };
  }
}

const UNITS: Readonly<Record<string, SpanUnit>> = {
  h: "h",
  hr: "h",
  hrs: "h",
  hour: "h",
  hours: "h",
  d: "d",
  day: "d",
  days: "d",
  w: "w",
  wk: "w",
  wks: "w",
  week: "w",
  weeks: "w",
};
const UNIT_DAYS: Readonly<Record<SpanUnit, number>> = { h: 1 / 24, d: 1, w: 7 };

/** `12h`, `7d`, `2w` (also `7days`, `2 weeks` when quoted). */
export function readSpan(text: string): ValueRead<Span> {
  const m = /^(\d+)\s*([a-z]+)$/i.exec(text.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || !unit) {
    return problem("bad-span", "a span is a whole number of hours, days or weeks: 12h, 7d, 2w");
  }
  const amount = m[1]!.length > 9 ? Number.POSITIVE_INFINITY : Number(m[1]);
  if (amount < 1 || amount * UNIT_DAYS[unit] > QUERY_LIMITS.maxSpanDays) {
    return problem("out-of-range", `a span must be at least 1 and at most ${QUERY_LIMITS.maxSpanDays} days`);
  }
  return { ok: true, value: { amount, unit } };
}

/** Milliseconds in a span. */
export function spanMs(span: Span): number {
  return span.amount * UNIT_DAYS[span.unit] * 86_400_000;
}

const DATE_HINT = "use YYYY-MM-DD, YYYY-MM-DDTHH:mm, 12h, 7d, 2w, today or yesterday";

/** One date: `2025-01-01`, `2025-01-01T08:30`, `7d`, `today`, `yesterday`. */
export function readDateSpec(text: string): ValueRead<DateSpec> {
  const lower = text.trim().toLowerCase();
  if (lower === "today") return { ok: true, value: { kind: "today" } };
  if (lower === "yesterday") return { ok: true, value: { kind: "yesterday" } };
  const abs = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2}))?$/.exec(lower);
  if (abs) {
    const [year, month, day] = [Number(abs[1]), Number(abs[2]), Number(abs[3])];
    const probe = new Date(Date.UTC(year, month - 1, day));
    const realDay =
      probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
    if (!realDay || year < 1970 || year > 2999)
      return problem("bad-date", `there is no such date; ${DATE_HINT}`);
    const pad = (n: number) => String(n).padStart(2, "0");
    const spec: DateSpec = { kind: "absolute", date: `${abs[1]}-${pad(month)}-${pad(day)}` };
    if (abs[4] !== undefined) {
      const [hour, minute] = [Number(abs[4]), Number(abs[5])];
      if (hour > 23 || minute > 59) return problem("bad-date", `there is no such time; ${DATE_HINT}`);
      spec.time = `${pad(hour)}:${pad(minute)}`;
    }
    return { ok: true, value: spec };
  }
  if (/^\d/.test(lower)) {
    const span = readSpan(lower);
    if (span.ok) return { ok: true, value: { kind: "ago", ...span.value } };
    if (span.code === "out-of-range") return span;
  }
  return problem("bad-date", DATE_HINT);
}

/** Orders two non-relative specs; `undefined` when they cannot be compared without the clock. */
function compareStartEnd(from: DateSpec, to: DateSpec): number | undefined {
  if (from.kind === "absolute" && to.kind === "absolute") {
    const a = `${from.date}T${from.time ?? "00:00"}`;
    const b = `${to.date}T${to.time ?? "23:59"}`;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (from.kind === "today" && to.kind === "yesterday") return 1;
  return undefined;
}

/** Whether a lower bound at `from` lies after an upper bound at `to`, so that nothing can match. */
export function isReversed(from: DateSpec, to: DateSpec): boolean {
  if (from.kind === "ago" && to.kind === "ago") return spanMs(from) < spanMs(to);
  return (compareStartEnd(from, to) ?? 0) > 0;
}

const bound = (spec: DateSpec, strict = false): DateBound => ({ spec, strict });

/** `within:7d` (the last 7 days), `before:7d` (more than 7 days ago), `before:2025-01-01`. */
function readWordedRange(word: string, text: string): ValueRead<DateRange> {
  if (text === "") return problem("missing-value", `give a span after ${word}:, e.g. ${word}:7d`);
  const r = readDateSpec(text);
  if (!r.ok) return r;
  if (word === "within") {
    return r.value.kind === "ago"
      ? { ok: true, value: { from: bound(r.value) } }
      : problem("bad-span", "within: takes a span such as 7d, 12h or 2w; for a date write >=2025-01-01");
  }
  return { ok: true, value: { to: bound(r.value, r.value.kind !== "ago") } };
}

/**
 * Date qualifier values: a date (its whole day or minute), a comparator and a date, a range `A..B`, or a
 * span read one way: `within:7d`, `before:7d`. For compatibility a span also takes comparators, as ages:
 * `<7d` is "less than 7 days ago" (`within:7d`), `>7d` more than that (`before:7d`).
 */
export function readDateRange(text: string): ValueRead<DateRange> {
  const worded = /^(within|before):(.*)$/is.exec(text);
  if (worded) return readWordedRange(worded[1]!.toLowerCase(), worded[2]!.trim());
  const dots = text.indexOf("..");
  if (dots >= 0) {
    const left = text.slice(0, dots);
    const right = text.slice(dots + 2);
    if (left === "" && right === "") {
      return problem("missing-value", "a range needs at least one end, e.g. 2025-01-01..2025-01-31");
    }
    let from: DateSpec | undefined;
    let to: DateSpec | undefined;
    if (left !== "") {
      const r = readDateSpec(left);
      if (!r.ok) return r;
      from = r.value;
    }
    if (right !== "") {
      const r = readDateSpec(right);
      if (!r.ok) return r;
      to = r.value;
    }
    if (from?.kind === "ago" && to?.kind === "ago" && spanMs(from) < spanMs(to)) [from, to] = [to, from];
    if (from && to && isReversed(from, to)) {
      return problem("reversed-range", "the range starts after it ends", [`${right}..${left}`]);
    }
    const range: DateRange = {};
    if (from) range.from = bound(from);
    if (to) range.to = bound(to);
    return { ok: true, value: range };
  }
  const { comparator, rest } = splitComparator(text);
  if (rest === "") return problem("missing-value", `give a date: ${DATE_HINT}`);
  const r = readDateSpec(rest);
  if (!r.ok) return r;
  const spec = r.value;
  if (spec.kind === "ago") {
    return comparator === ">" || comparator === ">="
      ? { ok: true, value: { to: bound(spec) } }
      : { ok: true, value: { from: bound(spec) } };
  }
  switch (comparator) {
    case "":
      return { ok: true, value: { from: bound(spec), to: bound(spec) } };
    case ">=":
      return { ok: true, value: { from: bound(spec) } };
    case ">":
      return { ok: true, value: { from: bound(spec, true) } };
    case "<=":
      return { ok: true, value: { to: bound(spec) } };
    case "<":
      return { ok: true, value: { to: bound(spec, true) } };
  }
}

const SORT_ALIASES: Readonly<Record<string, SortField>> = {
  ...Object.fromEntries(Object.keys(SORT_FIELDS).map((f) => [f, f as SortField])),
  ...Object.fromEntries(Object.entries(SORT_FIELDS).map(([f, prop]) => [prop.toLowerCase(), f as SortField])),
  error: "errors",
  event: "action",
  lasttriggered: "triggered",
  trigger: "triggered",
};

/** `sort:` values: a field, with `-` for descending (`+` allowed for ascending). */
export function readSort(text: string): ValueRead<SortOrder> {
  const descending = text.startsWith("-");
  const name = text.replace(/^[-+]/, "").toLowerCase();
  if (name === "") return problem("missing-value", `name a field: ${Object.keys(SORT_FIELDS).join(", ")}`);
  const field = SORT_ALIASES[name];
  if (!field) {
    const near = suggest(name, Object.keys(SORT_FIELDS));
    return problem(
      "unknown-sort",
      `results can be sorted by ${Object.keys(SORT_FIELDS).join(", ")}`,
      near.map((f) => `sort:${descending ? "-" : ""}${f}`),
    );
  }
  return { ok: true, value: { field, descending } };
}
