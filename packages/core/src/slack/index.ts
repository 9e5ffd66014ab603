export * from "./limits";
export * from "./scopes";
