import { ACTION_IDS, decodeActionValue, encodeActionValue } from "@nwh/core/blocks";
import { NexudusTimeoutError } from "@nwh/core/nexudus";
import { createLocationsCache } from "@nwh/core/service";
import { escapeMrkdwn } from "@nwh/core/text";
import { deadlineAt } from "@nwh/core/time";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeClick, runClick } from "../../src/service/execute-action";
import { loadHomeView } from "../../src/service/home-view";
import { failureMessage } from "../../src/service/messages";
import {
  ADMIN,
  answerClick,
  blocksOf,
  buttonsOf,
  expectSafe,
  manualClock,
  requestsTo,
  startService,
  textOf,
  USER,
} from "./support";

type Started = Awaited<ReturnType<typeof startService>>;

describe("decodeClick", () => {
  it("decodes each button and refuses malformed or unknown ones", () => {
    expect(decodeClick(ACTION_IDS.pageNext, encodeActionValue({ q: "failing", p: 2 }))).toEqual({
      kind: "search",
      q: "failing",
      page: 2,
    });
    expect(decodeClick(ACTION_IDS.pause, encodeActionValue({ id: 5 }))).toEqual({
      kind: "toggle",
      id: 5,
      active: false,
    });
    expect(decodeClick(ACTION_IDS.resume, encodeActionValue({ id: 5 }))).toMatchObject({ active: true });
    expect(decodeClick(ACTION_IDS.details, encodeActionValue({ id: 7, q: "all", p: 3 }))).toEqual({
      kind: "details",
      id: 7,
      from: { q: "all", p: 3 },
    });
    expect(decodeClick(ACTION_IDS.pause, encodeActionValue({ q: "x" }))).toBeUndefined();
    expect(decodeClick(ACTION_IDS.details, "{not json")).toBeUndefined();
    expect(decodeClick("something_else", encodeActionValue({ q: "all" }))).toBeUndefined();
  });
});

/** The next write is answered with success and not stored, and cannot be read back. */
function unconfirmedNotMade(s: Started): void {
  s.emu.faults.sequence(["write-ignored"]);
  s.emu.faults.afterWrite([500, 500]);
}

