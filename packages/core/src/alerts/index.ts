export * from "./alert-router";
