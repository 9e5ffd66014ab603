import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createNexudusClient,
  NexudusHttpError,
  NexudusNetworkError,
  NexudusThrottleError,
  NexudusTimeoutError,
} from "@nwh/core/nexudus";
import type { FaultKind } from "@nwh/emulator";
import { describe, expect, it } from "vitest";
import { NexudusAbortedError, NexudusSchemaError } from "../../src/nexudus/errors";
import { testClock } from "../support/test-clock";
import { until } from "../support/until";
import { clientFor, collectingLogger, emulator, rejectionOf, sysRequests } from "./support";

describe("retries", () => {
  const recoverable: Array<[string, FaultKind[]]> = [
    ["409 with Retry-After", [409]],
    ["429", [429, 429]],
    ["a run of 500, 502, 503", [500, 502, 503]],
    ["malformed JSON on a 200", ["malformed"]],
    ["a dropped connection", ["drop", "drop"]],
  ];
  for (const [label, faults] of recoverable) {
    it(`recovers from ${label}`, async () => {
      // Prepare
      const nexudus = await emulator({ rateLimit: false });
      const client = clientFor(nexudus);
      nexudus.faults.sequence(faults);

      // Act
      const page = await client.searchWebhooks({ size: "5" });

      // Assess
      expect(page.Records).toHaveLength(5);
      const statuses = sysRequests(nexudus).map((r) => r.status);
      expect(statuses).toHaveLength(faults.length + 1);
      expect(statuses.at(-1)).toBe(200);
    });
  }

  const exhausting: Array<[string, FaultKind, new (...args: never[]) => Error, Record<string, unknown>]> = [
    ["409", 409, NexudusThrottleError, { attempts: 4, retryAfterSeconds: 1 }],
    ["429", 429, NexudusThrottleError, { attempts: 4 }],
    ["503", 503, NexudusHttpError, { status: 503, attempts: 4 }],
    ["500", 500, NexudusHttpError, { status: 500, attempts: 4 }],
    ["malformed JSON", "malformed", NexudusSchemaError, {}],
    ["dropped connections", "drop", NexudusNetworkError, { attempts: 4 }],
  ];
  for (const [label, fault, type, fields] of exhausting) {
    it(`gives up after 4 attempts of ${label} with a typed error`, async () => {
      // Prepare
      const nexudus = await emulator({ rateLimit: false });
      const client = clientFor(nexudus);
      nexudus.faults.sequence([fault, fault, fault, fault, fault]);

      // Act
      const error = await rejectionOf(client.searchWebhooks({}));

      // Assess
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject(fields);
      expect(sysRequests(nexudus)).toHaveLength(4);
      expect((error as { userMessage?: string }).userMessage).toMatch(/\S/);
    });
  }

  it("keeps Nexudus's 500 message in the error", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus, { maxAttempts: 1 });
    nexudus.faults.sequence([500]);

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));

    // Assess
    expect(error.message).toContain("An error has occurred.");
  });

  it("honours Retry-After up to maxRetryAfterMs, and logs the wait", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const { lines, logger } = collectingLogger();
    const waits: number[] = [];
    const client = clientFor(nexudus, {
      maxRetryAfterMs: 30,
      logger,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    nexudus.faults.sequence([409, 503]);

    // Act
    await client.searchWebhooks({});

    // Assess
    expect(waits[0]).toBe(30); // Retry-After: 1 s, capped
    expect(waits[1]).toBeLessThanOrEqual(10); // backoff: full jitter of 2 × 5 ms
    const retries = lines.filter((l) => l.level === "warn");
    expect(retries.map((l) => l.fields)).toEqual([
      { method: "GET", path: "/sys/webhooks", attempt: 1, status: 409, waitMs: 30 },
      { method: "GET", path: "/sys/webhooks", attempt: 2, status: 503, waitMs: waits[1] },
    ]);
  });

  it("backs off exponentially with full jitter", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const waits: number[] = [];
    const client = clientFor(nexudus, {
      backoffBaseMs: 100,
      backoffMaxMs: 300,
      maxAttempts: 5,
      random: () => 0.99,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    nexudus.faults.sequence([502, 502, 502, 502]);

    // Act
    await client.searchWebhooks({});

    // Assess
    expect(waits).toEqual([99, 198, 297, 297]);
  });

  it("does not retry a 4xx", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus);

    // Act
    const error = await rejectionOf(client.searchWebhooks({ orderBy: "Nope" }));

    // Assess
    expect((error as NexudusHttpError).status).toBe(400);
    expect(sysRequests(nexudus)).toHaveLength(1);
  });
});

