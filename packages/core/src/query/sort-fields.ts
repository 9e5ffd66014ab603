import type { SortField } from "./query-types";

/** `sort:` fields and the Nexudus property each orders by. */
export const SORT_FIELDS: Readonly<Record<SortField, string>> = {
  name: "Name",
  action: "Action",
  errors: "ErrorCount",
  triggered: "LastTrigger",
  created: "CreatedOn",
  updated: "UpdatedOn",
  url: "URL",
};
