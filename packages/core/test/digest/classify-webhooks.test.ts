import { describe, expect, it } from "vitest";
import { classifyWebhook, classifyWebhooks, type DigestItem } from "../../src/digest/classify-webhooks";
import { orderRecords } from "../../src/query/order-records";
import { DAY, HOUR, iso, NOW, webhook } from "./fixtures";

const options = { now: NOW, minErrors: 1 };

describe("classifyWebhook", () => {
  // Prepare: one row per situation the design names, with what the digest must make of it.
  const table: Array<{
    case: string;
    record: Parameters<typeof webhook>[0];
    minErrors?: number;
    expected: Pick<DigestItem, "class" | "isNew" | "neverDelivered"> | undefined;
  }> = [
    { case: "healthy", record: { Active: true, ErrorCount: 0 }, expected: undefined },
    { case: "paused by hand", record: { Active: false, ErrorCount: 0 }, expected: undefined },
    {
      case: "paused by hand, never delivered",
      record: { Active: false, ErrorCount: 0, LastTrigger: null },
      expected: undefined,
    },
    {
      case: "disabled after failures",
      record: { Active: false, ErrorCount: 10, LastTrigger: iso(NOW - 3 * DAY) },
      expected: { class: "disabled", isNew: false, neverDelivered: false },
    },
    {
      case: "inactive with fewer errors than minErrors still counts, as paused by a person",
      record: { Active: false, ErrorCount: 2, LastTrigger: iso(NOW - 3 * DAY) },
      minErrors: 5,
      expected: { class: "paused", isNew: false, neverDelivered: false },
    },
    {
      case: "inactive at 9 errors: paused by a person (Nexudus disables at 10), not disabled",
      record: { Active: false, ErrorCount: 9, LastTrigger: iso(NOW - 3 * DAY) },
      expected: { class: "paused", isNew: false, neverDelivered: false },
    },
    {
      case: "disabled, never delivered",
      record: { Active: false, ErrorCount: 10, LastTrigger: null },
      expected: { class: "disabled", isNew: false, neverDelivered: true },
    },
    {
      case: "failing for days",
      record: { ErrorCount: 4, LastTrigger: iso(NOW - 3 * DAY) },
      expected: { class: "failing", isNew: false, neverDelivered: false },
    },
    {
      case: "failing since yesterday (last success 23 h ago)",
      record: { ErrorCount: 2, LastTrigger: iso(NOW - 23 * HOUR) },
      expected: { class: "failing", isNew: true, neverDelivered: false },
    },
    {
      case: "failing, last success exactly 24 h ago is still new",
      record: { ErrorCount: 2, LastTrigger: iso(NOW - DAY) },
      expected: { class: "failing", isNew: true, neverDelivered: false },
    },
    {
      case: "failing, last success 25 h ago is not new",
      record: { ErrorCount: 2, LastTrigger: iso(NOW - 25 * HOUR) },
      expected: { class: "failing", isNew: false, neverDelivered: false },
    },
    {
      case: "failing, never delivered (empty string)",
      record: { ErrorCount: 3, LastTrigger: "" },
      expected: { class: "failing", isNew: false, neverDelivered: true },
    },
    {
      case: "last success without a zone is read as UTC",
      record: { ErrorCount: 1, LastTrigger: "2026-11-29T09:00:00" },
      expected: { class: "failing", isNew: true, neverDelivered: false },
    },
    {
      case: ".NET's 0001-01-01 placeholder is an unknown last success, not never delivered",
      record: { ErrorCount: 1, LastTrigger: "0001-01-01T00:00:00" },
      expected: { class: "failing", isNew: false, neverDelivered: false },
    },
    {
      case: "an unreadable last success is unknown, not never delivered",
      record: { ErrorCount: 1, LastTrigger: "not a date" },
      expected: { class: "failing", isNew: false, neverDelivered: false },
    },
    {
      case: "a /Date(ms)/ last success is read",
      record: { ErrorCount: 1, LastTrigger: `/Date(${NOW - 3_600_000})/` },
      expected: { class: "failing", isNew: true, neverDelivered: false },
    },
    { case: "below minErrors", record: { ErrorCount: 2 }, minErrors: 3, expected: undefined },
    {
      case: "at minErrors",
      record: { ErrorCount: 3, LastTrigger: iso(NOW - 3 * DAY) },
      minErrors: 3,
      expected: { class: "failing", isNew: false, neverDelivered: false },
    },
    {
      case: "minErrors 0 does not make healthy webhooks failing",
      record: { ErrorCount: 0 },
      minErrors: 0,
      expected: undefined,
    },
  ];

  for (const row of table) {
    it(row.case, () => {
      // Act
      const item = classifyWebhook(webhook(row.record), { now: NOW, minErrors: row.minErrors ?? 1 });
      // Assess
      expect(item && { class: item.class, isNew: item.isNew, neverDelivered: item.neverDelivered }).toEqual(
        row.expected,
      );
    });
  }
});

