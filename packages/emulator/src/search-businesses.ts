import type { Business } from "@nwh/core/nexudus";
import { textParam } from "./query-values";
import { type FieldKinds, pageOf, readPaging, type SearchEnvelope } from "./search-records";

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
): SearchEnvelope<Business> {
  const paging = readPaging(query, BUSINESS_FIELDS);
  const name = textParam(query, "Business_Name");
  const matched = businesses.filter(
    (b) => name === undefined || (typeof b.Name === "string" && b.Name.toLowerCase().includes(name)),
  );
  return pageOf(matched, paging, BUSINESS_FIELDS, (b) => ({ ...b }));
}
