import type { Account } from "@nwh/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { answerText, expectSafe, requestsTo, startService, textOf, USER } from "./support";

/*
 * NEXUDUS_DATES=local end to end: the emulator stores each location's wall-clock time (with a fake `Z`)
 * and compares date filters with it, as such an account does. Auckland is 13 h ahead of UTC in December,
 * Los Angeles 8 h behind: a range sent as UTC instants would take in Auckland's webhooks up to 13 h too
 * early and miss Los Angeles's up to 8 h late.
 */

const NOW = Date.UTC(2026, 11, 1, 12, 0);
/** `triggered:within:7d` starts here; `triggered:before:7d` and `stale` end here (its whole minute). */
const EDGE = NOW - 7 * 24 * 60 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const HALF_HOUR = 30 * 60_000;

const AUCKLAND = { Id: 1, Name: "Auckland Wharf", SimpleTimeZoneId: 15 };
const LOS_ANGELES = { Id: 2, Name: "LA Arts District", SimpleTimeZoneId: 18 };

function hook(Id: number, BusinessId: number, Name: string, lastTrigger: number | null) {
  return {
    Id,
    BusinessId,
    Name,
    Action: 6,
    URL: "https://example.com/hook",
    Active: true,
    ErrorCount: 0,
    LastError: null,
    LastTrigger: lastTrigger === null ? null : iso(lastTrigger),
    CreatedOn: "2026-01-10T09:00:00Z",
    UpdatedOn: "2026-01-10T09:00:00Z",
  };
}

/** Instants as stored; the emulator serves (and filters) them as each location's wall-clock time. */
function account(fillers = 0): Account {
  return {
    businesses: [AUCKLAND, LOS_ANGELES],
    webhooks: [
      hook(11, AUCKLAND.Id, "Auckland just inside", EDGE + HALF_HOUR),
      hook(12, AUCKLAND.Id, "Auckland just outside", EDGE - HALF_HOUR),
      hook(21, LOS_ANGELES.Id, "LA just inside", EDGE + HALF_HOUR),
      hook(22, LOS_ANGELES.Id, "LA just outside", EDGE - HALF_HOUR),
      hook(23, LOS_ANGELES.Id, "LA yesterday", NOW - 24 * 60 * 60_000),
      hook(24, LOS_ANGELES.Id, "LA two hours in", EDGE + 4 * HALF_HOUR),
      hook(13, AUCKLAND.Id, "Auckland never delivered", null),
      ...Array.from({ length: fillers }, (_, i) =>
        hook(1000 + i, LOS_ANGELES.Id, `Filler ${i}`, NOW - 60 * 60_000),
      ),
    ],
  };
}

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function service(dates: "utc" | "local", fillers = 0) {
  const started = await startService({
    account: account(fillers),
    clock: { now: () => NOW },
    client: { dates: { reading: dates } },
  });
  if (dates === "local") started.emu.faults.quirks({ dates: "local" });
  started.deps.config = { ...started.deps.config, nexudusDates: dates };
  running.push(started);
  return started;
}

const INSIDE = ["Auckland just inside", "LA just inside", "LA two hours in", "LA yesterday"];
const OUTSIDE = ["Auckland just outside", "LA just outside"];

describe("a search by date with NEXUDUS_DATES=local", () => {
  it("triggered:within:7d finds exactly the webhooks delivered since, in every zone, and counts only them", async () => {
    // Prepare
    const { emu, deps } = await service("local");

    // Act
    const message = await answerText("triggered:within:7d", deps, { viewer: USER });

    // Assess: the range sent reaches 12 h further back (every match fetched); the exact one was checked here.
    expectSafe(message);
    const text = textOf(message);
    for (const name of INSIDE) expect(text).toContain(name);
    for (const name of [...OUTSIDE, "Auckland never delivered"]) expect(text).not.toContain(name);
    expect(text).toContain("*4* found");
    expect(requestsTo(emu, "/sys/webhooks").map((r) => r.query)).toEqual([
      { from_WebHook_LastTrigger: "2026-11-24T00:00", page: "1", size: "1000" },
    ]);
  });

  it("triggered:before:7d and stale find exactly the webhooks last delivered before, in every zone", async () => {
    // Prepare
    const { deps } = await service("local");

    // Act
    const before = textOf(await answerText("triggered:before:7d", deps, { viewer: USER }));
    const stale = textOf(await answerText("stale", deps, { viewer: USER }));

    // Assess
    for (const text of [before, stale]) {
      for (const name of OUTSIDE) expect(text).toContain(name);
      for (const name of INSIDE) expect(text).not.toContain(name);
      expect(text).toContain("*2* found");
    }
  });

  it("pages what the exact check kept: the count and the pages are of those webhooks", async () => {
    // Prepare
    const { deps } = await service("local");

    // Act
    const first = textOf(await answerText("triggered:within:7d sort:name size:2", deps, { viewer: USER }));
    const second = textOf(
      await answerText("triggered:within:7d sort:name size:2 page:2", deps, { viewer: USER }),
    );

    // Assess
    expect(first).toContain("*4* found");
    expect(first).toContain("page 1 of 2");
    expect(first).toContain("Auckland just inside");
    expect(first).toContain("LA just inside");
    expect(second).toContain("page 2 of 2");
    expect(second).toContain("LA two hours in");
    expect(second).toContain("LA yesterday");
    expect(second).not.toContain("just inside");
  });

  it("the overview's stale count is exact too, whether the first page holds the account or not", async () => {
    for (const fillers of [0, 120]) {
      // Prepare: 120 more webhooks, delivered an hour ago, make the overview's first page incomplete.
      const { deps } = await service("local", fillers);

      // Act
      const message = await answerText("", deps, { viewer: USER });

      // Assess
      expectSafe(message);
      expect(message.text).toContain(" 2 stale, ");
      expect(message.text).toContain(` ${7 + fillers} in all`);
    }
  });
});

describe("the same searches with NEXUDUS_DATES=utc", () => {
  it("send the same requests as ever: the exact minute, paged at Nexudus, one request", async () => {
    // Prepare: the account stores UTC.
    const { emu, deps } = await service("utc");

    // Act
    const within = textOf(await answerText("triggered:within:7d", deps, { viewer: USER }));
    const withinRequests = requestsTo(emu, "/sys/webhooks").map((r) => r.query);
    const stale = textOf(await answerText("stale", deps, { viewer: USER }));

    // Assess
    expect(withinRequests).toEqual([{ from_WebHook_LastTrigger: "2026-11-24T12:00", page: "1", size: "10" }]);
    expect(requestsTo(emu, "/sys/webhooks").at(-1)?.query).toEqual({
      to_WebHook_LastTrigger: "2026-11-24T12:00",
      orderBy: "LastTrigger",
      dir: "1",
      page: "1",
      size: "10",
    });
    expect(within).toContain("*4* found");
    for (const name of INSIDE) expect(within).toContain(name);
    expect(stale).toContain("*2* found");
    for (const name of OUTSIDE) expect(stale).toContain(name);
  });
});
