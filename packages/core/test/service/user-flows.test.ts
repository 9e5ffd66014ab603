import {
  ACTION_IDS,
  decodeActionValue,
  encodeActionValue,
  encodeRowChoice,
  rowChoiceOf,
  validateMessage,
} from "@nwh/core/blocks";
import { homeAnswerView } from "@nwh/core/service";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeClick } from "../../src/service/execute-action";
import { loadHomeView } from "../../src/service/home-view";
import {
  ADMIN,
  answerClick,
  answerText,
  blocksOf,
  buttonsOf,
  expectSafe,
  requestsTo,
  startService,
  textOf,
  USER,
} from "./support";

/*
 * What a user meets going through the bot's answers: the overview's counts and its buttons, a row menu on
 * a full page, a resume that will fail again, who paused a webhook, and the way back from Details.
 */

type Started = Awaited<ReturnType<typeof startService>>;

/** The first number in the "*N* found" summary of a results message. */
function found(message: { blocks: unknown[] }): number {
  const match = /\*([\d,]+)\* found/.exec(textOf(message));
  if (!match) throw new Error("no found count");
  return Number(match[1]!.replace(/,/g, ""));
}

/** The overview's search rows: [text, button label, query]. */
function searchRows(message: { blocks: unknown[] }): Array<[string, string, string | undefined]> {
  return (
    message.blocks as Array<{
      text?: { text: string };
      accessory?: { action_id: string; text: { text: string }; value: string };
    }>
  )
    .filter((b) => b.accessory?.action_id === ACTION_IDS.runSearch)
    .map((b) => [b.text!.text, b.accessory!.text.text, decodeActionValue(b.accessory!.value)?.q]);
}

