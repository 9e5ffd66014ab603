import {
  ACTION_IDS,
  decodeActionValue,
  resultsMessage,
  rowChoiceOf,
  validateMessage,
} from "@nwh/core/blocks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blocksOf } from "../service/support";
import {
  ADMIN,
  actionIds,
  arbLocations,
  arbRecord,
  buttons,
  expectSafe,
  HOSTILE,
  hostileText,
  MEMBER,
  RECORDS,
  record,
  resultsModel,
  rowMenus,
  serialized,
} from "./helpers";

describe("resultsMessage", () => {
  it("renders a header, a summary, each webhook and the footer within the limits", () => {
    const message = resultsMessage(resultsModel({ excluded: 3 }), MEMBER);

    expect(validateMessage(message)).toEqual([]);
    expect(message.text).toBe("Failing webhooks: 12 found, page 1 of 3");
    expect(blocksOf(message)[0]).toMatchObject({
      type: "header",
      text: { type: "plain_text", text: "Failing webhooks" },
    });
    expect(blocksOf(message)[1].elements[0].text).toContain("*12* found  ·  page 1 of 3  ·  showing 1–5");
    const first = blocksOf(message)[2].text.text as string;
    expect(first).toContain(":red_circle: *Zapier: new bookings → HubSpot*");
    expect(first).toContain("BookingCreate");
    expect(first).toContain("Downtown Hub");
    expect(first).toContain("▰▰▰▰▰▰▰▱▱▱ 7/10");
    expect(first).toContain(
      "last success 2 days ago (<!date^1741338900^{date_short_pretty} {time}|2025-03-07 09:15 UTC>)",
    );
    expect(first).toContain("`hooks.zapier.com`");
    expect(first).toContain(
      "Last error: `The remote server returned an error: (500) Internal Server Error.`",
    );
    const never = blocksOf(message)[5].text.text as string;
    expect(never).toContain("never delivered");
    expect(never).not.toContain("last success never");
    const footer = blocksOf(message).at(-1);
    expect(footer.type).toBe("context");
    expect(footer.elements[0].text).toBe("3 left out by your exclusions");
  });

  it("gives every webhook a Details button carrying its id, the query and the page", () => {
    const message = resultsMessage(resultsModel({ page: 2 }), MEMBER);

    const details = buttons(message).filter((b) => b.action_id === ACTION_IDS.details);
    expect(details.map((b) => decodeActionValue(b.value))).toEqual(
      RECORDS.map((r) => ({ id: r.Id, q: "failing", p: 2 })),
    );
  });

  it("shows Pause or Resume with a confirm dialog to admins only", () => {
    const member = resultsMessage(resultsModel(), MEMBER);
    const admin = resultsMessage(resultsModel(), ADMIN);

    expect(actionIds(member)).not.toContain(ACTION_IDS.pause);
    expect(actionIds(member)).not.toContain(ACTION_IDS.resume);
    expect(validateMessage(admin)).toEqual([]);
    const toggles = buttons(admin).filter(
      (b) => b.action_id === ACTION_IDS.pause || b.action_id === ACTION_IDS.resume,
    );
    // Active webhooks can be paused, the disabled one resumed.
    expect(toggles.map((b) => b.action_id)).toEqual(
      RECORDS.map((r) => (r.Active ? ACTION_IDS.pause : ACTION_IDS.resume)),
    );
    for (const [i, b] of toggles.entries()) {
      expect(b.confirm).toMatchObject({ title: { type: "plain_text" }, confirm: { type: "plain_text" } });
      expect(decodeActionValue(b.value)).toEqual({ id: RECORDS[i]!.Id, q: "failing", p: 1 });
    }
  });

  it("offers Previous and Next only when there is such a page", () => {
    const ids = (page: number, totalPages: number) =>
      actionIds(resultsMessage(resultsModel({ page, totalPages, totalItems: totalPages * 5 }), MEMBER));

    expect(ids(1, 1)).not.toContain(ACTION_IDS.pagePrev);
    expect(ids(1, 1)).not.toContain(ACTION_IDS.pageNext);
    expect(ids(1, 3)).toContain(ACTION_IDS.pageNext);
    expect(ids(1, 3)).not.toContain(ACTION_IDS.pagePrev);
    expect(ids(3, 3)).toContain(ACTION_IDS.pagePrev);
    expect(ids(3, 3)).not.toContain(ACTION_IDS.pageNext);
    const middle = resultsMessage(resultsModel({ page: 2 }), MEMBER);
    const values = Object.fromEntries(buttons(middle).map((b) => [b.action_id, decodeActionValue(b.value)]));
    expect(values[ACTION_IDS.pagePrev]).toEqual({ q: "failing", p: 1 });
    expect(values[ACTION_IDS.pageNext]).toEqual({ q: "failing", p: 3 });
    expect(values[ACTION_IDS.share]).toEqual({ q: "failing", p: 2 });
  });

  it("when shared: no admin or share buttons, and a Shared by line with a validated user id", () => {
    const shared = resultsMessage(resultsModel(), ADMIN, { shared: { byUserId: "U024BE7LH" } });
    const forged = resultsMessage(resultsModel(), ADMIN, { shared: { byUserId: "U1> <!channel" } });

    expect(validateMessage(shared)).toEqual([]);
    expect(actionIds(shared)).not.toContain(ACTION_IDS.share);
    expect(actionIds(shared)).not.toContain(ACTION_IDS.pause);
    expect(actionIds(shared)).not.toContain(ACTION_IDS.resume);
    expect(actionIds(shared)).toContain(ACTION_IDS.details);
    expect(serialized(shared)).toContain("Shared by <@U024BE7LH>");
    expect(serialized(forged)).toContain("Shared by a teammate");
    expectSafe(forged);
  });

  it("renders hostile names, URLs and errors safely, fallback text included", () => {
    const message = resultsMessage(
      resultsModel({ records: [HOSTILE], title: "webhooks named <!channel>" }),
      ADMIN,
    );

    expect(validateMessage(message)).toEqual([]);
    expectSafe(message);
    const row = blocksOf(message)[2].text.text as string;
    expect(row).toContain("&lt;!channel&gt;");
    // The name's own asterisks cannot pair with the bold markup around it.
    expect(row).not.toContain("*urgent*");
    expect(row).toContain("Location #9999");
    expect(message.text).toContain("&lt;!channel&gt;");
  });

  it("answers an empty search with a friendly line pointing to /webhooks help", () => {
    const message = resultsMessage(
      resultsModel({ records: [], totalItems: 0, totalPages: 0, query: "name:<nope>" }),
      ADMIN,
    );

    expect(validateMessage(message)).toEqual([]);
    expect(serialized(message)).toContain("/webhooks help");
    expect(serialized(message)).toContain("`name:&lt;nope&gt;`");
    expect(actionIds(message)).toEqual([]);
  });

  it("answers a page past the end with a way back to the last page", () => {
    const message = resultsMessage(
      resultsModel({ records: [], page: 9, totalItems: 12, totalPages: 3 }),
      MEMBER,
    );

    expect(validateMessage(message)).toEqual([]);
    expect(blocksOf(message)[1].text.text).toContain("this search has 3 pages");
    const prev = buttons(message).find((b) => b.action_id === ACTION_IDS.pagePrev);
    expect(decodeActionValue(prev?.value)).toEqual({ q: "failing", p: 3 });
  });

  it("keeps every action on a full page for an admin: one row menu per webhook at size:24 and size:25", () => {
    for (const n of [24, 25]) {
      const records = Array.from({ length: n }, (_, i) =>
        record({ Id: 1000 + i, Name: `Hook ${i}`, Active: i % 3 !== 0, ErrorCount: i % 11 }),
      );

      const message = resultsMessage(resultsModel({ records, size: 25, totalItems: 60 }), ADMIN);

      expect(validateMessage(message), `${n} rows`).toEqual([]);
      expect(blocksOf(message).length).toBeLessThanOrEqual(50);
      const menus = rowMenus(message);
      expect(menus).toHaveLength(n);
      for (const [i, menu] of menus.entries()) {
        const r = records[i]!;
        expect(menu.action_id).toBe(ACTION_IDS.rowMenu);
        // What validateMessage does not check of an overflow: 2–5 options, plain_text ≤ 75, values ≤ 150.
        expect(menu.options.length).toBeGreaterThanOrEqual(2);
        expect(menu.options.length).toBeLessThanOrEqual(5);
        for (const o of menu.options) {
          expect(o.text.type).toBe("plain_text");
          expect(o.text.text.length).toBeLessThanOrEqual(75);
          expect(o.value.length).toBeLessThanOrEqual(150);
        }
        expect(
          menu.options.map((o) => [o.text.text, rowChoiceOf(o.value), decodeActionValue(o.value)]),
        ).toEqual([
          ["Details", "details", { id: r.Id, q: "failing", p: 1 }],
          r.Active
            ? ["Pause…", "pause", { id: r.Id, q: "failing", p: 1 }]
            : ["Resume…", "resume", { id: r.Id, q: "failing", p: 1 }],
        ]);
      }
      // Nothing is left to find elsewhere.
      expect(serialized(message)).not.toContain("open its *Details*");
    }
  });

  it("keeps a row menu's option values within Slack's 150 characters, dropping a long query first", () => {
    const records = Array.from({ length: 25 }, (_, i) => record({ Id: 2_147_483_000 + i }));
    const query = `name:"${"x".repeat(400)}"`;

    const message = resultsMessage(resultsModel({ records, size: 25, query, page: 40_000 }), ADMIN);

    expect(validateMessage(message)).toEqual([]);
    for (const menu of rowMenus(message)) {
      for (const o of menu.options) {
        expect(o.value.length).toBeLessThanOrEqual(150);
        expect(decodeActionValue(o.value)?.id).toBeGreaterThan(2_147_482_999);
      }
    }
  });

  it("gives members a Details button per row on a full page, never a menu", () => {
    const records = Array.from({ length: 25 }, (_, i) => record({ Id: 1000 + i }));

    const message = resultsMessage(resultsModel({ records, size: 25, totalItems: 60 }), MEMBER);

    expect(validateMessage(message)).toEqual([]);
    expect(rowMenus(message)).toEqual([]);
    expect(actionIds(message).filter((id) => id === ACTION_IDS.details)).toHaveLength(25);
  });

  it("explains every icon it shows in a one-line legend at the foot of the results", () => {
    const message = resultsMessage(resultsModel(), MEMBER);

    const footer = (blocksOf(message).at(-1).elements as Array<{ text: string }>).map((e) => e.text);
    const legend = footer.at(-1)!;
    expect(legend.split("\n")).toHaveLength(1);
    // The fixtures show a disabled one (10/10, inactive), two close to auto-disable, one failing, one healthy.
    expect(legend).toBe(
      ":no_entry: disabled by Nexudus after 10 failures  ·  :red_circle: 7+ errors, close to auto-disable  ·  :large_orange_circle: failing  ·  :large_green_circle: healthy",
    );
  });

  it("tells a webhook paused by a person (or this bot) from one disabled by Nexudus, with who and when", () => {
    const pausedByBot = record({
      Id: 1,
      Active: false,
      ErrorCount: 9,
      UpdatedBy: "bot@example-coworking.com",
      UpdatedOn: "2025-03-09T18:30:00Z",
    });
    const pausedByOps = record({ Id: 2, Active: false, ErrorCount: 4, UpdatedBy: "ops@example.com" });
    const disabled = record({ Id: 3, Active: false, ErrorCount: 10, UpdatedBy: "Nexudus" });

    const message = resultsMessage(
      resultsModel({ records: [pausedByBot, pausedByOps, disabled], botUser: "bot@example-coworking.com" }),
      MEMBER,
    );

    expect(validateMessage(message)).toEqual([]);
    const rows = blocksOf(message)
      .slice(2, 5)
      .map((b) => b.text.text as string);
    expect(rows[0]).toMatch(/^:double_vertical_bar: /);
    expect(rows[0]).toContain(
      "paused by this bot, <!date^1741545000^{date_short_pretty} {time}|2025-03-09 18:30 UTC>",
    );
    expect(rows[1]).toMatch(/^:double_vertical_bar: /);
    expect(rows[1]).toContain("paused by ops@example.com, <!date^");
    expect(rows[2]).toMatch(/^:no_entry: /);
    expect(rows[2]).toContain("disabled by Nexudus after 10 failures");
    expect(serialized(blocksOf(message).at(-1))).toContain(
      ":double_vertical_bar: paused by a person or an API client",
    );
  });

  it("keeps per-row Pause buttons for admins as long as they fit (22 rows)", () => {
    const records = Array.from({ length: 22 }, (_, i) => record({ Id: 1000 + i }));

    const message = resultsMessage(resultsModel({ records, size: 22, totalItems: 60 }), ADMIN);

    expect(validateMessage(message)).toEqual([]);
    expect(actionIds(message).filter((id) => id === ACTION_IDS.pause)).toHaveLength(22);
  });

  it("shortens 25 huge names and errors to fit the 11,000-char budget, keeping every webhook", () => {
    const records = Array.from({ length: 25 }, (_, i) =>
      record({ Id: i + 1, Name: `N${i} ${"&".repeat(10_000)}`, LastError: "<e>".repeat(33_000) }),
    );

    const message = resultsMessage(resultsModel({ records, size: 25 }), MEMBER);

    expect(validateMessage(message)).toEqual([]);
    for (let i = 0; i < 25; i++) expect(serialized(message)).toContain(`N${i} &amp;`);
  });

  it("fits worst-case content at page sizes from 1 to 25 (every layout switch), for members, admins and shared answers", () => {
    const huge = record({
      Id: 2_147_483_000,
      BusinessId: 1001,
      Action: 999_999,
      Name: "&".repeat(10_000),
      URL: `https://${"a".repeat(300)}.example/x?token=tok_live_4f8a9b`,
      LastError: "&<".repeat(50_000),
      ErrorCount: 40,
    });
    const locations = new Map([[1001, "&".repeat(3000)]]);
    // 22/23 rows: the last sizes with a Pause row per webhook; 24/25: Pause/Resume in a row menu.
    for (const n of [1, 2, 7, 13, 21, 22, 23, 24, 25]) {
      const records = Array.from({ length: n }, () => huge);
      const big = resultsModel({
        records,
        locations,
        query: "&".repeat(500),
        title: "&".repeat(300),
        page: 2,
        size: 25,
      });
      for (const [viewer, options] of [
        [MEMBER, {}],
        [ADMIN, {}],
        [ADMIN, { shared: { byUserId: "U024BE7LH" } }],
      ] as const) {
        const message = resultsMessage(
          { ...big, totalItems: 999_999, totalPages: 40_000, excluded: 99_999 },
          viewer,
          options,
        );
        expect(validateMessage(message), `${n} rows`).toEqual([]);
        expect(actionIds(message).filter((id) => id === ACTION_IDS.details)).toHaveLength(n);
      }
    }
  });

  it("stays valid and safe for any 1–25 records, viewer, page, query and sharing", () => {
    fc.assert(
      fc.property(
        fc.array(arbRecord, { minLength: 1, maxLength: 25 }),
        arbLocations,
        fc.boolean(),
        fc.option(fc.constantFrom("U024BE7LH", "not-a-user", "W0ABC")),
        fc.integer({ min: 1, max: 40 }),
        hostileText(500),
        hostileText(300),
        fc.option(fc.nat({ max: 5000 })),
        (records, locations, isAdmin, sharedBy, page, query, title, excluded) => {
          const totalPages = page + (records.length % 2);
          const message = resultsMessage(
            resultsModel({
              records,
              locations,
              page,
              size: 25,
              totalItems: totalPages * 25,
              totalPages,
              query,
              title,
              ...(excluded === null ? {} : { excluded }),
            }),
            { userId: "U1", isAdmin },
            sharedBy === null ? {} : { shared: { byUserId: sharedBy } },
          );
          expect(validateMessage(message)).toEqual([]);
          expectSafe(message, { visibleOnly: true });
          expect(actionIds(message).filter((id) => id === ACTION_IDS.details)).toHaveLength(records.length);
          // Slack's overflow limits, which validateMessage does not check.
          for (const menu of rowMenus(message)) {
            expect(menu.options.length).toBeGreaterThanOrEqual(2);
            for (const o of menu.options) {
              expect(o.text.text.length).toBeLessThanOrEqual(75);
              expect(o.value.length).toBeLessThanOrEqual(150);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
