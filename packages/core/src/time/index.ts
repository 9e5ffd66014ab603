export * from "./deadline";
export * from "./timing";
export { addDays, formatUtcMinute, formatWallDate, wallTimeAt, zonedTimeToUtc } from "./zoned-time";
