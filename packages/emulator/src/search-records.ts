import { QueryError } from "./query-error";
import { intParam } from "./query-values";
import type { FieldKind, SortedViews } from "./sorted-view";

export type { FieldKind } from "./sorted-view";

/** The sortable properties of a record type, by their canonical names. */
export type FieldKinds = Readonly<Record<string, FieldKind>>;

/** The paging envelope of every Nexudus search endpoint (all documented fields). */
export interface SearchEnvelope<T> {
  Records: T[];
  CurrentPage: number;
  CurrentPageSize: number;
  CurrentOrderField: string;
  CurrentSortDirection: number;
  FirstItem: number;
  LastItem: number;
  TotalItems: number;
  TotalPages: number;
  HasNextPage: boolean;
  HasPreviousPage: boolean;
  PageNumber: number;
  PageSize: number;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;

interface Paging {
  page: number;
  size: number;
  orderField: string;
  dir: 1 | -1;
}

/**
 * `dir`: the search page documents 1/-1; other Nexudus pages use 0 for ascending, and older ones the words
 * `Ascending`/`Descending` (any case), so all of them are accepted.
 */
function readDirection(query: URLSearchParams): 1 | -1 {
  const raw = query.get("dir")?.trim() ?? "";
  if (raw === "") return 1;
  const word = raw.toLowerCase();
  if (word === "ascending" || word === "asc") return 1;
  if (word === "descending" || word === "desc") return -1;
  const n = intParam(query, "dir");
  if (n !== 1 && n !== -1 && n !== 0) {
    throw new QueryError("dir", raw, "dir: must be 1 (ascending) or -1 (descending).");
  }
  return n === -1 ? -1 : 1;
}

/** Reads `page`, `size`, `orderBy`, `dir`; `size` is clamped to 1000, other bad values are QueryErrors. */
export function readPaging(query: URLSearchParams, fields: FieldKinds): Paging {
  const page = intParam(query, "page") ?? 1;
  if (page < 1) throw new QueryError("page", query.get("page"), "page: must be 1 or more.");
  const rawSize = intParam(query, "size") ?? DEFAULT_PAGE_SIZE;
  if (rawSize < 1) throw new QueryError("size", query.get("size"), "size: must be 1 or more.");
  const size = Math.min(rawSize, MAX_PAGE_SIZE);
  const dir = readDirection(query);
  const rawOrder = query.get("orderBy")?.trim();
  let orderField = "Id";
  if (rawOrder) {
    const found = Object.keys(fields).find((f) => f.toLowerCase() === rawOrder.toLowerCase());
    if (!found)
      throw new QueryError("orderBy", rawOrder, `orderBy: '${rawOrder}' is not a property of the record.`);
    orderField = found;
  }
  return { page, size, orderField, dir };
}

/**
 * One page of `store` in the asked order, keeping the records `keep` accepts: a single pass over the
 * (cached) sorted view, counting every match and projecting only those on the page.
 */
export function searchRecords<T extends { Id?: unknown }, R>(
  store: readonly T[],
  query: URLSearchParams,
  fields: FieldKinds,
  keep: (record: T) => boolean,
  project: (record: T) => R,
  views: SortedViews,
): SearchEnvelope<R> {
  const { page, size, orderField, dir } = readPaging(query, fields);
  const ordered = views.ordered(store, orderField, dir, fields[orderField] ?? "int");
  const start = (page - 1) * size;
  const end = start + size;
  const records: R[] = [];
  let total = 0;
  for (const record of ordered) {
    if (!keep(record)) continue;
    if (total >= start && total < end) records.push(project(record));
    total++;
  }
  const totalPages = Math.ceil(total / size);
  return {
    Records: records,
    CurrentPage: page,
    CurrentPageSize: size,
    CurrentOrderField: orderField,
    CurrentSortDirection: dir,
    FirstItem: records.length ? start + 1 : 0,
    LastItem: records.length ? start + records.length : 0,
    TotalItems: total,
    TotalPages: totalPages,
    HasNextPage: page < totalPages,
    HasPreviousPage: page > 1,
    PageNumber: page,
    PageSize: size,
  };
}
