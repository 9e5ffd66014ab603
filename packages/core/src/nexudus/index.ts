export * from "./actions";
export * from "./client-types";
export * from "./errors";
export * from "./schemas";
