import { ACTION_IDS, decodeActionValue, resultsMessage, validateMessage } from "@nwh/core/blocks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
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
  serialized,
} from "./helpers";

describe("resultsMessage", () => {
  it("renders a header, a summary, each webhook and the footer within the limits", () => {
    const message = resultsMessage(resultsModel({ excluded: 3 }), MEMBER);

    expect(validateMessage(message)).toEqual([]);
    expect(message.text).toBe("Failing webhooks: 12 found, page 1 of 3");
    expect(message.blocks[0]).toMatchObject({
      type: "header",
      text: { type: "plain_text", text: "Failing webhooks" },
    });
    expect(message.blocks[1].elements[0].text).toContain("*12* found  ·  page 1 of 3  ·  showing 1–5");
    const first = message.blocks[2].text.text as string;
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
    const never = message.blocks[5].text.text as string;
    expect(never).toContain("never delivered");
    expect(never).not.toContain("last success never");
    const footer = message.blocks.at(-1);
    expect(footer.type).toBe("context");
    expect(footer.elements[0].text).toBe("Exclusions removed 3");
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
    const row = message.blocks[2].text.text as string;
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
    expect(message.blocks[1].text.text).toContain("this search has 3 pages");
    const prev = buttons(message).find((b) => b.action_id === ACTION_IDS.pagePrev);
    expect(decodeActionValue(prev?.value)).toEqual({ q: "failing", p: 3 });
  });

  it("moves Pause/Resume into Details when 25 webhooks leave no room for a button row each", () => {
    const records = Array.from({ length: 25 }, (_, i) => record({ Id: 1000 + i, Name: `Hook ${i}` }));

    const message = resultsMessage(resultsModel({ records, size: 25, totalItems: 60 }), ADMIN);

    expect(validateMessage(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(actionIds(message).filter((id) => id === ACTION_IDS.details)).toHaveLength(25);
    expect(actionIds(message)).not.toContain(ACTION_IDS.pause);
    expect(serialized(message)).toContain("open its *Details*");
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
    // 22/23 rows: the last sizes with a Pause row per webhook; 24/25: Pause/Resume through Details.
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
        },
      ),
      { numRuns: 100 },
    );
  });
});
