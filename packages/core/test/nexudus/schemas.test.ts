import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { NexudusSchemaError } from "../../src/nexudus/errors";
import { WebhookListRecordSchema } from "../../src/nexudus/schemas";
import { parseSearchPage } from "../../src/nexudus/search-page";
import { clientFor, collectingLogger, DEMO_NOW, emulator, rejectionOf } from "./support";

const fixture = new URL("../fixtures/search-webhooks-example.json", import.meta.url);
const request = { page: 1, size: 25 };
const record = (Id: number) => ({
  Id,
  BusinessId: 1,
  Name: `hook ${Id}`,
  Action: 6,
  URL: "https://x.example",
  Active: true,
  ErrorCount: 0,
});

describe("the reference page's example response", () => {
  it("parses, unknown fields kept", async () => {
    // Prepare
    const example: unknown = JSON.parse(await readFile(fixture, "utf8"));

    // Act
    const page = parseSearchPage(example, WebhookListRecordSchema, { page: 1, size: 15 }, "/sys/webhooks");

    // Assess
    expect(page).toMatchObject({ TotalItems: 1, TotalPages: 1, HasNextPage: false, CurrentSortDirection: 1 });
    expect(page.skipped).toBe(0);
    expect(page.Records[0]).toMatchObject({ Id: 87654321, Active: false, LastTrigger: null });
    expect(page.Records[0]).toMatchObject({
      ToStringText: "WebHook Example",
      IsNew: false,
      CustomFields: null,
    });
  });
});

describe("envelope drift", () => {
  it("needs only Records and one way to page; the rest is derived once", () => {
    // Act
    const last = parseSearchPage({ Records: [record(1), record(2)] }, WebhookListRecordSchema, request, "/p");
    const full = parseSearchPage(
      { Records: Array.from({ length: 25 }, (_, i) => record(i + 1)) },
      WebhookListRecordSchema,
      request,
      "/p",
    );
    const byPages = parseSearchPage(
      { Records: [record(1)], TotalPages: 3 },
      WebhookListRecordSchema,
      request,
      "/p",
    );
    const drifted = parseSearchPage(
      { Records: [record(1)], TotalItems: 30, HasNextPage: true, HasPreviousPage: false },
      WebhookListRecordSchema,
      request,
      "/p",
    );

    // Assess
    expect(last).toMatchObject({ TotalItems: 2, TotalPages: 1, HasNextPage: false, CurrentPage: 1 });
    expect(full).toMatchObject({ TotalItems: undefined, TotalPages: undefined, HasNextPage: true });
    expect(byPages).toMatchObject({ HasNextPage: true, TotalPages: 3, TotalItems: undefined });
    expect(drifted).toMatchObject({
      TotalItems: 30,
      TotalPages: 2,
      HasNextPage: true,
      CurrentPageSize: undefined,
    });
  });

  it("reads CurrentSortDirection as a number or a word, and never trusts a negative count", () => {
    // Act
    const read = (extra: Record<string, unknown>) =>
      parseSearchPage({ Records: [], ...extra }, WebhookListRecordSchema, request, "/p");

    // Assess
    expect(read({ CurrentSortDirection: -1 }).CurrentSortDirection).toBe(-1);
    expect(read({ CurrentSortDirection: "Descending" }).CurrentSortDirection).toBe(-1);
    expect(read({ CurrentSortDirection: "ascending" }).CurrentSortDirection).toBe(1);
    expect(read({ CurrentSortDirection: "sideways" }).CurrentSortDirection).toBeUndefined();
    expect(read({ TotalItems: -1, TotalPages: -1 })).toMatchObject({
      TotalItems: 0,
      TotalPages: 0,
      HasNextPage: false,
    });
  });

  it("is a schema error only when there is no Records array", async () => {
    // Act
    const errors = await Promise.all(
      [null, [], "Not found", { records: [] }, { Records: "many" }].map((body) =>
        rejectionOf(
          Promise.resolve().then(() => parseSearchPage(body, WebhookListRecordSchema, request, "/p")),
        ),
      ),
    );

    // Assess
    for (const error of errors) expect(error).toBeInstanceOf(NexudusSchemaError);
    expect((errors[4] as NexudusSchemaError).issues).toEqual(["Records: expected array"]);
  });
});

describe("record drift", () => {
  it("skips and counts a listed record that lost a required field, logs where (never the values)", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const { lines, logger } = collectingLogger();
    const client = clientFor(nexudus, { logger });
    const broken = nexudus.account.webhooks[3] as unknown as Record<string, unknown>;
    delete broken.Name;
    broken.URL = "https://secret-host.example/hook?token=abc";

    // Act
    const page = await client.searchWebhooks({ size: "10" });
    const one = await rejectionOf(client.getWebhook(broken.Id as number));

    // Assess
    expect(page.Records.map((w) => w.Id)).toEqual(
      nexudus.account.webhooks
        .slice(0, 10)
        .filter((w) => w.Id !== broken.Id)
        .map((w) => w.Id),
    );
    expect(page.skipped).toBe(1);
    const warning = lines.find((l) => l.level === "warn")!;
    expect(warning.fields).toMatchObject({ path: "/sys/webhooks", skipped: 1 });
    expect(warning.fields.issues).toEqual([expect.stringMatching(/^Records\.3\.Name: expected string/)]);
    expect(JSON.stringify(lines)).not.toContain("secret-host");
    // One record asked for by id cannot be skipped: that stays a schema error naming the field.
    expect(one).toBeInstanceOf(NexudusSchemaError);
    expect((one as NexudusSchemaError).issues[0]).toMatch(/^Name: expected string/);
  });

  it("skips a record whose ErrorCount changed type, and counts it over a whole walk", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);
    (nexudus.account.webhooks[1] as unknown as Record<string, unknown>).ErrorCount = "7";

    // Act
    const walk = await client.searchAllWebhooks({}, { pageSize: 5 });

    // Assess
    expect(walk.skipped).toBe(1);
    expect(walk.records).toHaveLength(nexudus.account.webhooks.length - 1);
  });

  it("keeps fields the schema does not know, and a display-only field of the wrong type does not lose the record", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);
    const stored = nexudus.account.webhooks[0] as unknown as Record<string, unknown>;
    stored.Secret = "shh";
    stored.RetryPolicy = { Max: 10 };
    stored.UpdatedBy = 42;
    stored.LastTrigger = 1735689600000;

    // Act
    const record = await client.getWebhook(stored.Id as number);

    // Assess
    expect(record).toMatchObject({ Secret: "shh", RetryPolicy: { Max: 10 }, IsNew: false, UpdatedBy: null });
    // A date the bot cannot read is kept as unreadable: shown as unknown, never as "never delivered".
    expect(record.LastTrigger).toBe("(unreadable)");
  });
});
