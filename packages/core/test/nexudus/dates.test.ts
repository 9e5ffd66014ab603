import { parseNexudusDate } from "@nwh/core/nexudus";
import { describe, expect, it } from "vitest";
import { lastDeliveryOf, normalizeDates } from "../../src/nexudus/dates";

const iso = (value: unknown, zone?: string) => parseNexudusDate(value, zone)?.toISOString();

describe("parseNexudusDate", () => {
  it("reads ISO 8601 with Z, with an offset, without one (UTC), with .NET's 7 fractional digits", () => {
    expect(iso("2025-01-01T08:00:00Z")).toBe("2025-01-01T08:00:00.000Z");
    expect(iso("2025-01-01T09:00:00+01:00")).toBe("2025-01-01T08:00:00.000Z");
    expect(iso("2025-01-01T03:00:00-0500")).toBe("2025-01-01T08:00:00.000Z");
    expect(iso("2025-01-01T08:00:00")).toBe("2025-01-01T08:00:00.000Z");
    expect(iso("2025-01-01T08:00:00.1234567Z")).toBe("2025-01-01T08:00:00.123Z");
    expect(iso("2025-01-01")).toBe("2025-01-01T00:00:00.000Z");
  });

  it("reads .NET's /Date(ms)/ and /Date(ms+0100)/ as the instant ms", () => {
    expect(iso("/Date(1735689600000)/")).toBe("2025-01-01T00:00:00.000Z");
    expect(iso("/Date(1735689600000+0100)/")).toBe("2025-01-01T00:00:00.000Z");
    // An instant stays an instant whatever the location's zone.
    expect(iso("/Date(1735689600000)/", "Europe/Berlin")).toBe("2025-01-01T00:00:00.000Z");
  });

  it("gives undefined for .NET's 0001-01-01, unparseable text, impossible dates and non-strings", () => {
    for (const value of [
      "0001-01-01T00:00:00",
      "/Date(-62135596800000)/",
      "yesterday",
      "1",
      "2025-02-30T10:00:00Z",
      "2025-01-01T25:00:00Z",
      "",
      null,
      undefined,
      1735689600000,
    ])
      expect(iso(value), String(value)).toBeUndefined();
  });

  it("with a zone, reads a value without a real offset (a fake Z included) as wall-clock time there", () => {
    expect(iso("2025-01-15T10:00:00Z", "Europe/London")).toBe("2025-01-15T10:00:00.000Z");
    expect(iso("2025-07-01T08:30:00Z", "Europe/Berlin")).toBe("2025-07-01T06:30:00.000Z");
    expect(iso("2025-07-01T08:30:15", "America/New_York")).toBe("2025-07-01T12:30:15.000Z");
    // A numeric offset is believed.
    expect(iso("2025-07-01T08:30:00+02:00", "America/New_York")).toBe("2025-07-01T06:30:00.000Z");
  });
});

describe("lastDeliveryOf", () => {
  it("is never only for null, absent or empty; unknown for what cannot be read", () => {
    expect(lastDeliveryOf({ LastTrigger: null }).kind).toBe("never");
    expect(lastDeliveryOf({}).kind).toBe("never");
    expect(lastDeliveryOf({ LastTrigger: " " }).kind).toBe("never");
    expect(lastDeliveryOf({ LastTrigger: "0001-01-01T00:00:00" }).kind).toBe("unknown");
    expect(lastDeliveryOf({ LastTrigger: "(unreadable)" }).kind).toBe("unknown");
    expect(lastDeliveryOf({ LastTrigger: "/Date(1735689600000)/" })).toEqual({
      kind: "at",
      at: new Date(1735689600000),
    });
  });
});

describe("normalizeDates", () => {
  it("rewrites readable dates as UTC ISO once, keeps what it cannot read, and leaves UTC values alone", () => {
    const record = {
      Id: 1,
      LastTrigger: "/Date(1735689600000)/",
      CreatedOn: "garbled",
      UpdatedOn: "2025-01-15T10:30:00Z",
    };
    expect(normalizeDates(record)).toEqual({ ...record, LastTrigger: "2025-01-01T00:00:00.000Z" });
    expect(normalizeDates({ Id: 2, UpdatedOn: "2025-01-15T10:30:00Z" })).toEqual({
      Id: 2,
      UpdatedOn: "2025-01-15T10:30:00Z",
    });
    expect(normalizeDates({ Id: 3, UpdatedOn: "2025-07-01T08:30:00Z" }, "Europe/Berlin").UpdatedOn).toBe(
      "2025-07-01T06:30:00.000Z",
    );
  });
});
