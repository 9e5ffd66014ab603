// The query language for the service, the REPL and the bench: parse, plan, filter, order, describe.
export { COMMAND_TABLE } from "./command-table";
export { describeQuery } from "./describe-query";
export { formatQuery, withPage } from "./format-query";
export { helpMessage } from "./help-message";
export type { LocalFilter } from "./local-filters";
export {
  applyLocalFilters,
  localFilterLimitError,
  localFiltersTest,
  pageLocally,
} from "./local-filters";
export { orderRecords } from "./order-records";
export { parseCommand } from "./parse-command";
export { QUERY_LIMITS } from "./query-limits";
export { queryHints, queryNotes } from "./query-notes";
export type { SearchQuery } from "./query-types";
export { withoutOrder } from "./read-channel-command";
export {
  mentionsLocation,
  needsLocationLookup,
  resolveLocations,
  unknownLocationIds,
} from "./resolve-locations";
export { toNexudusPlan } from "./to-nexudus-plan";
