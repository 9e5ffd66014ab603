import { OVERVIEW_SEARCHES } from "@nwh/core/blocks";
import type { WebhookListRecord } from "@nwh/core/nexudus";
import { parseCommand, QUERY_LIMITS, toNexudusPlan } from "@nwh/core/query";
import { generateAccount } from "@nwh/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { countLocally } from "../../src/service/count-locally";
import { OVERVIEW_PAGE_SIZE } from "../../src/service/load-overview";
import { answerText, expectSafe, requestsTo, startService, textOf, USER } from "./support";

/*
 * The overview's requests: an account that fits one page is counted from it (two searches instead of
 * five); a larger one gets every count from its own search; either way each count is what its button finds.
 */

type Started = Awaited<ReturnType<typeof startService>>;
let s: Started | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const START = Date.parse("2025-06-01T08:00:00Z");
const paramsOf = (text: string) => {
  const parsed = parseCommand(text);
  if (!parsed.ok || parsed.command.kind !== "search") throw new Error(text);
  return toNexudusPlan(parsed.command.query, { now: START, timeZone: "UTC", minErrors: 1 }).params;
};

/** The overview's counts as its text states them, by button label. */
function countsOf(message: { text?: string; blocks: unknown[] }): Record<string, number> {
  const text = String(message.text);
  const read = (pattern: RegExp) => Number(pattern.exec(text)?.[1]?.replace(/,/g, "") ?? Number.NaN);
  return {
    failing: read(/([\d,]+) failing/),
    disabled: read(/([\d,]+) disabled by Nexudus/),
    paused: read(/([\d,]+) paused/),
    stale: read(/([\d,]+) stale/),
    all: read(/([\d,]+) in all/),
  };
}

/** What each overview search finds, asked as its own search (the button's answer). */
async function buttonCounts(started: Started): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [key, q] of Object.entries(OVERVIEW_SEARCHES)) {
    const results = await answerText(q, started.deps, { viewer: USER });
    out[key] = Number(/\*([\d,]+)\* found/.exec(textOf(results))?.[1]?.replace(/,/g, "") ?? 0);
  }
  return out;
}

const isCountable = (url: URL) => {
  const q = Object.fromEntries(url.searchParams);
  return (
    url.pathname.endsWith("/sys/webhooks") &&
    q.size !== String(OVERVIEW_PAGE_SIZE) &&
    !q.to_WebHook_LastTrigger
  );
};

describe("countLocally", () => {
  it("reads Active and ErrorCount filters exactly, and declines anything Nexudus must judge", () => {
    const record = (Active: boolean, ErrorCount: number) => ({ Active, ErrorCount }) as WebhookListRecord;
    const failing = countLocally(paramsOf("failing"))!;
    const disabled = countLocally(paramsOf(OVERVIEW_SEARCHES.disabled))!;
    const paused = countLocally(paramsOf(OVERVIEW_SEARCHES.paused))!;

    expect([failing(record(true, 0)), failing(record(true, 1)), failing(record(false, 10))]).toEqual([
      false,
      true,
      true,
    ]);
    expect([disabled(record(false, 10)), disabled(record(false, 9)), disabled(record(true, 10))]).toEqual([
      true,
      false,
      false,
    ]);
    expect([paused(record(false, 9)), paused(record(false, 10)), paused(record(true, 0))]).toEqual([
      true,
      false,
      false,
    ]);
    expect(countLocally(paramsOf("errors:3"))!(record(true, 3))).toBe(true);
    expect(countLocally(paramsOf("all"))!(record(true, 0))).toBe(true);
    for (const text of ["stale", "name:zapier", "action:6", "location:1"])
      expect(countLocally(paramsOf(text)), text).toBeUndefined();
    expect(countLocally({ from_WebHook_ErrorCount: "1.5" })).toBeUndefined();
    expect(countLocally({ WebHook_Active: "yes" })).toBeUndefined();
  });
});

describe("the overview's requests", () => {
  it("counts an account that fits one page from it: all and stale answer it, the countable searches are withdrawn", async () => {
    // Prepare: the countable searches are held until aborted: the overview must not need them.
    const held: AbortSignal[] = [];
    let holdingOn = true;
    const holding: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      if (!holdingOn || !isCountable(url)) return fetch(input, init);
      const signal = init?.signal as AbortSignal;
      held.push(signal);
      return new Promise<Response>((_resolve, reject) => {
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    };
    s = await startService({ fetch: holding });
    expect(s.emu.account.webhooks.length).toBeLessThanOrEqual(OVERVIEW_PAGE_SIZE);

    // Act
    const overview = await answerText("", s.deps, { viewer: USER });
    holdingOn = false;

    // Assess: right counts, and every held search was withdrawn.
    expectSafe(overview);
    expect(held).toHaveLength(3);
    expect(held.every((signal) => signal.aborted)).toBe(true);
    expect(countsOf(overview)).toEqual(await buttonCounts(s));
  });

  it("never sends the withdrawn searches when the client's limiter holds them back", async () => {
    // Prepare: the limiter's waits end only when the test opens the gate, on a clock of the test's own.
    let now = START;
    let gated = false;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    s = await startService({
      clock: { now: () => now },
      client: {
        limiter: {},
        clock: { now: () => now },
        sleep: async (ms, signal) => {
          if (gated) await gate;
          if (signal?.aborted) throw signal.reason;
          now += ms;
        },
      },
    });
    const started = s;
    await started.deps.locations.list(); // the token and the locations, out of the way
    now += 60_000;
    const firstPage = new Promise<void>((resolve) => {
      const real = started.deps.client.searchWebhooks;
      started.deps.client.searchWebhooks = async (params, call) => {
        const answer = await real(params, call);
        if (params.size === String(OVERVIEW_PAGE_SIZE)) resolve();
        return answer;
      };
    });
    const before = requestsTo(s.emu, "/sys/webhooks").length;
    gated = true;

    // Act: the "all" page is answered before any other search may go; only then do the waits end.
    const overview = answerText("", s.deps, { viewer: USER });
    await firstPage;
    await new Promise((resolve) => setImmediate(resolve));
    open();
    const message = await overview;

    // Assess: two searches reached Nexudus, the page and stale.
    expectSafe(message);
    const sent = requestsTo(s.emu, "/sys/webhooks").slice(before);
    expect(sent.map((r) => r.query.size).sort()).toEqual(["1", String(OVERVIEW_PAGE_SIZE)]);
    expect(sent.find((r) => r.query.size === "1")?.query.to_WebHook_LastTrigger).toBeDefined();
  });

  it("asks a larger account for every count, together, each equal to what its button finds", async () => {
    // Prepare
    const account = generateAccount({ webhooks: OVERVIEW_PAGE_SIZE + 50, locations: 5, seed: 7, now: START });
    s = await startService({ account });

    // Act
    const overview = await answerText("", s.deps, { viewer: USER });

    // Assess
    expectSafe(overview);
    const sizes = requestsTo(s.emu, "/sys/webhooks").map((r) => r.query.size);
    // The failing one asks for the page `failing` shows: its worst are the overview's.
    expect(sizes.sort()).toEqual(
      ["1", "1", "1", String(OVERVIEW_PAGE_SIZE), String(QUERY_LIMITS.defaultSize)].sort(),
    );
    expect(countsOf(overview)).toEqual(await buttonCounts(s));
  });
});
