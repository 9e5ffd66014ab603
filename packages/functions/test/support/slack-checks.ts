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

/** Every message the stub captured (Web API calls and response_url posts) passes `expectSafeMessage`. */
export function expectAllSlackTrafficSafe(stub: SlackStub): void {
  for (const response of stub.responses) expectSafe(response.body);
  for (const call of stub.calls) {
    if (call.method === "views.publish") expectSafe(call.args.view, "home");
    else if (call.method.startsWith("chat.")) expectSafe(call.args);
    else expectNoLeak(call.args);
  }
}
