import type { WebhookRecord } from "@nwh/core/nexudus";
import { NexudusHttpError, NexudusTooManyRecordsError } from "@nwh/core/nexudus";
import { demoAccount, generateAccount } from "@nwh/emulator";
import { describe, expect, it } from "vitest";
import { clientFor, DEMO_NOW, emulator, rejectionOf, sysRequests } from "./support";

const MINUTE = 60_000;
const minute = (iso: string) => iso.slice(0, 16);
const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : undefined);
const ids = (records: ReadonlyArray<{ Id: number }>) => records.map((r) => r.Id).sort((a, b) => a - b);

/** Each documented filter and range, with the records it must select from the demo data. */
function filterCases(
  hooks: WebhookRecord[],
): Array<[string, Record<string, string>, (w: WebhookRecord) => boolean]> {
  const second = hooks.find((w) => w.BusinessId !== hooks[0]!.BusinessId)!;
  const failing = hooks.find((w) => w.LastError)!;
  const errorWord = failing.LastError!.split(/\s+/).find((word) => word.length > 3)!;
  const triggered = hooks.find((w) => w.LastTrigger)!;
  const sortedTriggers = hooks
    .map((w) => w.LastTrigger)
    .filter((t): t is string => !!t)
    .sort();
  const midTrigger = sortedTriggers[Math.floor(sortedTriggers.length / 2)]!;
  const created = hooks.map((w) => w.CreatedOn!).sort();
  const updated = hooks.map((w) => w.UpdatedOn!).sort();
  const inRange = (value: string | null | undefined, from?: string, to?: string) => {
    const at = ms(value);
    if (at === undefined) return false;
    return (
      (from === undefined || at >= Date.parse(`${from}Z`)) &&
      (to === undefined || at < Date.parse(`${to}Z`) + MINUTE)
    );
  };
  const q1 = created[Math.floor(created.length / 4)]!;
  const q3 = created[Math.floor((created.length * 3) / 4)]!;
  const u1 = updated[Math.floor(updated.length / 3)]!;
  return [
    [
      "WebHook_Business",
      { WebHook_Business: String(second.BusinessId) },
      (w) => w.BusinessId === second.BusinessId,
    ],
    ["WebHook_Name", { WebHook_Name: "hubspot" }, (w) => w.Name.toLowerCase().includes("hubspot")],
    ["WebHook_Action", { WebHook_Action: "6" }, (w) => w.Action === 6],
    [
      "WebHook_Description",
      { WebHook_Description: "slack" },
      (w) => (w.Description ?? "").toLowerCase().includes("slack"),
    ],
    ["WebHook_URL", { WebHook_URL: "hooks.slack.com" }, (w) => w.URL.includes("hooks.slack.com")],
    ["WebHook_Active=false", { WebHook_Active: "false" }, (w) => !w.Active],
    ["WebHook_Active=true", { WebHook_Active: "true" }, (w) => w.Active],
    [
      "WebHook_LastError",
      { WebHook_LastError: errorWord },
      (w) => (w.LastError ?? "").toLowerCase().includes(errorWord.toLowerCase()),
    ],
    ["WebHook_ErrorCount", { WebHook_ErrorCount: "10" }, (w) => w.ErrorCount === 10],
    [
      "WebHook_LastTrigger",
      { WebHook_LastTrigger: minute(triggered.LastTrigger!) },
      (w) => !!w.LastTrigger && minute(w.LastTrigger) === minute(triggered.LastTrigger!),
    ],
    ["from_WebHook_ErrorCount", { from_WebHook_ErrorCount: "3" }, (w) => w.ErrorCount >= 3],
    ["to_WebHook_ErrorCount", { to_WebHook_ErrorCount: "0" }, (w) => w.ErrorCount <= 0],
    [
      "from_/to_WebHook_ErrorCount",
      { from_WebHook_ErrorCount: "2", to_WebHook_ErrorCount: "5" },
      (w) => w.ErrorCount >= 2 && w.ErrorCount <= 5,
    ],
    [
      "from_WebHook_LastTrigger",
      { from_WebHook_LastTrigger: minute(midTrigger) },
      (w) => inRange(w.LastTrigger, minute(midTrigger)),
    ],
    [
      "to_WebHook_LastTrigger",
      { to_WebHook_LastTrigger: minute(midTrigger) },
      (w) => inRange(w.LastTrigger, undefined, minute(midTrigger)),
    ],
    [
      "from_/to_WebHook_CreatedOn",
      { from_WebHook_CreatedOn: minute(q1), to_WebHook_CreatedOn: minute(q3) },
      (w) => inRange(w.CreatedOn, minute(q1), minute(q3)),
    ],
    [
      "from_WebHook_UpdatedOn",
      { from_WebHook_UpdatedOn: minute(u1) },
      (w) => inRange(w.UpdatedOn, minute(u1)),
    ],
    [
      "to_WebHook_UpdatedOn",
      { to_WebHook_UpdatedOn: minute(u1) },
      (w) => inRange(w.UpdatedOn, undefined, minute(u1)),
    ],
  ];
}

