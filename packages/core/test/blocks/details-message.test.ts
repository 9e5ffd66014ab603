import { ACTION_IDS, decodeActionValue, validateMessage } from "@nwh/core/blocks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detailsMessage } from "../../src/blocks/details-message";
import { blocksOf } from "../service/support";
import {
  ADMIN,
  actionIds,
  arbLocations,
  arbRecord,
  buttons,
  detailsModel,
  expectSafe,
  HOSTILE,
  MAKE_DISABLED,
  MEMBER,
  serialized,
  ZAPIER,
} from "./helpers";

/** The text of every field of the details message, joined. */
function fieldsText(message: { blocks: unknown[] }): string {
  return blocksOf(message)
    .flatMap((b) => b.fields ?? [])
    .map((f: { text: string }) => f.text)
    .join("\n");
}

describe("detailsMessage", () => {
  it("shows the full record: status, action name and number, location, Active, errors, dates, URL", () => {
    const message = detailsMessage(
      detailsModel({ record: { ...ZAPIER, Description: "Syncs bookings\n\nto HubSpot" } }),
      MEMBER,
    );

    expect(validateMessage(message)).toEqual([]);
    expect(blocksOf(message)[0]).toMatchObject({
      type: "header",
      text: { text: "Zapier: new bookings → HubSpot" },
    });
    const fields = fieldsText(message);
    expect(fields).toContain(":red_circle: failing, close to auto-disable");
    expect(fields).toContain("BookingCreate (6)");
    expect(fields).toContain("Downtown Hub (#1001)");
    expect(fields).toContain("*Active*\nYes");
    expect(fields).toContain("▰▰▰▰▰▰▰▱▱▱ 7/10");
    expect(fields).toContain("2 days ago (<!date^1741338900^");
    expect(fields).toContain("*Created*\n<!date^1714557600^{date_short_pretty} {time}|2024-05-01 10:00 UTC>");
    expect(fields).toContain("by ops@example.com");
    expect(fields).toContain("#87654321  ·  `6a1f9c2e-2f4b-4c1d-9a77-0c3e5d8b1f20`");
    const json = serialized(message);
    // The Zapier catch-hook key is a credential: redacted, and the URL shown as code.
    expect(json).toContain("`https://hooks.zapier.com/hooks/catch/123456/REDACTED/`");
    expect(json).toContain("*Description*\\nSyncs bookings\\n\\nto HubSpot");
    expect(json).toContain("```The remote server returned an error: (500) Internal Server Error.```");
    expect(message.text).toBe(
      "Webhook “Zapier: new bookings → HubSpot” (#87654321): failing, close to auto-disable, 7 consecutive errors",
    );
  });

  it("renders the hostile record safely: escaped name, redacted URL and error, no link", () => {
    const message = detailsMessage(detailsModel({ record: HOSTILE }), ADMIN);

    expect(validateMessage(message)).toEqual([]);
    expectSafe(message);
    const json = serialized(message);
    expect(json).toContain("`https://REDACTED@hooks.example.com/in?token=REDACTED&amp;team=ops`");
    expect(json).toContain("by &lt;!everyone&gt; &lt;@U0EVIL&gt;");
    expect(json).toContain("Location #9999");
    expect(json).not.toContain("(#9999)");
  });

  it("offers Share to everyone and Pause or Resume (with a confirm) to admins only", () => {
    expect(actionIds(detailsMessage(detailsModel(), MEMBER))).toEqual([ACTION_IDS.share]);
    expect(actionIds(detailsMessage(detailsModel(), ADMIN))).toEqual([ACTION_IDS.share, ACTION_IDS.pause]);
    const disabled = detailsMessage(detailsModel({ record: MAKE_DISABLED }), ADMIN);
    const resume = buttons(disabled).find((b) => b.action_id === ACTION_IDS.resume);
    expect(resume?.confirm).toMatchObject({ confirm: { text: "Resume" } });
    expect(decodeActionValue(resume?.value)).toEqual({ id: MAKE_DISABLED.Id });
    const share = buttons(disabled).find((b) => b.action_id === ACTION_IDS.share);
    expect(decodeActionValue(share?.value)).toEqual({ id: MAKE_DISABLED.Id });
  });

  it("offers Back to results (runSearch with the query and page) when it came from a search", () => {
    const message = detailsMessage(detailsModel({ fromQuery: "failing action:6", fromPage: 2 }), ADMIN);

    const values = Object.fromEntries(buttons(message).map((b) => [b.action_id, decodeActionValue(b.value)]));
    expect(values[ACTION_IDS.runSearch]).toEqual({ q: "failing action:6", p: 2 });
    expect(values[ACTION_IDS.pause]).toEqual({ id: ZAPIER.Id, q: "failing action:6", p: 2 });
  });

  it("leads back to the overview, not to a search, when it was opened from the overview or Home", () => {
    const message = detailsMessage(detailsModel({ fromQuery: "", fromPage: 1 }), MEMBER);

    expect(validateMessage(message)).toEqual([]);
    const back = buttons(message).find((b) => b.action_id === ACTION_IDS.runSearch);
    expect(back?.text.text).toBe("◀ Back to overview");
    expect(decodeActionValue(back?.value)).toEqual({ q: "", p: 1 });
    const fromSearch = detailsMessage(detailsModel({ fromQuery: "failing", fromPage: 2 }), MEMBER);
    expect(buttons(fromSearch).find((b) => b.action_id === ACTION_IDS.runSearch)?.text.text).toBe(
      "◀ Back to results",
    );
  });

  it("says a 9/10 webhook switched off by a person is paused, by whom and when, not disabled by Nexudus", () => {
    const paused = {
      ...ZAPIER,
      Active: false,
      ErrorCount: 9,
      UpdatedBy: "ops@example.com",
      UpdatedOn: "2025-03-09T18:30:00Z",
    };

    const byOps = detailsMessage(detailsModel({ record: paused }), MEMBER);
    const byBot = detailsMessage(detailsModel({ record: paused, botUser: "OPS@example.com" }), MEMBER);
    const disabled = detailsMessage(detailsModel({ record: MAKE_DISABLED }), MEMBER);

    expect(validateMessage(byOps)).toEqual([]);
    expect(fieldsText(byOps)).toContain(
      "*Status*\n:double_vertical_bar: paused by ops@example.com, <!date^1741545000^{date_short_pretty} {time}|2025-03-09 18:30 UTC>",
    );
    expect(fieldsText(byOps)).not.toContain("disabled");
    expect(fieldsText(byBot)).toContain(":double_vertical_bar: paused by this bot, <!date^1741545000^");
    expect(byBot.text).toContain("paused by this bot");
    expect(fieldsText(disabled)).toContain("*Status*\n:no_entry: disabled by Nexudus after 10 failures");
  });

  it("warns in Resume's confirm dialog that a 9/10 webhook is disabled again at its next failure", () => {
    const nine = detailsMessage(detailsModel({ record: { ...MAKE_DISABLED, ErrorCount: 9 } }), ADMIN);
    const five = detailsMessage(detailsModel({ record: { ...MAKE_DISABLED, ErrorCount: 5 } }), ADMIN);

    expect(validateMessage(nine)).toEqual([]);
    const confirm = (m: typeof nine) =>
      JSON.stringify(buttons(m).find((b) => b.action_id === ACTION_IDS.resume)?.confirm);
    expect(confirm(nine)).toContain("the next failed delivery disables it again");
    expect(confirm(five)).not.toContain("disables it again");
  });

  it("when shared: no buttons but a Shared by line", () => {
    const message = detailsMessage(detailsModel({ fromQuery: "failing" }), ADMIN, {
      shared: { byUserId: "U024BE7LH" },
    });

    expect(validateMessage(message)).toEqual([]);
    expect(actionIds(message)).toEqual([]);
    expect(serialized(message)).toContain("Shared by <@U024BE7LH>");
  });

  it("stays valid and safe for any record", () => {
    fc.assert(
      fc.property(
        arbRecord,
        arbLocations,
        fc.boolean(),
        fc.option(fc.string({ maxLength: 500 })),
        (r, locations, isAdmin, fromQuery) => {
          const message = detailsMessage(
            detailsModel({ record: r, locations, ...(fromQuery === null ? {} : { fromQuery, fromPage: 3 }) }),
            { userId: "U1", isAdmin },
          );
          expect(validateMessage(message)).toEqual([]);
          expectSafe(message, { visibleOnly: true });
        },
      ),
      { numRuns: 100 },
    );
  });
});
