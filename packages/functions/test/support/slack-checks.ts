import { validateMessage } from "@nwh/core/blocks";
import { DEMO_SECRETS } from "@nwh/emulator";
import type { SlackStub } from "@nwh/slack-stub";
import { expect } from "vitest";

export { DEMO_SECRETS };

/** Checks one message against Slack's limits, for broadcast mentions, forged links and demo credentials. */
export function expectSafeMessage(message: unknown, surface: "message" | "home" = "message"): void {
  expect(validateMessage(message as { text?: string; blocks?: unknown[] }, { surface })).toEqual([]);
  expectNoLeak(message);
}

/** No broadcast, no forged link, no credential anywhere in this value. */
export function expectNoLeak(value: unknown): void {
  const json = JSON.stringify(value);
  for (const secret of DEMO_SECRETS) expect(json).not.toContain(secret);
  expect(json).not.toMatch(/<!(channel|here|everyone)/);
  expect(json).not.toMatch(/<https?:\/\/evil/);
}

/** Every message the stub captured (Web API calls and response_url posts) passes `expectSafeMessage`. */
export function expectAllSlackTrafficSafe(stub: SlackStub): void {
  for (const response of stub.responses) expectSafeMessage(response.body);
  for (const call of stub.calls) {
    if (call.method === "views.publish") expectSafeMessage(call.args.view, "home");
    else if (call.method.startsWith("chat.")) expectSafeMessage(call.args);
    else expectNoLeak(call.args);
  }
}

/** All text of a message (blocks and fallback) as one string. */
export function textOf(message: { text?: unknown; blocks?: unknown }): string {
  return `${JSON.stringify(message.blocks ?? [])}${String(message.text ?? "")}`;
}

/** Every button of a message (section accessories and actions elements). */
export function buttonsOf(message: { blocks?: unknown }): Array<{ action_id: string; value?: string }> {
  const out: Array<{ action_id: string; value?: string }> = [];
  for (const b of (message.blocks ?? []) as Array<{
    accessory?: { type: string; action_id: string; value?: string };
    elements?: unknown[];
  }>) {
    if (b.accessory?.type === "button") out.push(b.accessory);
    for (const e of (b.elements ?? []) as Array<{ type: string; action_id: string; value?: string }>)
      if (e.type === "button") out.push(e);
  }
  return out;
}
