import type { Emulator } from "@nwh/emulator";
import { describe, expect, it } from "vitest";
import { basic, get, postToken, put, start } from "./helpers";

function search(emulator: Emulator): Promise<Response> {
  return fetch(`${emulator.url}/sys/webhooks`, {
    headers: { authorization: basic(emulator.credentials.username, emulator.credentials.password) },
  });
}

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("fault injection", () => {
  it.each([
    [409, "1"],
    [429, "1"],
  ] as const)("answers %s with Retry-After", async (kind, retryAfter) => {
    const emulator = await start();
    emulator.faults.sequence([kind]);
    const res = await search(emulator);
    expect(res.status).toBe(kind);
    expect(res.headers.get("retry-after")).toBe(retryAfter);
    expect(emulator.requests.at(-1)?.status).toBe(kind);
  });

  it("afterWrite: reads pass until a write is made; the requests after it get the faults, then all is normal", async () => {
    const emulator = await start();
    const id = emulator.account.webhooks[0]!.Id;
    emulator.faults.afterWrite([500, 409]);

    const before = await get(emulator, `/sys/webhooks/${id}`);
    const written = await put(emulator, { ...before.body, Active: !before.body.Active });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(emulator, `/sys/webhooks/${id}`)).status);

    expect([before.status, written.status]).toEqual([200, 200]);
    expect(emulator.account.webhooks[0]!.Active).toBe(!before.body.Active);
    expect(statuses).toEqual([500, 409, 200]);
  });

  it("answers 500 with Nexudus's error body", async () => {
    const emulator = await start();
    emulator.faults.sequence([500]);
    const res = await search(emulator);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ Message: "An error has occurred." });
  });

  it("answers 502 as HTML and 503 as text, as a gateway would", async () => {
    const emulator = await start();
    emulator.faults.sequence([502, 503]);
    const bad = await search(emulator);
    const unavailable = await search(emulator);
    expect(bad.status).toBe(502);
    expect(bad.headers.get("content-type")).toContain("text/html");
    expect(await bad.text()).toContain("<html>");
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("content-type")).toContain("text/plain");
    expect(await unavailable.text()).toBe("Service Unavailable");
  });

  it("answers 200 with broken JSON for malformed", async () => {
    const emulator = await start();
    emulator.faults.sequence(["malformed"]);
    const res = await search(emulator);
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });

  it("drops the connection without an answer", async () => {
    const emulator = await start();
    emulator.faults.sequence(["drop"]);
    await expect(search(emulator)).rejects.toThrow();
    expect(emulator.requests.at(-1)?.status).toBe(0);
  });

  it("never answers a timeout, and close() ends the hanging request promptly", async () => {
    const emulator = await start();
    emulator.faults.sequence(["timeout"]);
    const pending = search(emulator);
    await until(() => emulator.requests[0]);
    await emulator.close();
    await expect(pending).rejects.toThrow();
    expect(emulator.requests[0]?.status).toBe(0);
  });

  it("plays a sequence in order, then answers normally; token requests are not faulted", async () => {
    const emulator = await start();
    emulator.faults.sequence([503, 500]);
    const token = await postToken(emulator, { grant_type: "password", ...emulator.credentials });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await search(emulator)).status);
    expect(token.status).toBe(200);
    expect(statuses).toEqual([503, 500, 200]);
  });

  it("draws fractions from a seed, so the same seed gives the same pattern", async () => {
    const patterns: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const emulator = await start({ faultSeed: 7 });
      emulator.faults.fraction(0.5, 500);
      const statuses = [];
      for (let i = 0; i < 20; i++) statuses.push((await search(emulator)).status);
      patterns.push(statuses);
    }
    expect(patterns[0]).toEqual(patterns[1]);
    expect(patterns[0]).toContain(500);
    expect(patterns[0]).toContain(200);
  });

  it("adds latency before answering", async () => {
    const emulator = await start();
    emulator.faults.setLatency(60);
    const started = performance.now();
    const answer = await get(emulator, "/sys/businesses");
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("reset() clears sequences and fractions", async () => {
    const emulator = await start();
    emulator.faults.sequence([500, 500]);
    emulator.faults.fraction(1, 503);
    emulator.faults.reset();
    expect((await search(emulator)).status).toBe(200);
  });

  it("rejects an unknown fault kind", async () => {
    const emulator = await start();
    expect(() => emulator.faults.sequence([418 as never])).toThrow(TypeError);
    expect(() => emulator.faults.fraction(2, 500)).toThrow(RangeError);
  });
});
