export * from "./sign-slack-request";
export * from "./slack-stub";
export type { SocketAck, SocketEnvelopeType } from "./socket-mode-server";
