import { startEmulator } from "@nwh/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { checkNexudus, recordExchanges } from "../../src/doctor";
import { createNexudusClient } from "../../src/nexudus";

/*
 * The rate-limit finding names another client only on evidence: here a second client of the same Nexudus
 * user really spends the emulator's minute first, so the check's first request is refused with a long
 * Retry-After. (One retried 409 on the spacing is the local doctor's test: it says timing, not a crowd.)
 */

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("the rate-limit finding", () => {
  it("warns of another client when the minute's cap is already spent before the check's first request", async () => {
    // Prepare: a minute of 3 requests (no spacing), all of them used by someone else with the same user.
    const emulator = await startEmulator({ rateLimit: { perMinute: 3, minIntervalMs: 0 } });
    close = () => emulator.close();
    const { username, password } = emulator.credentials;
    const basic = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    for (let i = 0; i < 3; i++) {
      const answer = await fetch(`${emulator.url}/sys/businesses?size=1`, {
        headers: { authorization: basic },
      });
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
    }
    const recorder = recordExchanges(fetch, Date.now);
    const client = createNexudusClient({
      baseUrl: emulator.url,
      auth: { scheme: "basic", username, password },
      fetch: recorder.fetch,
      maxAttempts: 2,
      // The retry comes at once rather than a minute later: the finding is what is tested.
      maxRetryAfterMs: 1,
    });

    // Act
    const results = await checkNexudus({
      client,
      exchanges: recorder.exchanges,
      clock: { now: Date.now },
      inputs: {
        host: "emulator",
        scheme: "basic",
        totpConfigured: false,
        dates: "utc",
        write: false,
        adminsConfigured: false,
      },
    });

    // Assess
    const rate = results.find((r) => r.id === "nexudus.rate-limit");
    expect(rate).toMatchObject({ status: "warn" });
    expect(rate!.finding).toMatch(
      /^Nexudus throttled \d+ of \d+ requests \(Retry-After (\d{2}) s\): before any other request of this check$/,
    );
    expect(rate!.fix).toMatch(
      /the bot's own functions while they run .* give the bot a Nexudus user of its own/,
    );
  });
});
