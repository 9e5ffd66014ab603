import type { Clock } from "@nwh/core/clock";
import {
  createNexudusClient,
  type NexudusClient,
  type NexudusClientOptions,
  type Sleep,
} from "@nwh/core/nexudus";
import { type Emulator, type EmulatorOptions, startEmulator } from "@nwh/emulator";
import { afterEach } from "vitest";
import type { NexudusLogFields } from "../../src/nexudus/client-types";

/** A fixed instant for demo data, so expectations do not depend on the day the tests run. */
export const DEMO_NOW = Date.parse("2025-06-01T08:00:00Z");

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

/** Starts an emulator that is closed after the current test. */
export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const started = await startEmulator(options);
  running.push(started);
  return started;
}

/** One request as the client sent it (test-side record; the emulator never records bodies or headers). */
export interface SentRequest {
  method: string;
  url: URL;
  body: string | undefined;
  authorization: string | undefined;
  headers: Headers;
}

/** A fetch that records what the client sends, then sends it for real; `before` runs first. */
export function recordingFetch(before?: (request: SentRequest, index: number) => void): {
  fetch: typeof fetch;
  sent: SentRequest[];
  answers: string[];
} {
  const sent: SentRequest[] = [];
  const answers: string[] = [];
  const wrapped = async (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const request: SentRequest = {
      method: init?.method ?? "GET",
      url: new URL(String(input)),
      body: typeof init?.body === "string" ? init.body : undefined,
      authorization: headers.get("authorization") ?? undefined,
      headers,
    };
    sent.push(request);
    before?.(request, sent.length - 1);
    const response = await fetch(input, init);
    answers.push(await response.clone().text());
    return response;
  };
  return { fetch: wrapped as typeof fetch, sent, answers };
}

/** A client for an emulator: no limiter, tiny waits, unless the test says otherwise. */
export function clientFor(target: Emulator, overrides: Partial<NexudusClientOptions> = {}): NexudusClient {
  return createNexudusClient({
    baseUrl: target.url,
    auth: { scheme: "bearer", ...target.credentials },
    limiter: false,
    random: () => 0.5,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
    maxRetryAfterMs: 20,
    ...overrides,
  });
}

/** `/sys` requests the emulator saw (token requests left out). */
export function sysRequests(target: Emulator) {
  return target.requests.filter((r) => r.path.startsWith("/api/sys/"));
}

/** A logger that keeps every line and its fields. */
export function collectingLogger() {
  const lines: Array<{ level: "debug" | "warn"; message: string; fields: NexudusLogFields }> = [];
  return {
    lines,
    logger: {
      debug: (message: string, fields: NexudusLogFields) => lines.push({ level: "debug", message, fields }),
      warn: (message: string, fields: NexudusLogFields) => lines.push({ level: "warn", message, fields }),
    },
  };
}

/**
 * Virtual time shared by a client and an emulator: sleeping advances the clock at once, after one turn of
 * the event loop (so that callers the limiter just let go act at the time they were let go). With
 * `arrivals`, for requests in flight together, a sleep also waits until every request sent has reached the
 * emulator, so that each arrival is stamped with the virtual time it was sent at.
 */
export function virtualTime(
  start: number,
  arrivals?: { target: () => Emulator; sent: () => number },
): { clock: Clock; sleep: Sleep; slept: number[] } {
  let now = start;
  const slept: number[] = [];
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return {
    clock: { now: () => now },
    slept,
    sleep: async (ms, signal) => {
      await turn();
      for (
        let turns = 0;
        arrivals && arrivals.target().requests.length < arrivals.sent() && turns < 10_000;
        turns++
      )
        await turn();
      if (signal?.aborted) throw signal.reason;
      slept.push(ms);
      now += Math.max(0, ms);
    },
  };
}

/** Captures the rejection of a promise (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("expected a rejection, but the promise resolved");
}
