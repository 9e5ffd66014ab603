export * from "./config-error";
export * from "./config-schema";
export * from "./parse-config";
export * from "./redact-config";
export * from "./require-digest-channel";
export * from "./require-table-name";
export * from "./schedule";
