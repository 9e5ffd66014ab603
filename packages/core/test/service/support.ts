import { queryErrorMessage, type Viewer, validateMessage } from "@nwh/core/blocks";
import type { Clock } from "@nwh/core/clock";
import { createNexudusClient, type NexudusClientOptions } from "@nwh/core/nexudus";
import { parseCommand } from "@nwh/core/query";
import { createLocationsCache, type ServiceDeps } from "@nwh/core/service";
import { type Account, DEMO_SECRETS, type Emulator, startEmulator } from "@nwh/emulator";
import { expect } from "vitest";
import { type Click, type ClickOutcome, runClick } from "../../src/service/execute-action";
import { runCommand } from "../../src/service/execute-command";
import { failureMessage } from "../../src/service/messages";
import type { ExecuteOptions } from "../../src/service/service-types";
import { memoryLeases } from "../support/memory-store";

export { DEMO_SECRETS };

export const USER: Viewer = { userId: "U0USER0001", isAdmin: false };
export const ADMIN: Viewer = { userId: "U0ADMIN001", isAdmin: true };

/** A settable clock. */
export function manualClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A fresh emulator (demo data unless given) and the service's deps on a real client over loopback. */
export async function startService(
  options: {
    account?: Account;
    clock?: Clock;
    latencyMs?: number;
    fetch?: typeof fetch;
    /** Client options that replace the defaults below (e.g. a limiter on a test's own clock). */
    client?: Partial<NexudusClientOptions>;
  } = {},
): Promise<{ emu: Emulator; deps: ServiceDeps; close(): Promise<void> }> {
  const emu = await startEmulator({
    rateLimit: false,
    ...(options.account ? { account: options.account } : {}),
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
  });
  const client = createNexudusClient({
    baseUrl: emu.url,
    auth: { scheme: "bearer", ...emu.credentials },
    limiter: false,
    maxAttempts: 2,
    backoffBaseMs: 1,
    backoffMaxMs: 5,
    requestTimeoutMs: 2000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...options.client,
  });
  const clock = options.clock ?? { now: () => Date.now() };
  const deps: ServiceDeps = {
    client,
    clock,
    config: { timeZone: "UTC", minErrors: 1 },
    locations: createLocationsCache({ client, clock }),
    leases: memoryLeases(clock),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  return { emu, deps, close: () => emu.close() };
}

/** Every message must pass the validator (for its surface) and leak nothing (see `expectNoLeak`). */
export function expectSafe(
  message: unknown,
  surface: "message" | "home" = "message",
  mentions: readonly string[] = [],
): void {
  expect(validateMessage(message as { text?: string; blocks?: unknown[] }, { surface, mentions })).toEqual(
    [],
  );
  expectNoLeak(message);
}

/** No broadcast mention, no forged link and no demo credential anywhere in this value. */
export function expectNoLeak(value: unknown): void {
  const json = JSON.stringify(value);
  for (const secret of DEMO_SECRETS) expect(json).not.toContain(secret);
  expect(json).not.toMatch(/<!(channel|here|everyone)/);
  expect(json).not.toMatch(/<https?:\/\/evil/);
}

/** All text of a message, for "does it say X" assertions. */
export function textOf(message: { text?: unknown; blocks?: unknown }): string {
  return `${JSON.stringify(message.blocks ?? [])}${String(message.text ?? "")}`;
}

/** Requests to a Nexudus path (without the /api prefix), e.g. `/sys/webhooks`. */
export function requestsTo(emu: Emulator, path: string, method = "GET") {
  return emu.requests.filter((r) => r.path === `/api${path}` && r.method === method);
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

/**
 * What a user sees for a typed text, as the interaction pipeline answers it: a mistake's message, the
 * command's answer, or what failed (the service throws Nexudus failures; the pipeline explains them).
 */
export async function answerText(
  text: string,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<{ text: string; blocks: unknown[] }> {
  const parsed = parseCommand(text);
  if (!parsed.ok) return queryErrorMessage(parsed.errors);
  try {
    return await runCommand(parsed.command, deps, options);
  } catch (error) {
    return failureMessage(error);
  }
}

/** A click's outcome as the pipeline answers it: a thrown failure becomes a `failed` message. */
export async function answerClick(
  click: Click,
  deps: ServiceDeps,
  options: ExecuteOptions,
): Promise<ClickOutcome> {
  try {
    return await runClick(click, deps, options);
  } catch (error) {
    return { message: failureMessage(error), failed: true };
  }
}

/**
 * The blocks of a message as plain JSON, for assertions that reach into any block's fields (builders type
 * them as `KnownBlock`; a test reads them as Slack will).
 */
// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON read by tests
export function blocksOf(message: { blocks?: unknown }): any[] {
  // biome-ignore lint/suspicious/noExplicitAny: see above
  return (message.blocks ?? []) as any[];
}
