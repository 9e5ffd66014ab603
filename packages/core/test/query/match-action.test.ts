import { describe, expect, it } from "vitest";
import { ACTIONS } from "../../src/nexudus/actions";
import { editDistance, suggest } from "../../src/query/edit-distance";
import { matchAction } from "../../src/query/match-action";

describe("matchAction", () => {
  it("every enum name matches itself in any case, and every number matches its action", () => {
    for (const action of ACTIONS) {
      expect(matchAction(action.name)).toEqual({ ok: true, id: action.id });
      expect(matchAction(action.name.toUpperCase())).toEqual({ ok: true, id: action.id });
      expect(matchAction(String(action.id))).toEqual({ ok: true, id: action.id });
    }
  });

  it.each([
    ["invoice paid", 21],
    ["paid invoice", 21],
    ["booking created", 6],
    ["Booking-Create", 6],
    ["booking_created", 6],
    ["invoice create", 16],
    ["member created", 3],
    ["helpdesk message created", 45],
    ["HelpDeskMessageCreated", 45],
    ["visitor checked in", 41],
    ["floor plan create", 78],
    ["payment method update", 90],
  ])("words %j → %i", (words, id) => {
    // Act / Assess
    expect(matchAction(words)).toEqual({ ok: true, id });
  });

  it.each([
    ["booking", ["BookingCreate", "BookingUpdate", "BookingDelete"]],
    [
      "ledger entry",
      [
        "CoworkerInvoiceLedgerEntryCreate",
        "CoworkerInvoiceLedgerEntryDelete",
        "CoworkerInvoiceLedgerEntryUpdate",
      ],
    ],
  ])("ambiguous %j lists the candidates", (words, candidates) => {
    // Act / Assess
    const ids = candidates.map((name) => ACTIONS.find((a) => a.name === name)!.id);
    expect(matchAction(words)).toEqual({ ok: false, reason: "ambiguous", candidates, ids });
  });

  it("one generic word stays ambiguous rather than guessing", () => {
    // Act
    const created = matchAction("created");
    const checkin = matchAction("checkin");
    // Assess
    expect(created).toMatchObject({ ok: false, reason: "ambiguous" });
    expect(checkin).toMatchObject({ ok: false, reason: "ambiguous" });
    if (!checkin.ok && checkin.reason === "ambiguous")
      expect(checkin.candidates).toContain("CoworkerCheckin");
  });

  it.each([
    ["BokingCreate", ["BookingCreate"]],
    ["invoce paid", ["CoworkerInvoicePaid"]],
    ["CoworkerInvoicePiad", ["CoworkerInvoicePaid"]],
    ["xyzzy", []],
    ["ação", []],
  ])("typo %j suggests %j (at most 3)", (typo, suggestions) => {
    // Act / Assess
    expect(matchAction(typo)).toEqual({ ok: false, reason: "unknown", suggestions });
  });

  it("numbers outside 1–90 are out of range", () => {
    // Act / Assess
    expect(matchAction("0")).toEqual({ ok: false, reason: "out-of-range" });
    expect(matchAction("91")).toEqual({ ok: false, reason: "out-of-range" });
    expect(matchAction("00006")).toEqual({ ok: false, reason: "out-of-range" });
  });
});

describe("edit distance and suggestions", () => {
  it.each([
    ["action", "action", 0],
    ["actoin", "action", 1],
    ["acton", "action", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("%s ↔ %s = %i", (a, b, d) => {
    // Act / Assess
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it("stops early past the bound", () => {
    // Act / Assess
    expect(editDistance("abcdefgh", "zyxwvuts", 2)).toBe(3);
  });

  it("suggests within the typo tolerance, at most three, nearest first", () => {
    // Act
    const keys = suggest("erors", ["errors", "error", "name", "url", "sort"]);
    const many = suggest("nme", ["time", "name", "nm", "me", "nam"], { maxDistance: 2 });
    // Assess
    expect(keys).toEqual(["errors"]);
    expect(many).toEqual(["name", "nm", "me"]);
  });

  it("a payment word is not mistaken for paid: the candidates are listed", () => {
    // Act / Assess
    expect(matchAction("invoice payed")).toMatchObject({ ok: false, reason: "ambiguous" });
  });
});