describe("time budgets", () => {
  it("times out a request that never answers, retries, then throws NexudusTimeoutError", async () => {
    // Prepare: the client's timers on a clock that stands still, so the sign-in is never what times out.
    const nexudus = await emulator({ rateLimit: false });
    const clock = testClock();
    const client = clientFor(nexudus, { requestTimeoutMs: 100, maxAttempts: 2, clock });
    nexudus.faults.sequence(["timeout", "timeout"]);

    // Act: each attempt times out once Nexudus holds it.
    const pending = rejectionOf(client.searchWebhooks({}));
    for (const held of [1, 2]) {
      await until(() => sysRequests(nexudus).length === held);
      clock.advance(100);
    }
    const error = await pending;

    // Assess
    expect(error).toBeInstanceOf(NexudusTimeoutError);
    expect((error as NexudusTimeoutError).budgetMs).toBe(100);
    expect(sysRequests(nexudus)).toHaveLength(2);
  });

  it("recovers when only the first request hangs", async () => {
    // Prepare: the client's timers on a clock that stands still, so the retry has all the time it needs.
    const nexudus = await emulator({ rateLimit: false });
    const clock = testClock();
    const client = clientFor(nexudus, { requestTimeoutMs: 100, clock });
    nexudus.faults.sequence(["timeout"]);

    // Act: the request timeout ends the first request once Nexudus holds it.
    const pending = client.searchWebhooks({});
    await until(() => sysRequests(nexudus).length === 1);
    clock.advance(100);
    const page = await pending;

    // Assess
    expect(page.Records.length).toBeGreaterThan(0);
    expect(sysRequests(nexudus).map((r) => r.status)).toEqual([0, 200]);
  });

  it("stops a hanging request at the call's deadline, well before the request timeout", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const clock = testClock();
    const client = clientFor(nexudus, { requestTimeoutMs: 10_000, clock });
    await client.searchWebhooks({ size: "1" }); // token fetched outside the budget
    nexudus.faults.sequence(["timeout"]);

    // Act: the clock reaches the deadline while Nexudus holds the request.
    const pending = rejectionOf(client.searchWebhooks({}, { deadline: clock.now() + 250 }));
    await until(() => sysRequests(nexudus).length === 2);
    clock.advance(250);
    const error = await pending;

    // Assess
    expect(error).toBeInstanceOf(NexudusTimeoutError);
    expect((error as NexudusTimeoutError).budgetMs).toBe(250);
    expect(sysRequests(nexudus)).toHaveLength(2);
  });

  it("fails at once with NexudusThrottleError when Retry-After would pass the deadline", async () => {
    // Prepare: a clock that stands still, so the 409 comes back with all of the 500 ms left.
    const nexudus = await emulator({ rateLimit: false });
    const clock = testClock();
    const slept: number[] = [];
    const client = clientFor(nexudus, {
      clock,
      maxRetryAfterMs: 10_000,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    nexudus.faults.sequence([409]);

    // Act
    const error = await rejectionOf(client.searchWebhooks({}, { deadline: clock.now() + 500 }));

    // Assess
    expect(error).toBeInstanceOf(NexudusThrottleError);
    expect(error).toMatchObject({ retryAfterSeconds: 1, attempts: 1 });
    expect(slept).toEqual([]);
    expect(sysRequests(nexudus)).toHaveLength(1);
  });

  it("waits out Retry-After when the deadline leaves room", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus, { maxRetryAfterMs: 50 });
    nexudus.faults.sequence([409]);

    // Act
    const page = await client.searchWebhooks({}, { deadline: Date.now() + 5000 });

    // Assess
    expect(page.Records.length).toBeGreaterThan(0);
  });

  it("does not send when the limiter's next slot is past the deadline", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus, {
      auth: { scheme: "basic", ...nexudus.credentials },
      limiter: { minIntervalMs: 5000, perMinute: 120 },
    });
    await client.searchWebhooks({ size: "1" });

    // Act
    const error = await rejectionOf(client.searchWebhooks({}, { deadline: Date.now() + 200 }));

    // Assess
    expect(error).toBeInstanceOf(NexudusTimeoutError);
    expect(sysRequests(nexudus)).toHaveLength(1);
  });

  it("throws NexudusTimeoutError at once for a deadline already past", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus, { auth: { scheme: "basic", ...nexudus.credentials } });

    // Act
    const error = await rejectionOf(client.searchWebhooks({}, { deadline: Date.now() - 1 }));

    // Assess
    expect(error).toBeInstanceOf(NexudusTimeoutError);
    expect(nexudus.requests).toHaveLength(0);
  });

  it("bounds the token request by the deadline too", async () => {
    // Prepare: Nexudus holds every request for a minute.
    const nexudus = await emulator({ rateLimit: false, latencyMs: 60_000 });
    const clock = testClock();
    const client = clientFor(nexudus, { clock });

    // Act: the clock reaches the deadline while the token request is held.
    const pending = rejectionOf(client.searchWebhooks({}, { deadline: clock.now() + 200 }));
    await until(() => nexudus.requests.length === 1);
    clock.advance(200);
    const error = await pending;

    // Assess
    expect(error).toBeInstanceOf(NexudusTimeoutError);
    expect((error as NexudusTimeoutError).path).toBe("/token");
  });

  it("stops when the caller aborts", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus, { requestTimeoutMs: 10_000 });
    await client.searchWebhooks({ size: "1" });
    nexudus.faults.sequence(["timeout"]);
    const controller = new AbortController();

    // Act: the caller gives up while Nexudus holds the request.
    const pending = client.searchWebhooks({}, { signal: controller.signal });
    await until(() => sysRequests(nexudus).length === 2);
    controller.abort();
    const error = await rejectionOf(pending);

    // Assess
    expect(error).toBeInstanceOf(NexudusAbortedError);
  });
});

