import type * as z from "zod/mini";
import { NexudusSchemaError } from "./errors";
import { describeIssues, safeParseDescribed } from "./schema-issues";

/**
 * One page of a Nexudus search, normalised: whatever Nexudus sent is read once, here. Only `Records` is
 * required, plus one way to tell whether there is a next page (`HasNextPage`, or `TotalPages`/`TotalItems`,
 * or a page shorter than asked); everything else may be absent, mistyped or negative (then `undefined`).
 */
export interface SearchPage<T> {
  /** The records that could be read, in Nexudus's order. */
  Records: T[];
  /** Records Nexudus sent on this page that the bot could not read (missing or mistyped required fields). */
  skipped: number;
  CurrentPage: number;
  HasNextPage: boolean;
  HasPreviousPage: boolean;
  /** Matches over all pages; `undefined` when Nexudus did not say and it cannot be derived. */
  TotalItems: number | undefined;
  /** `undefined` when Nexudus did not say and it cannot be derived. */
  TotalPages: number | undefined;
  CurrentPageSize: number | undefined;
  CurrentOrderField: string | undefined;
  /** 1 ascending, -1 descending (Nexudus writes 1/-1, 0/1 or `Ascending`/`Descending`). */
  CurrentSortDirection: 1 | -1 | undefined;
}

/** What the request asked for, to derive what the answer leaves out. */
export interface PageRequest {
  page: number;
  size: number;
}

/** The paths (never the values) of the fields that made a record unreadable. */
export type SkippedIssues = string[];

function count(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function flag(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim()))
    return value.trim().toLowerCase() === "true";
  return undefined;
}

function direction(value: unknown): 1 | -1 | undefined {
  if (value === -1 || value === "-1") return -1;
  if (value === 1 || value === 0 || value === "1" || value === "0") return 1;
  if (typeof value !== "string") return undefined;
  const word = value.trim().toLowerCase();
  if (word === "ascending" || word === "asc") return 1;
  if (word === "descending" || word === "desc") return -1;
  return undefined;
}

/**
 * Reads a search answer. Throws NexudusSchemaError only when the body is not an object with a `Records`
 * array; a record that does not match `record` is skipped (counted in `skipped`, its issues handed to
 * `onSkipped` for the log). `request` is what was asked, for answers that leave paging fields out.
 */
export function parseSearchPage<T>(
  body: unknown,
  record: z.ZodMiniType<T>,
  request: PageRequest,
  path: string,
  onSkipped?: (index: number, issues: SkippedIssues) => void,
): SearchPage<T> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new NexudusSchemaError(path, ["(body): expected a search envelope (an object)"]);
  const raw = body as Record<string, unknown>;
  if (!Array.isArray(raw.Records)) throw new NexudusSchemaError(path, ["Records: expected array"]);

  const records: T[] = [];
  let skipped = 0;
  for (const [index, item] of raw.Records.entries()) {
    const parsed = safeParseDescribed(record, item);
    if (parsed.success) records.push(parsed.data);
    else {
      skipped += 1;
      onSkipped?.(
        index,
        describeIssues(parsed.error).map((issue) => `Records.${index}.${issue}`),
      );
    }
  }

  const sent = raw.Records.length;
  const page = count(raw.CurrentPage) || count(raw.PageNumber) || request.page;
  const size = count(raw.CurrentPageSize) || count(raw.PageSize) || request.size;
  let totalItems = count(raw.TotalItems);
  let totalPages = count(raw.TotalPages);
  let hasNext = flag(raw.HasNextPage);
  if (hasNext === undefined) {
    if (sent === 0) hasNext = false;
    else if (totalPages !== undefined) hasNext = page < totalPages;
    else if (totalItems !== undefined) hasNext = page * size < totalItems;
    // A full page with nothing else to go by: there may be more (a walk stops at the first short page).
    else hasNext = sent >= size;
  }
  // The last page tells how many there are in all.
  if (totalItems === undefined && !hasNext) totalItems = (page - 1) * size + sent;
  if (totalPages === undefined && totalItems !== undefined) totalPages = Math.ceil(totalItems / size);
  if (totalPages === undefined && !hasNext) totalPages = page;

  const orderField = typeof raw.CurrentOrderField === "string" ? raw.CurrentOrderField : undefined;
  return {
    Records: records,
    skipped,
    CurrentPage: page,
    HasNextPage: hasNext,
    HasPreviousPage: flag(raw.HasPreviousPage) ?? page > 1,
    TotalItems: totalItems,
    TotalPages: totalPages,
    CurrentPageSize: count(raw.CurrentPageSize) ?? count(raw.PageSize),
    CurrentOrderField: orderField,
    CurrentSortDirection: direction(raw.CurrentSortDirection),
  };
}

/** `page` and `size` of a query (defaults as Nexudus documents them: page 1, 25 a page). */
export function pageRequestOf(params: Readonly<Record<string, string>>): PageRequest {
  const page = count(params.page);
  const size = count(params.size);
  return { page: page && page > 0 ? page : 1, size: size && size > 0 ? size : 25 };
}
