export * from "./aws-checks";
export * from "./check-result";
export * from "./doctor-message";
export * from "./format-doctor-text";
export * from "./run-doctor";
export * from "./slack-checks";
