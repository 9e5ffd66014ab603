export * from "./bound-untrusted";
export * from "./escape-mrkdwn";
export * from "./redact";
export * from "./truncate";
export * from "./visible-text";
