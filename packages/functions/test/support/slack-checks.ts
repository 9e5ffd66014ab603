import type { SlackStub } from "@nwh/slack-stub";
import { expectNoLeak, expectSafe } from "../../../core/test/service/support";

// One definition of a safe message for the core and the functions suites: core's service-test checks.
export {
  buttonsOf,
  DEMO_SECRETS,
  expectNoLeak,
  expectSafe as expectSafeMessage,
  textOf,
} from "../../../core/test/service/support";

/**
 * Every message the stub captured (Web API calls and response_url posts) passes `expectSafeMessage`; the
 * only mentions allowed are the user groups in `mentions` (an alert's `ALERT_MENTION`).
 */
export function expectAllSlackTrafficSafe(stub: SlackStub, mentions: readonly string[] = []): void {
  for (const response of stub.responses) expectSafe(response.body);
  for (const call of stub.calls) {
    if (call.method === "views.publish") expectSafe(call.args.view, "home");
    // chat.delete carries no message, only what it deletes.
    else if (call.method.startsWith("chat.") && call.method !== "chat.delete")
      expectSafe(call.args, "message", mentions);
    else expectNoLeak(call.args);
  }
}

/**
 * A Pause/Resume is carried out by the worker: the click is first answered "Pausing…" (replacing the
 * ephemeral message it was on), then the worker's answer replaces that. Checks the interim answer and
 * returns the posts after it.
 */
// biome-ignore lint/suspicious/noExplicitAny: Slack message JSON
export function afterInterim(posts: any[], verb: "Pausing" | "Resuming" = "Pausing"): any[] {
  const [interim, ...rest] = posts;
  if (!interim || !String(interim.text).includes(`${verb} webhook`))
    throw new Error(`expected the interim "${verb}…" answer first, got ${JSON.stringify(interim)}`);
  return rest;
}
