import { readFile } from "node:fs/promises";
import { NexudusSchemaError, WebhookSearchEnvelopeSchema } from "@nwh/core/nexudus";
import { describe, expect, it } from "vitest";
import { clientFor, DEMO_NOW, emulator, rejectionOf } from "./support";

const fixture = new URL("../fixtures/search-webhooks-example.json", import.meta.url);

describe("the reference page's example response", () => {
  it("parses with the envelope schema, unknown fields kept", async () => {
    // Prepare
    const example: unknown = JSON.parse(await readFile(fixture, "utf8"));

    // Act
    const envelope = WebhookSearchEnvelopeSchema.parse(example);

    // Assess
    expect(envelope.TotalItems).toBe(1);
    expect(envelope.Records[0]).toMatchObject({ Id: 87654321, Active: false, LastTrigger: null });
    expect(envelope).toMatchObject({ PageNumber: 1, PageSize: 15 });
    expect(envelope.Records[0]).toMatchObject({
      ToStringText: "WebHook Example",
      IsNew: false,
      CustomFields: null,
    });
  });
});

describe("schema drift", () => {
  it("names the record and field when a stored record lost a required field", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);
    const broken = nexudus.account.webhooks[3] as unknown as Record<string, unknown>;
    delete broken.Name;

    // Act
    const listed = await rejectionOf(client.searchWebhooks({ size: "10" }));
    const one = await rejectionOf(client.getWebhook(broken.Id as number));

    // Assess
    expect(listed).toBeInstanceOf(NexudusSchemaError);
    expect((listed as NexudusSchemaError).issues[0]).toMatch(/^Records\.3\.Name: expected string/);
    expect((listed as NexudusSchemaError).path).toBe("/sys/webhooks");
    expect((listed as NexudusSchemaError).userMessage).toContain("Records.3.Name: expected string");
    expect((one as NexudusSchemaError).issues[0]).toMatch(/^Name: expected string/);
  });

  it("names a field whose type changed", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);
    (nexudus.account.webhooks[1] as unknown as Record<string, unknown>).ErrorCount = "7";

    // Act
    const error = await rejectionOf(client.searchAllWebhooks({}));

    // Assess
    expect((error as NexudusSchemaError).issues).toEqual([
      expect.stringMatching(/^Records\.1\.ErrorCount: expected number/),
    ]);
  });

  it("keeps fields the schema does not know", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);
    const stored = nexudus.account.webhooks[0] as unknown as Record<string, unknown>;
    stored.Secret = "shh";
    stored.RetryPolicy = { Max: 10 };

    // Act
    const record = await client.getWebhook(stored.Id as number);

    // Assess
    expect(record).toMatchObject({ Secret: "shh", RetryPolicy: { Max: 10 }, IsNew: false });
  });
});
