export * from "./actions";
export * from "./client-types";
export { createNexudusClient } from "./create-nexudus-client";
export * from "./errors";
export { describeIssues } from "./schema-issues";
export * from "./schemas";