describe("searchWebhooks", () => {
  const hooks = demoAccount(DEMO_NOW).webhooks;

  for (const [label, params, expected] of filterCases(hooks)) {
    it(`sends ${label} as given and gets the matching records`, async () => {
      // Prepare
      const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
      const client = clientFor(nexudus);
      const want = nexudus.account.webhooks.filter(expected);
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(nexudus.account.webhooks.length);

      // Act
      const page = await client.searchWebhooks({ ...params, size: "100" });

      // Assess
      expect(sysRequests(nexudus)[0]?.query).toEqual({ ...params, size: "100" });
      expect(ids(page.Records)).toEqual(ids(want));
      expect(page.TotalItems).toBe(want.length);
    });
  }

  it("keeps the sort order asked for and reads it back", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);

    // Act
    const byErrors = await client.searchWebhooks({ orderBy: "ErrorCount", dir: "-1", size: "50" });
    const byName = await client.searchWebhooks({ orderBy: "Name", dir: "1", size: "50" });

    // Assess
    const errors = byErrors.Records.map((w) => w.ErrorCount);
    expect(errors).toEqual([...errors].sort((a, b) => b - a));
    expect(errors[0]).toBeGreaterThan(errors[errors.length - 1]!);
    expect(byErrors.CurrentOrderField).toBe("ErrorCount");
    expect(byErrors.CurrentSortDirection).toBe(-1);
    const names = byName.Records.map((w) => w.Name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(byName.CurrentSortDirection).toBe(1);
  });

  it("returns one page with its paging envelope, Description left empty as Nexudus lists it", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);
    const total = nexudus.account.webhooks.length;

    // Act
    const page = await client.searchWebhooks({ page: "2", size: "10" });

    // Assess
    expect(page.Records.map((w) => w.Id)).toEqual(nexudus.account.webhooks.slice(10, 20).map((w) => w.Id));
    expect(page).toMatchObject({
      CurrentPage: 2,
      CurrentPageSize: 10,
      TotalPages: Math.ceil(total / 10),
      skipped: 0,
    });
    expect(page.TotalItems).toBe(total);
    expect(page.HasPreviousPage).toBe(true);
    expect(page.Records.every((w) => !w.Description)).toBe(true);
  });

  it("surfaces a 400 validation answer as an HTTP error with Nexudus's message, without retrying", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus);

    // Act
    const error = await rejectionOf(client.searchWebhooks({ WebHook_Action: "six" }));

    // Assess
    expect(error).toBeInstanceOf(NexudusHttpError);
    expect((error as NexudusHttpError).status).toBe(400);
    expect(error.message).toContain("WebHook_Action");
    expect(sysRequests(nexudus)).toHaveLength(1);
  });
});

