import { readSort, readWholeNumber } from "../parse-values";
import { QUERY_LIMITS } from "../query-limits";
import type { SortOrder } from "../query-types";
import type { CommandRow, Field } from "../row-types";
import { SORT_FIELDS } from "../sort-fields";
import { readWith } from "./row-helpers";

const sortField: Field<"sort", SortOrder> = {
  key: "sort",
  combine: "one",
  conflict: "give one sort order",
  plan: (order, plan) => plan.orderBy(order),
  format: (order) => [`sort:${order.descending ? "-" : ""}${order.field}`],
  describe: (order) => ({ phrase: `sorted by ${order.field}${order.descending ? " (descending)" : ""}` }),
};

/** `page:` or `size:`: a whole number the plan pages by. */
function pagingField<K extends "page" | "size">(key: K, what: string): Field<K, number> {
  return {
    key,
    combine: "one",
    conflict: `give one ${what}`,
    plan: (n, plan) => {
      plan[key] = n;
    },
    format: (n) => [`${key}:${n}`],
    describe: () => undefined,
  };
}

const sortFieldList = Object.keys(SORT_FIELDS).join(" ");

/** Order and paging. */
export const ORDER_ROWS = [
  {
    kind: "qualifier",
    name: "sort",
    aliases: ["order", "orderby"],
    group: "order",
    usage: "sort:errors",
    summary: `order by ${sortFieldList}; a leading - sorts descending; errors ties go to the longest without a success. Failing searches default to sort:-errors, stale to sort:triggered`,
    examples: ["sort:errors", "sort:-updated"],
    nexudus: "orderBy, dir",
    field: sortField,
    read: readWith(readSort),
    exclude: "for descending order write sort:-field",
  },
  {
    kind: "qualifier",
    name: "page",
    aliases: [],
    group: "order",
    usage: "page:2",
    summary: `page number (1 to ${QUERY_LIMITS.maxPage})`,
    examples: ["failing page:2"],
    nexudus: "page",
    field: pagingField("page", "page"),
    read: readWith((text) => readWholeNumber(text, 1, QUERY_LIMITS.maxPage, "the page")),
    exclude: "paging cannot be excluded",
  },
  {
    kind: "qualifier",
    name: "size",
    aliases: [],
    group: "order",
    usage: "size:20",
    summary: `results per page (${QUERY_LIMITS.minSize} to ${QUERY_LIMITS.maxSize}, default ${QUERY_LIMITS.defaultSize})`,
    examples: ["size:25"],
    nexudus: "size",
    field: pagingField("size", "page size"),
    read: readWith((text) =>
      readWholeNumber(text, QUERY_LIMITS.minSize, QUERY_LIMITS.maxSize, "the page size"),
    ),
    exclude: "paging cannot be excluded",
  },
] as const satisfies readonly CommandRow[];
