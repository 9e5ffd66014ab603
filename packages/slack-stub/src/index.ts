// Slack on loopback for tests, local mode and the bench: start it, sign requests, read posts.
export { signSlackRequest } from "./sign-slack-request";
export {
  type SlackStub,
  STUB_BOT_USER_ID,
  STUB_DEFAULT_SCOPES,
  type StoredMessage,
  type StubCall,
  type StubResponse,
  startSlackStub,
} from "./slack-stub";
export type { SocketAck } from "./socket-mode-server";
