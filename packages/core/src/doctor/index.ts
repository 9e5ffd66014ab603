export * from "./aws-checks";
export * from "./check-result";
export * from "./doctor-message";
export * from "./exchange-recorder";
export * from "./format-doctor-text";
export * from "./nexudus-checks";
export * from "./run-doctor";
export * from "./slack-checks";