describe("searchAllWebhooks", () => {
  const account = () => generateAccount({ webhooks: 2345, locations: 6, seed: 42, now: DEMO_NOW });

  it("walks every page (1000 a page) to the last one, keeping orderBy and dir", async () => {
    // Prepare
    const nexudus = await emulator({ account: account(), now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);

    // Act
    const { records: all } = await client.searchAllWebhooks({
      orderBy: "ErrorCount",
      dir: "-1",
      WebHook_Active: "true",
    });

    // Assess
    const want = nexudus.account.webhooks.filter((w) => w.Active);
    expect(want.length).toBeGreaterThan(2000);
    expect(ids(all)).toEqual(ids(want));
    const errors = all.map((w) => w.ErrorCount);
    expect(errors).toEqual([...errors].sort((a, b) => b - a));
    expect(sysRequests(nexudus).map((r) => r.query)).toEqual(
      [1, 2, 3].map((page) => ({
        orderBy: "ErrorCount",
        dir: "-1",
        WebHook_Active: "true",
        page: String(page),
        size: "1000",
      })),
    );
  });

  it("stops at the last page when the pages are smaller", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);

    // Act
    const { records: all } = await client.searchAllWebhooks({}, { pageSize: 10 });

    // Assess
    expect(ids(all)).toEqual(ids(nexudus.account.webhooks));
    expect(sysRequests(nexudus)).toHaveLength(Math.ceil(nexudus.account.webhooks.length / 10));
  });

  it("refuses more than maxRecords after the first page", async () => {
    // Prepare
    const nexudus = await emulator({ account: account(), now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);

    // Act
    const error = await rejectionOf(client.searchAllWebhooks({}, { maxRecords: 2000 }));

    // Assess
    expect(error).toBeInstanceOf(NexudusTooManyRecordsError);
    expect(error).toMatchObject({ limit: 2000, total: 2345 });
    expect((error as NexudusTooManyRecordsError).userMessage).toContain("narrow");
    expect(sysRequests(nexudus)).toHaveLength(1);
  });

  it("accepts exactly maxRecords", async () => {
    // Prepare
    const nexudus = await emulator({ account: account(), now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);

    // Act
    const { records: all } = await client.searchAllWebhooks({}, { maxRecords: 2345 });

    // Assess
    expect(all).toHaveLength(2345);
  });
});

describe("getWebhook", () => {
  it("returns the full record, Description included", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);
    const stored = nexudus.account.webhooks[4]!;

    // Act
    const record = await client.getWebhook(stored.Id);

    // Assess
    expect(record).toEqual(stored);
    expect(record.Description).toBeTruthy();
  });

  it("answers a missing record with an HTTP 404 error, not retried", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus);

    // Act
    const error = await rejectionOf(client.getWebhook(999));

    // Assess
    expect(error).toBeInstanceOf(NexudusHttpError);
    expect((error as NexudusHttpError).status).toBe(404);
    expect((error as NexudusHttpError).userMessage).toBe("Nexudus has no such record.");
    expect(error.message).toContain("Not found");
    expect(sysRequests(nexudus)).toHaveLength(1);
  });
});

describe("businesses", () => {
  it("searches, lists every page and reads one location", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);
    const stored = nexudus.account.businesses[2]!;
    const word = stored.Name.split(" ")[0]!;

    // Act
    const found = await client.searchBusinesses({ Business_Name: word });
    const all = await client.listAllBusinesses();
    const one = await client.getBusiness(stored.Id);
    const missing = await rejectionOf(client.getBusiness(1));

    // Assess
    expect(found.Records.map((b) => b.Id)).toContain(stored.Id);
    expect(found.Records.every((b) => b.Name.toLowerCase().includes(word.toLowerCase()))).toBe(true);
    expect(ids(all)).toEqual(ids(nexudus.account.businesses));
    expect(one).toEqual(stored);
    expect((missing as NexudusHttpError).status).toBe(404);
  });
});