describe("runClick against the emulator", () => {
  let s: Started;
  beforeEach(async () => {
    s = await startService();
  });
  afterEach(() => s.close());

  it("turns a page from the query carried in the button", async () => {
    const outcome = await answerClick({ kind: "search", q: "all size:5", page: 3 }, s.deps, {
      viewer: USER,
    });

    expect(outcome.failed).toBeUndefined();
    expectSafe(outcome.message);
    expect(requestsTo(s.emu, "/sys/webhooks").at(-1)!.query).toMatchObject({ page: "3", size: "5" });
    expect(textOf(outcome.message)).toContain("page 3 of");
  });

  it("treats a forged query in a button like typed text: an error message, never a crash", async () => {
    const outcome = await answerClick({ kind: "search", q: "errors:abc <!here>" }, s.deps, {
      viewer: USER,
    });

    expect(outcome.failed).toBe(true);
    expectSafe(outcome.message);
  });

  it("opens details with the Description and a way back to the search", async () => {
    const hook = s.emu.account.webhooks[3]!;

    const outcome = await answerClick(
      { kind: "details", id: hook.Id, from: { q: "failing", p: 2 } },
      s.deps,
      {
        viewer: USER,
      },
    );

    expectSafe(outcome.message);
    expect(textOf(outcome.message)).toContain(hook.Description!);
    expect(textOf(outcome.message)).toContain('\\"q\\":\\"failing\\"');
  });

  it("shares a search for the channel: 'Shared by', no admin or share buttons", async () => {
    const outcome = await answerClick({ kind: "share", q: "failing", page: 1 }, s.deps, { viewer: ADMIN });

    expectSafe(outcome.message);
    const text = textOf(outcome.message);
    expect(text).toContain(`Shared by <@${ADMIN.userId}>`);
    expect(text).not.toContain(ACTION_IDS.pause);
    expect(text).not.toContain(ACTION_IDS.share);
  });

  it("pauses for an admin: Nexudus changes, the answer and the audit line name who did it", async () => {
    const hook = s.emu.account.webhooks.find((h) => h.Active && h.ErrorCount > 0)!;

    const outcome = await answerClick({ kind: "toggle", id: hook.Id, active: false }, s.deps, {
      viewer: ADMIN,
    });

    expect(s.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(false);
    expectSafe(outcome.message);
    expectSafe(outcome.audit!);
    expect(outcome.audit!.text).toContain(`<@${ADMIN.userId}> paused webhook`);
    expect(outcome.audit!.text).toContain(String(hook.Id));
  });

  it("Pause from a results list re-runs the same search and page, with a notice at the top", async () => {
    // Prepare: the list an admin sees, and the Pause button of one of its active rows.
    const list = await answerClick({ kind: "search", q: "all size:5", page: 2 }, s.deps, { viewer: ADMIN });
    const pause = buttonsOf(list.message).find((b) => b.action_id === ACTION_IDS.pause)!;
    const id = decodeActionValue(pause.value)!.id!;
    const hook = s.emu.account.webhooks.find((h) => h.Id === id)!;
    const action = decodeClick(ACTION_IDS.pause, pause.value)!;

    // Act
    const outcome = await answerClick(action, s.deps, { viewer: ADMIN });

    // Assess: still the 5-row page 2, the change on top, the row now offers Resume; the audit line too.
    expect(s.emu.account.webhooks.find((h) => h.Id === id)!.Active).toBe(false);
    expectSafe(outcome.message);
    expect(requestsTo(s.emu, "/sys/webhooks").at(-1)!.query).toMatchObject({ page: "2", size: "5" });
    expect(textOf(outcome.message)).toContain("page 2 of");
    expect(blocksOf(outcome.message)[0].text.text).toBe(`Paused “${escapeMrkdwn(hook.Name)}” (#${id}).`);
    expect(blocksOf(outcome.message).filter((b: { accessory?: unknown }) => b.accessory)).toHaveLength(5);
    const resume = buttonsOf(outcome.message).filter((b) => b.action_id === ACTION_IDS.resume);
    expect(resume.map((b) => decodeActionValue(b.value)!.id)).toContain(id);
    expect(outcome.audit!.text).toContain(`<@${ADMIN.userId}> paused webhook`);
  });

  it("Pause on a webhook with a hostile name: the notice is escaped", async () => {
    const hook = s.emu.account.webhooks.find((h) => h.Name.includes("<!channel>"))!;
    const action = decodeClick(
      hook.Active ? ACTION_IDS.pause : ACTION_IDS.resume,
      encodeActionValue({ id: hook.Id, q: "all size:3", p: 1 }),
    )!;

    const outcome = await answerClick(action, s.deps, { viewer: ADMIN });

    expectSafe(outcome.message);
    expect(blocksOf(outcome.message)[0].text.text).toContain("&lt;!channel&gt;");
    expect(outcome.message.text).toContain("&lt;!channel&gt;");
  });

  it("Pause from a details view redraws the details, with the notice and the way back to the search", async () => {
    // Prepare: the details an admin opened from a search, and its Pause button.
    const hook = s.emu.account.webhooks.find((h) => h.Active && h.Description)!;
    const details = await answerClick(
      { kind: "details", id: hook.Id, from: { q: "failing", p: 2 } },
      s.deps,
      { viewer: ADMIN },
    );
    const pause = buttonsOf(details.message).find((b) => b.action_id === ACTION_IDS.pause)!;
    const searchesBefore = requestsTo(s.emu, "/sys/webhooks").length;

    // Act
    const outcome = await answerClick(decodeClick(ACTION_IDS.pause, pause.value)!, s.deps, {
      viewer: ADMIN,
    });

    // Assess: the details again (Description, Back to results, Resume), not a list; no search was run.
    expectSafe(outcome.message);
    expect(blocksOf(outcome.message)[0].text.text).toBe(`Paused “${escapeMrkdwn(hook.Name)}” (#${hook.Id}).`);
    expect(textOf(outcome.message)).toContain(hook.Description!);
    const ids = buttonsOf(outcome.message).map((b) => b.action_id);
    expect(ids).toContain(ACTION_IDS.resume);
    expect(ids).toContain(ACTION_IDS.runSearch);
    const back = buttonsOf(outcome.message).find((b) => b.action_id === ACTION_IDS.runSearch)!;
    expect(decodeActionValue(back.value)).toEqual({ q: "failing", p: 2 });
    expect(requestsTo(s.emu, "/sys/webhooks").length).toBe(searchesBefore);
    expect(outcome.audit!.text).toContain(`<@${ADMIN.userId}> paused webhook`);
  });

  it("Pause from the confirm of `pause ID` (no search to redraw) answers with the changed row", async () => {
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;

    const outcome = await answerClick(
      decodeClick(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }))!,
      s.deps,
      {
        viewer: ADMIN,
      },
    );

    expectSafe(outcome.message);
    expect(outcome.message.text).toContain("paused");
    expect(buttonsOf(outcome.message).map((b) => b.action_id)).toEqual([ACTION_IDS.details]);
  });

  it("a change that succeeded is reported even when the refreshed list cannot be read", async () => {
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    const action = decodeClick(ACTION_IDS.pause, encodeActionValue({ id: hook.Id, q: "failing", p: 1 }))!;
    // The writes succeed; the search of the refresh meets Nexudus 503s on every attempt.
    const client = {
      ...s.deps.client,
      searchWebhooks: (...args: Parameters<typeof s.deps.client.searchWebhooks>) => {
        s.emu.faults.sequence([503, 503, 503, 503]);
        return s.deps.client.searchWebhooks(...args);
      },
    };

    const outcome = await answerClick(action, { ...s.deps, client }, { viewer: ADMIN });

    expect(s.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(false);
    expect(outcome.failed).toBeUndefined();
    expect(outcome.message.text).toContain("paused");
    expect(outcome.audit!.text).toContain(`<@${ADMIN.userId}> paused webhook`);
  });

  it("a stale Pause on a paused webhook (or Resume on an active one) writes nothing and posts no audit", async () => {
    // Prepare: buttons drawn before someone else changed the webhooks.
    const paused = s.emu.account.webhooks.find((h) => !h.Active)!;
    const active = s.emu.account.webhooks.find((h) => h.Active)!;
    const stalePause = encodeActionValue({ id: paused.Id, q: "all size:5", p: 1 });
    const staleResume = encodeActionValue({ id: active.Id, v: "details" } as never);

    // Act
    const pause = await answerClick(decodeClick(ACTION_IDS.pause, stalePause)!, s.deps, {
      viewer: ADMIN,
    });
    const resume = await answerClick(decodeClick(ACTION_IDS.resume, staleResume)!, s.deps, {
      viewer: ADMIN,
    });

    // Assess: no write, no audit; each says so on top of its view, redrawn.
    expect(s.emu.requests.filter((r) => r.method === "PUT")).toHaveLength(0);
    expect(pause.audit).toBeUndefined();
    expect(resume.audit).toBeUndefined();
    expect(pause.failed).toBeUndefined();
    expectSafe(pause.message);
    expectSafe(resume.message);
    expect(blocksOf(pause.message)[0].text.text).toBe(
      `“${escapeMrkdwn(paused.Name)}” (#${paused.Id}) is already paused.`,
    );
    expect(textOf(pause.message)).toContain("page 1 of");
    expect(blocksOf(resume.message)[0].text.text).toBe(
      `“${escapeMrkdwn(active.Name)}” (#${active.Id}) is already active.`,
    );
    expect(textOf(resume.message)).toContain("*Active*\\nYes");
    expect(s.emu.account.webhooks.find((h) => h.Id === paused.Id)!.Active).toBe(false);
    expect(s.emu.account.webhooks.find((h) => h.Id === active.Id)!.Active).toBe(true);
  });

  it("does not start a write without the time to finish it (the read took 200 ms, 300 ms are left)", async () => {
    // Prepare: a clock the read moves by 200 ms; the deadline 500 ms away on it.
    const clock = manualClock();
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    const client = {
      ...s.deps.client,
      getWebhook: async (...args: Parameters<typeof s.deps.client.getWebhook>) => {
        const record = await s.deps.client.getWebhook(...args);
        clock.advance(200);
        return record;
      },
    };
    const deps = { ...s.deps, client, clock };
    const action = decodeClick(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }))!;

    // Act: the service throws running out of time (the fast path hands it over); the pipeline explains it.
    const deadline = (ms: number) => deadlineAt(clock.now() + ms, clock, new AbortController().signal);
    await expect(runClick(action, deps, { viewer: ADMIN, deadline: deadline(500) })).rejects.toBeInstanceOf(
      NexudusTimeoutError,
    );
    const slow = await answerClick(action, deps, { viewer: ADMIN, deadline: deadline(500) });
    const roomy = await answerClick(action, deps, { viewer: ADMIN, deadline: deadline(5000) });

    // Assess: no write until there was time for it; then one.
    expect(slow.failed).toBe(true);
    expect(textOf(slow.message)).toContain("did not answer in time");
    expect(roomy.audit).toBeDefined();
    expect(s.emu.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
  });

  it("four concurrent Pause clicks on one webhook make one write and one audit line; the others find it paused", async () => {
    // Prepare
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    const click = decodeClick(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }))!;

    // Act
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => answerClick(click, s.deps, { viewer: ADMIN })));

    // Assess
    expect(s.emu.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
    expect(outcomes.filter((o) => o.audit)).toHaveLength(1);
    const already = outcomes.filter((o) => !o.audit);
    expect(already).toHaveLength(3);
    for (const o of already) expect(textOf(o.message)).toContain("is already paused");
    expect(hook.Active).toBe(false);
  });

  it("the same click run twice (a job delivered twice) writes once and announces once", async () => {
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    const click = decodeClick(ACTION_IDS.pause, encodeActionValue({ id: hook.Id, q: "all size:5", p: 1 }))!;

    const first = await answerClick(click, s.deps, { viewer: ADMIN });
    const again = await answerClick(click, s.deps, { viewer: ADMIN });

    expect(s.emu.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
    expect(first.audit!.text).toContain(`<@${ADMIN.userId}> paused webhook`);
    expect(again.audit).toBeUndefined();
    expect(blocksOf(again.message)[0].text.text).toBe(
      `“${escapeMrkdwn(hook.Name)}” (#${hook.Id}) is already paused.`,
    );
  });

  it("a pause Nexudus accepts but that cannot be read back: the clicker and the audit line say it is unconfirmed", async () => {
    // Prepare: the PUT is stored; the read that should confirm it fails on both attempts.
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    const click = decodeClick(ACTION_IDS.pause, encodeActionValue({ id: hook.Id, q: "all size:5", p: 1 }))!;
    s.emu.faults.afterWrite([500, 500]);

    // Act
    const outcome = await answerClick(click, s.deps, { viewer: ADMIN });

    // Assess: not a failure, not a "done": asked for, and not confirmed, in both messages.
    expect(s.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(false);
    expect(outcome.failed).toBeUndefined();
    expectSafe(outcome.message);
    expectSafe(outcome.audit!);
    expect(outcome.message.text).toBe(
      `Nexudus accepted the pause of webhook “${escapeMrkdwn(hook.Name)}” (#${hook.Id}), but it could not be read back to confirm it was made. Check it before trying again.`,
    );
    expect(buttonsOf(outcome.message).map((b) => b.action_id)).toEqual([ACTION_IDS.details]);
    expect(outcome.audit!.text).toContain(`<@${ADMIN.userId}> asked to pause webhook`);
    expect(outcome.audit!.text).toContain("it could not be confirmed");
    expect(textOf(outcome.message)).not.toMatch(/ paused\.|paused webhook/);
  });

  it("after an unconfirmed pause that was made, the job run again finds it paused and posts no second audit line", async () => {
    // Prepare
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    const click = decodeClick(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }))!;
    s.emu.faults.afterWrite([500, 500]);

    // Act
    const first = await answerClick(click, s.deps, { viewer: ADMIN });
    const again = await answerClick(click, s.deps, { viewer: ADMIN });

    // Assess
    expect(first.audit!.text).toContain("asked to pause");
    expect(again.audit).toBeUndefined();
    expect(textOf(again.message)).toContain("is already paused");
    expect(s.emu.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
  });

  it("a pause not made and unconfirmed twice (the job run twice) is announced once; the write that lands is announced", async () => {
    // Prepare: each run's write is answered with success and not stored, and cannot be read back.
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    const click = decodeClick(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }))!;
    const unconfirmedAndIgnored = () => unconfirmedNotMade(s);

    // Act
    unconfirmedAndIgnored();
    const first = await answerClick(click, s.deps, { viewer: ADMIN });
    unconfirmedAndIgnored();
    const again = await answerClick(click, s.deps, { viewer: ADMIN });
    const landed = await answerClick(click, s.deps, { viewer: ADMIN });

    // Assess: one unconfirmed line; the second run says the same to the clicker; the real change is announced.
    expect(first.audit!.text).toContain("could not be confirmed");
    expect(again.audit).toBeUndefined();
    expect(again.message.text).toContain("could not be read back to confirm");
    expect(landed.audit!.text).toContain(`<@${ADMIN.userId}> paused webhook`);
    expect(s.emu.requests.filter((r) => r.method === "PUT")).toHaveLength(3);
    expect(s.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(false);
  });

  it("an unconfirmed audit line that did not go out is said by the next run; another admin's click has its own", async () => {
    // Prepare: every write is answered with success, not stored, and cannot be read back.
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    const click = decodeClick(ACTION_IDS.pause, encodeActionValue({ id: hook.Id }))!;
    const unconfirmedAndIgnored = () => unconfirmedNotMade(s);
    const OTHER_ADMIN = { userId: "U0ADMIN002", isAdmin: true };

    // Act: the first run's line is not delivered; the job runs again; then another admin clicks.
    unconfirmedAndIgnored();
    const first = await answerClick(click, s.deps, { viewer: ADMIN });
    await first.settleAudit!(false);
    unconfirmedAndIgnored();
    const again = await answerClick(click, s.deps, { viewer: ADMIN });
    await again.settleAudit!(true);
    unconfirmedAndIgnored();
    const repeated = await answerClick(click, s.deps, { viewer: ADMIN });
    unconfirmedAndIgnored();
    const other = await answerClick(click, s.deps, { viewer: OTHER_ADMIN });

    // Assess: said again after the failed delivery, not after the delivered one; the other admin's said.
    expect(first.audit!.text).toContain("could not be confirmed");
    expect(again.audit!.text).toContain(`<@${ADMIN.userId}> asked to pause`);
    expect(repeated.audit).toBeUndefined();
    expect(other.audit!.text).toContain(`<@${OTHER_ADMIN.userId}> asked to pause`);
    expect(s.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(true);
  });

  it("a button value cannot add fields: the decoded click carries only what the button may say", () => {
    const forged = JSON.stringify({ id: 5, writeStarted: true, isAdmin: true });

    const action = decodeClick(ACTION_IDS.pause, forged);

    expect(action).toEqual({ kind: "toggle", id: 5, active: false });
  });

  it("reports a failed write as a failure, not a change", async () => {
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    s.emu.faults.sequence(["write-refused"]);

    const outcome = await answerClick({ kind: "toggle", id: hook.Id, active: false }, s.deps, {
      viewer: ADMIN,
    });

    expect(outcome.failed).toBe(true);
    expect(outcome.audit).toBeUndefined();
    expectSafe(outcome.message);
  });

  it("builds the App Home view from the overview, and the reason when Nexudus fails", async () => {
    const view = await loadHomeView(s.deps, { viewer: USER });
    s.emu.faults.fraction(1, 503);
    const error = await loadHomeView(s.deps, { viewer: USER }).catch((e: unknown) => e);
    const failed = { type: "home", blocks: failureMessage(error).blocks };

    expect(view.type).toBe("home");
    expectSafe(view, "home");
    expect(JSON.stringify(view)).toContain("Nexudus webhooks");
    expectSafe(failed, "home");
    expect(JSON.stringify(failed)).toContain("503");
  });
});

describe("LocationsCache", () => {
  it("reads /sys/businesses once while fresh, again after the TTL on the injected clock", async () => {
    const clock = manualClock();
    const s = await startService({ clock });
    try {
      const cache = createLocationsCache({ client: s.deps.client, clock, ttlMs: 60_000 });

      const first = await cache.names();
      await cache.list();
      clock.advance(59_000);
      await cache.names();
      const beforeExpiry = requestsTo(s.emu, "/sys/businesses").length;
      clock.advance(2_000);
      await cache.names();

      expect(first.get(1414900125)).toBe("Downtown Hub");
      expect(beforeExpiry).toBe(1);
      expect(requestsTo(s.emu, "/sys/businesses")).toHaveLength(2);
    } finally {
      await s.close();
    }
  });

  it("does not cache a failure", async () => {
    const s = await startService();
    try {
      const cache = createLocationsCache({ client: s.deps.client, clock: s.deps.clock });
      s.emu.faults.sequence([500, 500]);

      await expect(cache.names()).rejects.toThrow();
      const names = await cache.names();

      expect(names.size).toBe(5);
    } finally {
      await s.close();
    }
  });
});
