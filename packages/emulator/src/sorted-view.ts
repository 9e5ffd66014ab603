import { storedDateMs } from "./query-values";

/** How a record property sorts. */
export type FieldKind = "int" | "text" | "bool" | "date";

type Key = number | string | null;
type Row = { Id?: unknown } & Record<string, unknown>;

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
      return String(value).toLowerCase();
  }
}

/** Nulls first when ascending, like SQL Server. */
function compareKeys(a: Key, b: Key): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const idOf = (r: Row): number => (typeof r.Id === "number" ? r.Id : 0);

interface Entry {
  store: readonly Row[];
  /** The store's elements when sorted, to notice an element replaced in place. */
  members: Row[];
  order: Row[];
  /** The sort field's raw value and the Id of each `order` element when sorted, to notice edits. */
  values: unknown[];
  ids: unknown[];
}

/**
 * The store sorted by a field, cached per field and direction. The account is live (PUTs and tests edit
 * it), so each use checks in O(n) pointer/primitive comparisons that nothing the order depends on changed,
 * and re-sorts (O(n log n)) only when something did. Ties are broken by Id ascending.
 */
export class SortedViews {
  readonly #entries = new Map<string, Entry>();

  /** `store` in the order of `field`/`dir`. The answer is shared: callers must not modify it. */
  ordered<T extends { Id?: unknown }>(
    store: readonly T[],
    field: string,
    dir: 1 | -1,
    kind: FieldKind,
  ): readonly T[] {
    const rows = store as unknown as readonly Row[];
    const cacheKey = `${field}|${dir}`;
    const cached = this.#entries.get(cacheKey);
    if (cached && this.#fresh(cached, rows, field)) return cached.order as unknown as T[];
    const decorated = rows.map((row) => ({ key: sortKey(row[field], kind), id: idOf(row), row }));
    decorated.sort((a, b) => dir * compareKeys(a.key, b.key) || a.id - b.id);
    const order = decorated.map((d) => d.row);
    this.#entries.set(cacheKey, {
      store: rows,
      members: rows.slice(),
      order,
      values: order.map((r) => r[field]),
      ids: order.map((r) => r.Id),
    });
    return order as unknown as T[];
  }

  #fresh(entry: Entry, rows: readonly Row[], field: string): boolean {
    if (entry.store !== rows || entry.members.length !== rows.length) return false;
    for (let i = 0; i < rows.length; i++) if (entry.members[i] !== rows[i]) return false;
    for (let i = 0; i < entry.order.length; i++) {
      const row = entry.order[i]!;
      if (row[field] !== entry.values[i] || row.Id !== entry.ids[i]) return false;
    }
    return true;
  }
}
