import { monitorEventLoopDelay } from "node:perf_hooks";
import { validateMessage } from "@nwh/core/blocks";
import type { WebhookRecord } from "@nwh/core/nexudus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type CommandOutcome, type HostileBot, startHostileBot, USER } from "./support/hostile-bot";
import { watchForLeaks } from "./support/leak-watch";

/*
 * Huge Nexudus text (issue 13, item 1). A webhook whose LastError is a 100,000-character run of hex digits
 * made redaction quadratic: the event loop stood still for 7.5 s and `/webhooks failing` acked too late.
 * Whatever the shape of the text, the answer comes within the normal answer budget and the event loop is
 * never blocked for long. The bounds are generous and set against a reference search measured in the same
 * run (the same search with ordinary LastError texts), so a busy machine does not make them flake: the
 * quadratic code blocked for seconds, the linear code for milliseconds.
 */

const watch = watchForLeaks();
let bot: HostileBot;
beforeAll(async () => {
  bot = await startHostileBot(watch, { allowed: [USER], admins: [ADMIN], clientLimiter: false });
});
afterAll(async () => {
  await bot?.close();
});

/** The slack function's default answer budget (`ANSWER_BUDGET_MS`). */
const ANSWER_BUDGET_MS = 2000;
/** The longest the event loop may stand still on top of what the reference search needed. */
const MAX_BLOCK_MS = 100;

const HUGE = 100_000;
/** The adversarial shapes, each 100,000 characters long. */
const SHAPES: Record<string, string> = {
  "a hex run": "0123456789abcdef".repeat(HUGE / 16),
  "a run of letters": "a".repeat(HUGE),
  "repeated a:": "a:".repeat(HUGE / 2),
  "a query without =": `https://x.example/cb?${"a".repeat(HUGE - 21)}`,
  "repeated xkey=": "xkey=".repeat(HUGE / 5),
  "dots after a URL": `https://x.example/${".".repeat(HUGE - 19)}a`,
  "repeated //@%=&": "//@%=&".repeat(HUGE / 6),
};

type Measured = CommandOutcome & { elapsedMs: number; maxBlockMs: number };

/** An ordinary LastError, for the reference search. */
const ORDINARY = `The target answered 500: ${"x".repeat(200)}`;

/** Runs a command, recording how long it took and how long the event loop stood still meanwhile. */
async function measured(text: string): Promise<Measured> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const started = performance.now();
  const outcome = await bot.command(text, ADMIN);
  const elapsedMs = performance.now() - started;
  histogram.disable();
  return { ...outcome, elapsedMs, maxBlockMs: histogram.max / 1e6 };
}

/** The ids of the webhooks listed in a results message (their Details buttons). */
function listedIds(message: { blocks: Array<{ accessory?: { value?: string } }> }): number[] {
  return message.blocks.flatMap((b) => (b.accessory?.value ? [JSON.parse(b.accessory.value).id] : []));
}

describe("huge LastError texts, through the real handler", () => {
  it.each(Object.keys(SHAPES))("answers a search listing %s inline and quickly", async (shape) => {
    // The webhooks with the most errors head the `failing` list; one of them gets the hostile text.
    const hook = [...bot.emu.account.webhooks]
      .filter((h) => h.Active && h.ErrorCount > 0)
      .sort((a, b) => b.ErrorCount - a.ErrorCount)[0] as WebhookRecord;
    const original = hook.LastError;
    try {
      hook.LastError = ORDINARY;
      await bot.command("failing", ADMIN); // warm-up: code loaded and compiled, token and locations cached
      // Three of each, taking turns. A moment of load (the scheduler, a collection) can stretch any one run,
      // so the hostile figure is the best of three and the reference the worst: quadratic code blocked for
      // seconds on every run.
      const references: Measured[] = [];
      const hostiles: Measured[] = [];
      for (let run = 0; run < 3; run++) {
        hook.LastError = ORDINARY;
        references.push(await measured("failing"));
        hook.LastError = SHAPES[shape]!;
        hostiles.push(await measured("failing"));
      }
      const hostile = hostiles[0]!;
      const reference = references[0]!;

      for (const outcome of [...references, ...hostiles]) expect(outcome.slow).toBe(false);
      expect(hostile.answer.status).toBe(200);
      expect(validateMessage(hostile.final)).toEqual([]);
      expect(listedIds(hostile.final)).toEqual(listedIds(reference.final));
      expect(listedIds(hostile.final)).toContain(hook.Id);
      const elapsed = Math.min(...hostiles.map((m) => m.elapsedMs));
      const block = Math.min(...hostiles.map((m) => m.maxBlockMs));
      const referenceElapsed = Math.max(...references.map((m) => m.elapsedMs));
      const referenceBlock = Math.max(...references.map((m) => m.maxBlockMs));
      const figures = `answered in ${elapsed.toFixed(0)} ms, longest block ${block.toFixed(0)} ms; reference ${referenceElapsed.toFixed(0)} ms, ${referenceBlock.toFixed(0)} ms`;
      expect(elapsed, figures).toBeLessThan(ANSWER_BUDGET_MS + referenceElapsed);
      expect(block, figures).toBeLessThan(MAX_BLOCK_MS + 2 * referenceBlock);
    } finally {
      hook.LastError = original;
    }
  });

  it("shows the start of a huge hex run in the row, cut to the row's length", async () => {
    const hook = bot.emu.account.webhooks.find((h) => h.Active && h.ErrorCount > 0)!;
    const original = hook.LastError;
    try {
      hook.LastError = SHAPES["a hex run"]!;

      const { final } = await bot.command(`show ${hook.Id}`, ADMIN);

      const text = JSON.stringify(final.blocks);
      expect(text).toContain("0123456789abcdef0123456789abcdef");
      expect(validateMessage(final)).toEqual([]);
    } finally {
      hook.LastError = original;
    }
  });
});
