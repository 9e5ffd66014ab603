import type { Business } from "@nwh/core/nexudus";
import { textParam } from "./query-values";
import { type FieldKinds, type SearchEnvelope, searchRecords } from "./search-records";
import { SortedViews } from "./sorted-view";

/** The business properties `orderBy` accepts. */
export const BUSINESS_FIELDS: FieldKinds = {
  Id: "int",
  Name: "text",
  SimpleTimeZoneId: "int",
  RootLocationId: "int",
  CreatedOn: "date",
  UpdatedOn: "date",
};

/** `GET /sys/businesses`: filter `Business_Name` (case-insensitive substring), sorting and paging. */
export function searchBusinesses(
  businesses: readonly Business[],
  query: URLSearchParams,
  views: SortedViews = new SortedViews(),
): SearchEnvelope<Business> {
  const name = textParam(query, "Business_Name");
  const keep = (b: Business) =>
    name === undefined || (typeof b.Name === "string" && b.Name.toLowerCase().includes(name));
  return searchRecords(businesses, query, BUSINESS_FIELDS, keep, (b) => ({ ...b }), views);
}
