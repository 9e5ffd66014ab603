import { QueryError } from "./query-error";
import { intParam, storedDateMs } from "./query-values";

/** How a record property sorts. */
export type FieldKind = "int" | "text" | "bool" | "date";

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

type Key = number | string | null;

function sortKey(value: unknown, kind: FieldKind): Key {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case "int":
      return typeof value === "number" ? value : null;
    case "bool":
      return value === true ? 1 : value === false ? 0 : null;
    case "date":
      return storedDateMs(value) ?? null;
    case "text":
      return typeof value === "string" ? value.toLowerCase() : String(value).toLowerCase();
  }
}

/** Nulls first when ascending, like SQL Server. */
function compareKeys(a: Key, b: Key): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Paging {
  page: number;
  size: number;
  orderField: string;
  dir: 1 | -1;
}

/** Reads `page`, `size`, `orderBy`, `dir`; `size` is clamped to 1000, other bad values are QueryErrors. */
export function readPaging(query: URLSearchParams, fields: FieldKinds): Paging {
  const page = intParam(query, "page") ?? 1;
  if (page < 1) throw new QueryError("page", query.get("page"), "page: must be 1 or more.");
  const rawSize = intParam(query, "size") ?? DEFAULT_PAGE_SIZE;
  if (rawSize < 1) throw new QueryError("size", query.get("size"), "size: must be 1 or more.");
  const size = Math.min(rawSize, MAX_PAGE_SIZE);
  const rawDir = intParam(query, "dir") ?? 1;
  // The search page documents 1/-1; other Nexudus pages use 0 for ascending, so 0 is accepted too.
  if (rawDir !== 1 && rawDir !== -1 && rawDir !== 0) {
    throw new QueryError("dir", query.get("dir"), "dir: must be 1 (ascending) or -1 (descending).");
  }
  const dir = rawDir === -1 ? -1 : 1;
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
 * Sorts the matched records (ties broken by Id ascending) and cuts one page. `matched` is a fresh array
 * owned by the caller; records themselves are not copied except through `project`.
 */
export function pageOf<T extends { Id?: unknown }, R>(
  matched: T[],
  paging: Paging,
  fields: FieldKinds,
  project: (record: T) => R,
): SearchEnvelope<R> {
  const { page, size, orderField, dir } = paging;
  const kind = fields[orderField] ?? "int";
  if (orderField === "Id" && dir === 1 && isSortedById(matched)) {
    // The common case (default order over a store kept in Id order) needs no sort at all.
  } else {
    const decorated = matched.map((record) => ({
      key: sortKey((record as Record<string, unknown>)[orderField], kind),
      id: typeof record.Id === "number" ? record.Id : 0,
      record,
    }));
    decorated.sort((a, b) => dir * compareKeys(a.key, b.key) || a.id - b.id);
    for (let i = 0; i < decorated.length; i++) matched[i] = decorated[i]!.record;
  }
  const total = matched.length;
  const totalPages = Math.ceil(total / size);
  const start = (page - 1) * size;
  const records = matched.slice(start, start + size).map(project);
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

function isSortedById(records: readonly { Id?: unknown }[]): boolean {
  for (let i = 1; i < records.length; i++) {
    const a = records[i - 1]!.Id;
    const b = records[i]!.Id;
    if (typeof a !== "number" || typeof b !== "number" || a > b) return false;
  }
  return true;
}
