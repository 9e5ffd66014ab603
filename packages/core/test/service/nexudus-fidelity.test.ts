import { OVERVIEW_SEARCHES } from "@nwh/core/blocks";
import { afterEach, describe, expect, it } from "vitest";
import {
  ADMIN,
  answerClick,
  answerText,
  expectSafe,
  requestsTo,
  startService,
  textOf,
  USER,
} from "./support";

/*
 * The service over the real client against accounts shaped like the real Nexudus rather than the tidy
 * default: drifted envelopes, a record that cannot be read, writes answered but not applied.
 */

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function service(options: { latencyMs?: number; fetch?: typeof fetch } = {}) {
  const started = await startService(options);
  running.push(started);
  return started;
}

describe("an account whose envelopes drifted (only Records, TotalItems, HasNextPage, HasPreviousPage)", () => {
  it('answers location:"<name>" through the businesses list', async () => {
    // Prepare
    const { emu, deps } = await service();
    emu.faults.quirks({ envelope: "drifted" });
    const place = emu.account.businesses[0]!;
    const expected = emu.account.webhooks.filter((w) => w.BusinessId === place.Id);

    // Act
    const message = await answerText(`location:"${place.Name}" size:25`, deps, { viewer: USER });

    // Assess
    expectSafe(message);
    const text = textOf(message);
    expect(text).not.toContain("does not understand");
    expect(text).toContain(`*${expected.length}* found`);
    expect(requestsTo(emu, "/sys/webhooks").at(-1)?.query.WebHook_Business).toBe(String(place.Id));
    expect(text).toContain(place.Name);
  });

  it("answers failing, with location names, paging from TotalItems", async () => {
    // Prepare
    const { emu, deps } = await service();
    emu.faults.quirks({ envelope: "drifted" });
    const failing = emu.account.webhooks.filter((w) => w.ErrorCount >= 1);

    // Act
    const message = await answerText("failing size:2", deps, { viewer: USER });

    // Assess
    expectSafe(message);
    const text = textOf(message);
    expect(text).toContain(`*${failing.length}* found`);
    expect(text).toContain(`page 1 of ${Math.ceil(failing.length / 2)}`);
    expect(text).not.toMatch(/of -1|undefined|NaN/);
    const named = emu.account.businesses.find((b) => b.Id === failing[0]!.BusinessId)!.Name;
    expect(text).toContain(named);
  });

  it("answers the overview with its totals", async () => {
    // Prepare
    const { emu, deps } = await service();
    emu.faults.quirks({ envelope: "drifted" });

    // Act
    const message = await answerText("", deps, { viewer: USER });

    // Assess
    expectSafe(message);
    expect(textOf(message)).toContain(`${emu.account.webhooks.length} webhooks`);
    expect(textOf(message)).not.toContain("did not say");
  });
});

describe("a record Nexudus sent that cannot be read", () => {
  it("is left out of the results with a footnote, the rest shown", async () => {
    // Prepare
    const { emu, deps } = await service();
    const failing = emu.account.webhooks.filter((w) => w.ErrorCount >= 1);
    emu.faults.quirks({ malformedIds: [failing[0]!.Id] });

    // Act
    const message = await answerText("failing size:25", deps, { viewer: USER });

    // Assess
    expectSafe(message);
    const text = textOf(message);
    expect(text).toContain("1 record Nexudus sent could not be read");
    expect(text).not.toContain(`#${failing[0]!.Id}`);
    expect(text).toContain(`#${failing[1]!.Id}`);
  });
});

describe("a Pause that Nexudus acknowledges but does not apply", () => {
  it("is reported as not applied, never as Paused, and no audit line claims it", async () => {
    // Prepare
    const { emu, deps } = await service();
    const hook = emu.account.webhooks.find((w) => w.Active)!;
    emu.faults.sequence(["write-ignored"]);

    // Act
    const outcome = await answerClick({ kind: "toggle", id: hook.Id, active: false }, deps, {
      viewer: ADMIN,
    });

    // Assess
    expect(outcome.failed).toBe(true);
    expect(outcome.audit).toBeUndefined();
    expectSafe(outcome.message);
    const text = textOf(outcome.message);
    expect(text).toContain("Nexudus accepted the change but did not apply it");
    expect(text).not.toMatch(/\bPaused\b|\bpaused webhook\b/);
    expect(emu.account.webhooks.find((w) => w.Id === hook.Id)!.Active).toBe(true);
    expect(requestsTo(emu, "/sys/webhooks", "PUT")).toHaveLength(1);
  });
});

describe("the overview", () => {
  it("asks for its counts together, not one after another", async () => {
    // Prepare: the order of sends and answers is recorded. Once the token is out of the way, no request
    // goes out before the overview has sent all of them (its searches and the locations): sent one after
    // another, the first would wait for ever (no timer to race).
    const events: string[] = [];
    let toSend = 0;
    let sendAll = () => {};
    let allSent = Promise.resolve();
    const recording: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      const label = url.pathname.endsWith("/sys/webhooks") ? "search" : url.pathname.split("/").at(-1);
      events.push(`send ${label}`);
      if (toSend > 0 && --toSend === 0) sendAll();
      await allSent;
      const response = await fetch(input, init);
      events.push(`answer ${label}`);
      return response;
    };
    const { deps } = await service({ fetch: recording });
    await deps.client.searchWebhooks({ size: "1" }); // the token, out of the way
    events.length = 0;
    toSend = Object.keys(OVERVIEW_SEARCHES).length + 1;
    allSent = new Promise((resolve) => {
      sendAll = resolve;
    });

    // Act
    const message = await answerText("", deps, { viewer: USER });

    // Assess
    expectSafe(message);
    const firstAnswer = events.findIndex((e) => e.startsWith("answer"));
    expect(events.slice(0, firstAnswer).filter((e) => e === "send search")).toHaveLength(
      Object.keys(OVERVIEW_SEARCHES).length,
    );
    expect(events.slice(0, firstAnswer)).toContain("send businesses");
  });
});
