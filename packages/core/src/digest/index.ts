// The daily digest, for the digest function and local mode: run it per channel or subscription.
export { DIGEST_EVENT_TYPE } from "./build-digest-messages";
export { DigestError } from "./digest-error";
export type { SlackMessageMetadata } from "./digest-slack-port";
export { nexudusDigestSource } from "./digest-source";
export { type DigestDeps, type DigestRunResult, runDigest } from "./run-digest";
export { type DigestBatchResult, runDigests } from "./run-digests";
