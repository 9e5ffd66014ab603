import { PUBLISHED_LIMITS } from "@nwh/emulator";
import { describe, expect, it } from "vitest";
import { clientFor, emulator, sysRequests, virtualTime } from "./support";

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe("client-side limiter", () => {
  it("never draws a 409 from the published limits, sequential or concurrent, with ≥ 100 ms between requests", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: true });
    const client = clientFor(nexudus, { limiter: { minIntervalMs: 100, perMinute: 120 } });

    // Act
    for (const page of ["1", "2", "3"]) await client.searchWebhooks({ page, size: "5" });
    await Promise.all(["4", "5", "6", "7"].map((page) => client.searchWebhooks({ page, size: "5" })));

    // Assess
    const sys = sysRequests(nexudus);
    expect(sys).toHaveLength(7);
    expect(sys.map((r) => r.status)).toEqual(Array(7).fill(200));
    const all = nexudus.requests.map((r) => r.at);
    for (const gap of gaps(all)) expect(gap).toBeGreaterThanOrEqual(PUBLISHED_LIMITS.minIntervalMs);
  });

  it("is what keeps the 409s away: without it the emulator throttles (and the client recovers)", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: true });
    const client = clientFor(nexudus, { limiter: false, maxRetryAfterMs: 120, maxAttempts: 6 });

    // Act
    await Promise.all(["1", "2", "3"].map((page) => client.searchWebhooks({ page, size: "5" })));

    // Assess
    const statuses = sysRequests(nexudus).map((r) => r.status);
    expect(statuses).toContain(409);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
  });

  it("keeps to a shrunk per-minute quota over a rolling window, waiting instead of sending", async () => {
    // Prepare
    const time = virtualTime(Date.parse("2025-06-01T08:00:00Z"));
    const nexudus = await emulator({ rateLimit: { minIntervalMs: 100, perMinute: 5 }, now: time.clock.now });
    const client = clientFor(nexudus, {
      clock: time.clock,
      sleep: time.sleep,
      limiter: { minIntervalMs: 100, perMinute: 5 },
    });

    // Act
    for (let page = 1; page <= 12; page++) await client.searchWebhooks({ page: String(page), size: "2" });

    // Assess
    const sys = sysRequests(nexudus);
    expect(sys.map((r) => r.status)).toEqual(Array(12).fill(200));
    const times = nexudus.requests.map((r) => r.at);
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(100);
    for (const [i, t] of times.entries()) {
      const inWindow = times.filter((u) => u > t - 60_000 && u <= t);
      expect(inWindow.length, `window ending at request ${i}`).toBeLessThanOrEqual(5);
    }
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(120_000);
    expect(Math.max(...time.slept)).toBeGreaterThan(50_000);
  });

  it("spaces requests by a shrunk emulator interval when told to", async () => {
    // Prepare
    const time = virtualTime(Date.parse("2025-06-01T08:00:00Z"));
    const nexudus = await emulator({
      rateLimit: { minIntervalMs: 2000, perMinute: 120 },
      now: time.clock.now,
    });
    const client = clientFor(nexudus, {
      clock: time.clock,
      sleep: time.sleep,
      auth: { scheme: "basic", ...nexudus.credentials },
      limiter: { minIntervalMs: 2000, perMinute: 120 },
    });

    // Act
    await client.listAllBusinesses();
    await client.searchAllWebhooks({}, { pageSize: 10 });

    // Assess
    const times = sysRequests(nexudus).map((r) => r.at);
    expect(times).toHaveLength(1 + Math.ceil(nexudus.account.webhooks.length / 10));
    expect(sysRequests(nexudus).every((r) => r.status === 200)).toBe(true);
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(2000);
  });
});