describe("network", () => {
  it("reports a refused connection as NexudusNetworkError with a sanitised cause", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const url = nexudus.url;
    await nexudus.close();
    const client = clientFor(nexudus, { auth: { scheme: "basic", ...nexudus.credentials }, maxAttempts: 2 });

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));

    // Assess
    expect(error).toBeInstanceOf(NexudusNetworkError);
    expect((error as NexudusNetworkError).attempts).toBe(2);
    expect(String((error.cause as Error).message)).toContain("ECONNREFUSED");
    expect(url).toContain("127.0.0.1");
  });
});

describe("redirects", () => {
  it("does not follow a 3xx: it is told as an address to fix, naming only where it points", async () => {
    // Prepare: an API address that answers with a redirect elsewhere (a Location with a secret in it).
    const elsewhere: string[] = [];
    const server = createServer((req, res) => {
      elsewhere.push(req.url ?? "");
      res.writeHead(301, { Location: "https://elsewhere.example/api/sys/webhooks?access_token=s3cret" });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    const client = createNexudusClient({
      baseUrl,
      auth: { scheme: "basic", username: "u@example.com", password: "p" },
      limiter: false,
    });

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));
    await new Promise<void>((resolve) => server.close(() => resolve()));

    // Assess
    expect(error).toBeInstanceOf(NexudusHttpError);
    expect(error).toMatchObject({ status: 301, attempts: 1 });
    expect(error.message).toContain("moved to https://elsewhere.example");
    expect(error.message).not.toContain("s3cret");
    expect((error as NexudusHttpError).userMessage).toContain("NEXUDUS_BASE_URL");
    expect(elsewhere).toHaveLength(1);
  });
});
