// Escaping and redaction of untrusted text and secrets, shared by the digest, watch and logger.
export { escapeMrkdwn } from "./escape-mrkdwn";
export { hostOf, isSecretParamName, REDACTED, redactSecrets, redactUrl } from "./redact";
export { oneLine, truncate } from "./truncate";
