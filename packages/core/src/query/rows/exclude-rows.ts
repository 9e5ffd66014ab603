import { formatCount } from "../../text/format-count";
import { QUERY_LIMITS } from "../query-limits";
import type { CommandRow } from "../row-types";
import { FILTER_ROWS } from "./filter-rows";

const excludable = FILTER_ROWS.flatMap((r) =>
  r.kind === "qualifier" && r.exclude === true ? [`${r.name}:`] : [],
);

/** How to leave matches out; the keys listed are the filter rows that allow `-`. */
export const EXCLUDE_ROWS = [
  {
    kind: "syntax",
    name: "exclude",
    aliases: [],
    group: "exclude",
    usage: "-action:BookingCreate",
    summary:
      `a minus before ${excludable.join(", ")} or a bare word leaves matches out; ` +
      `it needs every matching webhook fetched, at most ${formatCount(QUERY_LIMITS.maxExclusionRecords)} ` +
      "(as do extra name words, event families and the filters checked after fetching)",
    examples: ["failing -action:BookingCreate", "-location:12", "-name:test", "-test"],
    nexudus: "(applied after fetching)",
  },
] as const satisfies readonly CommandRow[];
