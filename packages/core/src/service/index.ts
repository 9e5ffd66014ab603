export * from "./execute-action";
export * from "./execute-command";
export * from "./home-view";
export * from "./load-overview";
export * from "./load-results";
export * from "./locations-cache";
export * from "./messages";
export * from "./service-types";
