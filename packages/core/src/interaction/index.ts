export * from "./access-policy";
export * from "./answer-times";
export * from "./authorize";
export * from "./decode-interaction";
export * from "./interaction";
export * from "./interaction-pipeline";
export * from "./ports";
export * from "./run-request";