describe("what a user meets in the answers", () => {
  let s: Started;
  beforeEach(async () => {
    s = await startService();
  });
  afterEach(() => s.close());

  it("the overview counts disabled, paused and stale apart, each count equal to what its button finds", async () => {
    const hooks = s.emu.account.webhooks;
    const disabled = hooks.filter((h) => !h.Active && h.ErrorCount >= 10).length;
    const paused = hooks.filter((h) => !h.Active && h.ErrorCount < 10).length;
    expect(disabled).toBeGreaterThan(0);
    expect(paused).toBeGreaterThan(0);

    const overview = await answerText("", s.deps, { viewer: USER });

    expectSafe(overview);
    expect(overview.text).toContain(`${disabled} disabled by Nexudus`);
    expect(overview.text).toContain(`${paused} paused`);
    const rows = searchRows(overview);
    for (const label of ["Show failing", "Show disabled", "Show paused", "Show stale", "Show all"]) {
      const [text, , q] = rows.find(([, l]) => l === label)!;
      const count = Number(/\*([\d,]+) /.exec(text)![1]!.replace(/,/g, ""));
      const results = await answerText(q!, s.deps, { viewer: USER });
      expect(found(results), label).toBe(count);
    }
  });

  it("a full page keeps Pause for an admin: the row menu's Pause… asks as `pause ID` does, then redraws the page", async () => {
    // Prepare: a full page an admin sees, and the row menu of an active webhook on it.
    const list = await answerClick({ kind: "search", q: "all size:25" }, s.deps, { viewer: ADMIN });
    expect(validateMessage(list.message)).toEqual([]);
    const menus = (
      list.message.blocks as Array<{
        accessory?: { type: string; action_id: string; options: Array<{ value: string }> };
      }>
    )
      .map((b) => b.accessory)
      .filter((a) => a?.type === "overflow");
    expect(menus).toHaveLength(25);
    const option = menus.flatMap((m) => m!.options).find((o) => rowChoiceOf(o.value) === "pause")!;
    const id = decodeActionValue(option.value)!.id!;
    const typed = await answerText(`pause ${id}`, s.deps, { viewer: ADMIN });

    // Act: choose Pause…, then click the confirm message's button.
    const chosen = decodeClick(ACTION_IDS.rowMenu, option.value)!;
    const confirm = await answerClick(chosen, s.deps, { viewer: ADMIN });
    const stillActive = s.emu.account.webhooks.find((h) => h.Id === id)!.Active;
    const pause = buttonsOf(confirm.message).find((b) => b.action_id === ACTION_IDS.pause)!;
    const done = await answerClick(decodeClick(ACTION_IDS.pause, pause.value)!, s.deps, {
      viewer: ADMIN,
    });

    // Assess: nothing changed before the confirm; after it the same page, with the change on top.
    expectSafe(confirm.message);
    expect(stillActive).toBe(true);
    expect(blocksOf(confirm.message).slice(0, 2)).toEqual(blocksOf(typed).slice(0, 2));
    expect(s.emu.account.webhooks.find((h) => h.Id === id)!.Active).toBe(false);
    expectSafe(done.message);
    expect(blocksOf(done.message)[0].text.text).toContain(`(#${id}).`);
    expect(textOf(done.message)).toContain("page 1 of");
    expect(done.audit!.text).toContain(`<@${ADMIN.userId}> paused webhook`);
  });

  it("the row menu decodes to Details (with the search) or to the confirm step (an admin's right: see the pipeline)", async () => {
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;
    const from = { id: hook.Id, q: "failing", p: 2 };

    expect(decodeClick(ACTION_IDS.rowMenu, encodeRowChoice("details", from))).toEqual({
      kind: "details",
      id: hook.Id,
      from: { q: "failing", p: 2 },
    });
    expect(decodeClick(ACTION_IDS.rowMenu, encodeRowChoice("resume", from))).toEqual({
      kind: "confirm",
      id: hook.Id,
      active: true,
      from: { q: "failing", p: 2 },
    });
    expect(decodeClick(ACTION_IDS.rowMenu, encodeActionValue({ id: hook.Id }))).toBeUndefined();
    expect(requestsTo(s.emu, `/sys/webhooks/${hook.Id}`)).toHaveLength(0);
  });

  it("resuming a webhook at 10 errors says its next failure disables it again, in the list and alone", async () => {
    const [first, second] = s.emu.account.webhooks.filter((h) => !h.Active && h.ErrorCount >= 10);

    const fromList = await answerClick(
      { kind: "toggle", id: first!.Id, active: true, refresh: { q: "all", p: 1 } },
      s.deps,
      { viewer: ADMIN },
    );
    const alone = await answerClick({ kind: "toggle", id: second!.Id, active: true }, s.deps, {
      viewer: ADMIN,
    });

    for (const outcome of [fromList, alone]) {
      expectSafe(outcome.message);
      expect(textOf(outcome.message)).toContain("the next failed delivery disables it again");
    }
    expect(blocksOf(fromList.message)[0].text.text).toContain("Resumed");
    expect(blocksOf(fromList.message)[0].text.text).toContain("disables it again");
  });

  it("a webhook this bot paused says so: paused by this bot, not by its Nexudus user name", async () => {
    s.deps.config = { ...s.deps.config, botUser: s.emu.credentials.username };
    const hook = s.emu.account.webhooks.find((h) => h.Active && h.ErrorCount > 0)!;

    await answerClick({ kind: "toggle", id: hook.Id, active: false }, s.deps, { viewer: ADMIN });
    const details = await answerText(`show ${hook.Id}`, s.deps, { viewer: USER });

    expectSafe(details);
    expect(textOf(details)).toContain(":double_vertical_bar: paused by this bot, <!date^");
    expect(textOf(details)).not.toContain(`paused by ${s.emu.credentials.username}`);
  });

  it("App Home: Details opened from the overview leads back to the overview, once, not to the failing list", async () => {
    // Prepare: the Home tab and the Details button of its first worst webhook.
    const home = await loadHomeView(s.deps, { viewer: USER });
    const details = buttonsOf(home).find((b) => b.action_id === ACTION_IDS.details)!;

    // Act: click it on the tab, as the Home tab shows the answer.
    const outcome = await answerClick(decodeClick(ACTION_IDS.details, details.value)!, s.deps, {
      viewer: USER,
    });
    const view = homeAnswerView(outcome.message);

    // Assess: one way back, to the overview; it does lead there.
    expectSafe(view, "home");
    const backs = buttonsOf(view).filter((b) => b.action_id === ACTION_IDS.runSearch);
    expect(backs.map((b) => decodeActionValue(b.value)?.q)).toEqual([""]);
    const back = await answerClick(decodeClick(ACTION_IDS.runSearch, backs[0]!.value)!, s.deps, {
      viewer: USER,
    });
    expect(textOf(back.message)).toContain("Nexudus webhooks");
  });

  it("App Home: Details opened from a search page leads back to that search and page", async () => {
    const page = await answerClick({ kind: "search", q: "all size:5", page: 2 }, s.deps, { viewer: USER });
    const details = buttonsOf(homeAnswerView(page.message)).find((b) => b.action_id === ACTION_IDS.details)!;
    const { q, p } = decodeActionValue(details.value)!;
    expect([q, p]).toEqual(["page:2 size:5", 2]);

    const outcome = await answerClick(decodeClick(ACTION_IDS.details, details.value)!, s.deps, {
      viewer: USER,
    });

    const backs = buttonsOf(homeAnswerView(outcome.message))
      .filter((b) => b.action_id === ACTION_IDS.runSearch)
      .map((b) => decodeActionValue(b.value));
    expect(backs).toEqual([{ q, p }, { q: "" }]);
  });
});
