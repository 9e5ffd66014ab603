import { ACTION_IDS, decodeActionValue, validateMessage } from "@nwh/core/blocks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditMessage, toggleConfirmMessage, toggledMessage } from "../../src/blocks/toggle-messages";
import { blocksOf } from "../service/support";
import {
  arbLocations,
  arbRecord,
  buttons,
  expectSafe,
  HOSTILE,
  LOCATIONS,
  MAKE_DISABLED,
  NOW,
  toggledModel,
  ZAPIER,
} from "./helpers";

describe("toggleConfirmMessage", () => {
  it("summarizes the webhook and offers one confirm-protected Pause button", () => {
    const message = toggleConfirmMessage(ZAPIER, false, LOCATIONS, NOW);

    expect(validateMessage(message)).toEqual([]);
    const [only, ...rest] = buttons(message);
    expect(rest).toEqual([]);
    expect(only?.action_id).toBe(ACTION_IDS.pause);
    expect(only?.text.text).toBe("Pause webhook #87654321");
    expect(decodeActionValue(only?.value)).toEqual({ id: ZAPIER.Id });
    expect(only?.confirm).toMatchObject({ title: { text: "Pause this webhook?" }, style: "danger" });
    expect(JSON.stringify(message)).toContain("Zapier: new bookings → HubSpot");
  });

  it("offers Resume for a disabled webhook", () => {
    const message = toggleConfirmMessage(MAKE_DISABLED, true, LOCATIONS);

    expect(validateMessage(message)).toEqual([]);
    expect(buttons(message).map((b) => b.action_id)).toEqual([ACTION_IDS.resume]);
  });

  it("warns before resuming a webhook at 9 or 10 errors that its next failure disables it again", () => {
    const ten = toggleConfirmMessage(MAKE_DISABLED, true, LOCATIONS, NOW);
    const nine = toggleConfirmMessage({ ...MAKE_DISABLED, ErrorCount: 9 }, true, LOCATIONS, NOW);
    const three = toggleConfirmMessage({ ...MAKE_DISABLED, ErrorCount: 3 }, true, LOCATIONS, NOW);

    for (const message of [ten, nine]) {
      expect(validateMessage(message)).toEqual([]);
      const [resume] = buttons(message);
      // In the message and in the confirm dialog both.
      expect(JSON.stringify(blocksOf(message).slice(0, -1))).toContain(
        "next failed delivery disables it again",
      );
      expect(JSON.stringify(resume?.confirm)).toContain("next failed delivery disables it again");
    }
    expect(JSON.stringify(nine)).toContain("still counts 9 consecutive errors");
    expect(JSON.stringify(three)).not.toContain("disables it again");
  });

  it("chosen from a list's row menu: the button redraws that search afterwards, and a way back to it", () => {
    const message = toggleConfirmMessage(ZAPIER, false, LOCATIONS, NOW, { from: { q: "failing", p: 2 } });

    expect(validateMessage(message)).toEqual([]);
    const [pause, back, ...rest] = buttons(message);
    expect(rest).toEqual([]);
    expect(pause?.action_id).toBe(ACTION_IDS.pause);
    expect(decodeActionValue(pause?.value)).toEqual({ id: ZAPIER.Id, q: "failing", p: 2 });
    expect(back?.action_id).toBe(ACTION_IDS.runSearch);
    expect(back?.text.text).toBe("◀ Back to results");
    expect(decodeActionValue(back?.value)).toEqual({ q: "failing", p: 2 });
  });

  it("says there is nothing to do when the webhook is already in that state", () => {
    const message = toggleConfirmMessage(ZAPIER, true, LOCATIONS);

    expect(validateMessage(message)).toEqual([]);
    expect(buttons(message)).toEqual([]);
    expect(message.text).toContain("already active");
  });

  it("renders the hostile record safely", () => {
    const message = toggleConfirmMessage(HOSTILE, false, LOCATIONS, NOW);

    expect(validateMessage(message)).toEqual([]);
    expectSafe(message);
  });
});

describe("toggledMessage and auditMessage", () => {
  it("shows what was done and the updated record", () => {
    const message = toggledMessage(toggledModel());

    expect(validateMessage(message)).toEqual([]);
    expect(message.text).toBe("Webhook “Zapier: new bookings → HubSpot” (#87654321) paused.");
    // Paused by a person at 7/10: paused, not disabled by Nexudus.
    expect(JSON.stringify(message)).toContain(":double_vertical_bar:");
    expect(JSON.stringify(message)).not.toContain(":no_entry:");
    expect(JSON.stringify(message)).toContain("<@U024BE7LH> paused it");
    expect(buttons(message).map((b) => b.action_id)).toEqual([ACTION_IDS.details]);
  });

  it("after resuming a webhook at 9 or 10 errors, says the next failure disables it again", () => {
    const warned = toggledMessage(toggledModel({ active: true, record: { ...MAKE_DISABLED, Active: true } }));
    const plain = toggledMessage(toggledModel({ active: true, record: ZAPIER }));

    expect(validateMessage(warned)).toEqual([]);
    expect(JSON.stringify(warned)).toContain(":warning: It still counts 10 consecutive errors");
    expect(JSON.stringify(warned)).toContain("next failed delivery disables it again");
    expect(JSON.stringify(plain)).not.toContain("disables it again");
  });

  it("writes the audit line with the actor, the escaped name, the id and the location", () => {
    const paused = auditMessage(toggledModel());
    const resumed = auditMessage(toggledModel({ active: true, record: ZAPIER }));

    expect(validateMessage(paused)).toEqual([]);
    expect(paused.text).toBe(
      "<@U024BE7LH> paused webhook “Zapier: new bookings → HubSpot” (#87654321, Downtown Hub)",
    );
    expect(resumed.text).toBe(
      "<@U024BE7LH> resumed webhook “Zapier: new bookings → HubSpot” (#87654321, Downtown Hub)",
    );
    expect(blocksOf(paused)[0].text.text).toBe(paused.text);
  });

  it("never puts a malformed actor id or a hostile name into a mention or a link", () => {
    const message = auditMessage(toggledModel({ record: HOSTILE, actorUserId: "U1> <!channel" }));

    expect(validateMessage(message)).toEqual([]);
    expectSafe(message);
    expect(message.text).toMatch(
      /^Someone paused webhook “&lt;!channel&gt; \*urgent\* &lt;https:\/\/evil\.example\|click&gt;/,
    );
  });

  it("stays valid and safe for any record", () => {
    fc.assert(
      fc.property(arbRecord, arbLocations, fc.boolean(), (record, locations, active) => {
        const m = toggledModel({ record, locations, active });
        for (const message of [
          toggledMessage(m),
          auditMessage(m),
          toggleConfirmMessage(record, active, locations, NOW),
        ]) {
          expect(validateMessage(message)).toEqual([]);
          expectSafe(message);
        }
      }),
      { numRuns: 60 },
    );
  });
});
