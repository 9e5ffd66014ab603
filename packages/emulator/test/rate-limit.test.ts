import { describe, expect, it } from "vitest";
import { basic, get, hook, NOW, postToken, put, start } from "./helpers";

describe("rate limits", () => {
  it("refuses a second request within minIntervalMs with 409 and Retry-After, then lets it through", async () => {
    let now = NOW;
    const emulator = await start({ rateLimit: { minIntervalMs: 100 }, now: () => now });
    const first = await get(emulator, "/sys/webhooks");
    now += 50;
    const tooSoon = await get(emulator, "/sys/webhooks");
    now += 50;
    const later = await get(emulator, "/sys/webhooks");
    expect(first.status).toBe(200);
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.headers.get("retry-after")).toBe("1");
    // As Nexudus: an empty body, the reason only in the status line.
    expect(tooSoon.body).toBeUndefined();
    expect(later.status).toBe(200);
    expect(emulator.requests.map((r) => r.status)).toEqual([200, 409, 200]);
  });

  it("refuses past perMinute with a Retry-After counting to when the oldest request leaves the window", async () => {
    let now = NOW;
    const emulator = await start({ rateLimit: { minIntervalMs: 0, perMinute: 3 }, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect((await get(emulator, "/sys/businesses")).status).toBe(200);
      now += 10_000;
    }
    const refused = await get(emulator, "/sys/businesses");
    now += 30_000;
    const allowed = await get(emulator, "/sys/businesses");
    expect(refused.status).toBe(409);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(allowed.status).toBe(200);
  });

  it("applies perHour and perDay windows", async () => {
    let now = NOW;
    const emulator = await start({
      rateLimit: { minIntervalMs: 0, perMinute: 100, perHour: 2, perDay: 3 },
      now: () => now,
    });
    const statuses: number[] = [];
    for (const step of [0, 60_000, 60_000, 3_600_000, 3_600_000]) {
      now += step;
      statuses.push((await get(emulator, "/sys/businesses")).status);
    }
    // 2 per hour: the third (2 min in) is refused; an hour later the window has room, but the day allows 3.
    expect(statuses).toEqual([200, 200, 409, 200, 409]);
  });

  it("limits writes separately (writesPerMinute)", async () => {
    let now = NOW;
    const emulator = await start({
      account: { businesses: [], webhooks: [hook(1)] },
      rateLimit: { minIntervalMs: 0, perMinute: 100, writesPerMinute: 1 },
      now: () => now,
    });
    const firstWrite = await put(emulator, hook(1));
    now += 1_000;
    const secondWrite = await put(emulator, hook(1));
    const read = await get(emulator, "/sys/webhooks/1");
    expect(firstWrite.status).toBe(200);
    expect(secondWrite.status).toBe(409);
    expect(read.status).toBe(200);
  });

  it("caps writes per day (writesPerDay), reads still pass", async () => {
    let now = NOW;
    const emulator = await start({
      account: { businesses: [], webhooks: [hook(1)] },
      rateLimit: { minIntervalMs: 0, perMinute: 100, writesPerMinute: 100, writesPerDay: 2 },
      now: () => now,
    });
    const statuses: number[] = [];
    for (const step of [0, 120_000, 120_000, 86_400_000]) {
      now += step;
      statuses.push((await put(emulator, hook(1))).status);
    }
    expect(statuses).toEqual([200, 200, 409, 200]);
    expect((await get(emulator, "/sys/webhooks/1")).status).toBe(200);
  });

  it("counts a request at its arrival, before its own handling", async () => {
    let now = NOW;
    const emulator = await start({ rateLimit: { minIntervalMs: 100 }, now: () => now, latencyMs: 0 });
    await get(emulator, "/sys/webhooks");
    now += 100;
    const next = await get(emulator, "/sys/webhooks");
    expect(next.status).toBe(200);
    expect(emulator.requests.map((r) => r.at)).toEqual([NOW, NOW + 100]);
  });

  it("counts per authenticated user and never limits token requests", async () => {
    const emulator = await start({ rateLimit: { minIntervalMs: 60_000 } });
    const tokens = [];
    for (let i = 0; i < 3; i++)
      tokens.push((await postToken(emulator, { grant_type: "password", ...emulator.credentials })).status);
    const first = await get(emulator, "/sys/webhooks");
    const unauthenticated = await get(emulator, "/sys/webhooks", basic("x", "y"));
    const second = await get(emulator, "/sys/webhooks");
    expect(tokens).toEqual([200, 200, 200]);
    expect(first.status).toBe(200);
    expect(unauthenticated.status).toBe(401);
    expect(second.status).toBe(409);
    expect(Number(second.headers.get("retry-after"))).toBe(60);
  });

  it("is on by default with the published limits and off with rateLimit: false", async () => {
    const limited = await start({ rateLimit: true });
    const open = await start({ rateLimit: false });
    const limitedStatuses = [
      (await get(limited, "/sys/webhooks")).status,
      (await get(limited, "/sys/webhooks")).status,
    ];
    const openStatuses = [
      (await get(open, "/sys/webhooks")).status,
      (await get(open, "/sys/webhooks")).status,
    ];
    expect(limitedStatuses).toEqual([200, 409]);
    expect(openStatuses).toEqual([200, 200]);
  });
});
