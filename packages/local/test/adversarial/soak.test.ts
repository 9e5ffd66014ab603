import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSoak } from "../../../../bench/soak-bench";
import { CANARY } from "../../../functions/test/adversarial/support/canaries";
import { watchForLeaks } from "../../../functions/test/adversarial/support/leak-watch";

/*
 * The soak, reduced for `npm test`: 200 signed commands over HTTP through local mode (the real slack handler,
 * the in-process worker, the embedded Slack stub) against an emulator, 8 in flight, with canary secrets and
 * every log line captured. No timing or memory assertion here: the full soak (2,000 commands, RSS) is
 * `bench/soak-bench.ts`.
 */

const watch = watchForLeaks();
const saved = process.env.POWERTOOLS_LOG_LEVEL;
beforeAll(() => {
  // Read when local mode loads the handlers: every line they can write is written, and scanned.
  process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
});
afterAll(() => {
  if (saved === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = saved;
});

describe("the soak, reduced", () => {
  it("answers 200 signed commands, 8 at a time, every one correctly", async () => {
    const result = await runSoak({
      commands: 200,
      concurrency: 8,
      warmup: 40,
      credentials: { username: CANARY.nexudusUsername, password: CANARY.nexudusPassword },
      signingSecret: CANARY.signingSecret,
      botToken: CANARY.botToken,
    });

    expect(result.examples).toEqual([]);
    expect(result.errors).toBe(0);
    expect(result.sent).toBe(200);
    // The handlers really ran and logged (the leak watch has something to scan).
    expect(watch.lines().some((line) => line.includes("Nexudus GET /sys/webhooks"))).toBe(true);
  });
});