describe("classifyWebhooks", () => {
  it("orders by severity: disabled, then errors desc, never delivered first on ties, then name", () => {
    // Prepare
    const records = [
      webhook({ Id: 1, Name: "b failing 5", ErrorCount: 5 }),
      webhook({ Id: 2, Name: "a failing 5", ErrorCount: 5 }),
      webhook({ Id: 3, Name: "z failing 5 never", ErrorCount: 5, LastTrigger: null }),
      webhook({ Id: 4, Name: "failing 9", ErrorCount: 9 }),
      webhook({ Id: 5, Name: "disabled 10", Active: false, ErrorCount: 10 }),
      webhook({ Id: 6, Name: "disabled 12", Active: false, ErrorCount: 12 }),
      webhook({ Id: 7, Name: "healthy" }),
      webhook({ Id: 8, Name: "failing 1", ErrorCount: 1 }),
      webhook({ Id: 9, Name: "A failing 5", ErrorCount: 5 }),
    ];
    // Act
    const ids = classifyWebhooks(records, options).map((i) => i.record.Id);
    // Assess: case-insensitive names, ids break the last tie.
    expect(ids).toEqual([6, 5, 4, 3, 2, 9, 1, 8]);
  });

  it("breaks errors ties by the longest without a success, as the searches and the overview do, before names", () => {
    // Prepare: three at 5 errors; the name order is the reverse of how long each has gone without a success.
    const records = [
      webhook({ Id: 1, Name: "a recent", ErrorCount: 5, LastTrigger: iso(NOW - HOUR) }),
      webhook({ Id: 2, Name: "b a week", ErrorCount: 5, LastTrigger: iso(NOW - 7 * DAY) }),
      webhook({ Id: 3, Name: "c two months", ErrorCount: 5, LastTrigger: iso(NOW - 60 * DAY) }),
    ];
    // Act
    const ids = classifyWebhooks(records, options).map((i) => i.record.Id);
    // Assess: the same order `sort:-errors` gives (orderRecords).
    expect(ids).toEqual([3, 2, 1]);
    expect(orderRecords(records, { field: "errors", descending: true }).map((r) => r.Id)).toEqual(ids);
  });

  it("puts webhooks paused by a person after the failing ones: they cannot get worse while paused", () => {
    const records = [
      webhook({ Id: 1, Name: "paused 9", Active: false, ErrorCount: 9 }),
      webhook({ Id: 2, Name: "failing 1", ErrorCount: 1 }),
      webhook({ Id: 3, Name: "disabled 10", Active: false, ErrorCount: 10 }),
    ];

    const items = classifyWebhooks(records, options);

    expect(items.map((i) => [i.record.Id, i.class])).toEqual([
      [3, "disabled"],
      [2, "failing"],
      [1, "paused"],
    ]);
  });

  it("keeps each webhook once when both searches return it", () => {
    // Prepare: the failing and the disabled search overlap on disabled webhooks with errors.
    const disabled = webhook({ Id: 42, Active: false, ErrorCount: 10 });
    // Act
    const items = classifyWebhooks([disabled, webhook({ Id: 43, ErrorCount: 2 }), { ...disabled }], options);
    // Assess
    expect(items.map((i) => i.record.Id)).toEqual([42, 43]);
  });
});
