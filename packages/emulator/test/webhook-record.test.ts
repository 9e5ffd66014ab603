import type { Account } from "@nwh/emulator";
import { describe, expect, it } from "vitest";
import { BUSINESS_A, get, hook, NOW, put, start } from "./helpers";

function account(): Account {
  return {
    businesses: [BUSINESS_A],
    webhooks: [hook(10, { Description: "Keeps HubSpot in sync" }), hook(20)],
  };
}

describe("GET /sys/webhooks/{id}", () => {
  it("answers the full record, Description included", async () => {
    const emulator = await start({ account: account() });
    const answer = await get(emulator, "/sys/webhooks/10");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(hook(10, { Description: "Keeps HubSpot in sync" }));
  });

  it.each(["999", "abc"])('answers 404 "Not found" for the id %s', async (id) => {
    const emulator = await start({ account: account() });
    const answer = await get(emulator, `/sys/webhooks/${id}`);
    expect(answer.status).toBe(404);
    expect(answer.body).toBe("Not found");
  });
});

describe("PUT /sys/webhooks", () => {
  it("replaces the editable fields, keeps Id/CreatedOn/UniqueId, stamps UpdatedOn and UpdatedBy", async () => {
    const data = account();
    const emulator = await start({ account: data, now: () => NOW });
    const full = (await get(emulator, "/sys/webhooks/10")).body;
    const answer = await put(emulator, {
      ...full,
      Active: false,
      Name: "Renamed",
      CreatedOn: "1999-01-01T00:00:00Z",
      UniqueId: "forged",
    });
    const after = (await get(emulator, "/sys/webhooks/10")).body;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      Status: 200,
      Message: "WebHook was successfully updated.",
      Value: { Id: 10 },
      WasSuccessful: true,
      Errors: null,
    });
    expect(after).toMatchObject({
      Id: 10,
      Active: false,
      Name: "Renamed",
      Description: "Keeps HubSpot in sync",
      CreatedOn: full.CreatedOn,
      UniqueId: full.UniqueId,
      UpdatedOn: "2025-01-15T12:00:00Z",
      UpdatedBy: emulator.credentials.username,
    });
    expect(data.webhooks[0]?.Active).toBe(false);
  });

  it("clears Description when a listing record is sent back (why clients must GET the full record first)", async () => {
    const emulator = await start({ account: account() });
    const listed = (await get(emulator, "/sys/webhooks?size=1")).body.Records[0];
    await put(emulator, { ...listed, Active: false });
    expect((await get(emulator, "/sys/webhooks/10")).body.Description).toBeNull();
  });

  it.each([
    ["Name", { Name: "" }],
    ["URL", { URL: undefined }],
    ["BusinessId", { BusinessId: "x" }],
    ["Id", { Id: undefined }],
  ])("answers 400 with the validation envelope when %s is missing", async (field, change) => {
    const emulator = await start({ account: account() });
    const body = { ...hook(10), ...change };
    const answer = await put(emulator, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      Message: `${field}: is a required field`,
      Value: null,
      WasSuccessful: false,
    });
    expect(answer.body.Errors).toContainEqual(
      expect.objectContaining({ PropertyName: field, Message: `${field}: is a required field` }),
    );
    expect(answer.body.Errors[0]).toHaveProperty("AttemptedValue");
  });

  it("answers 400 for a mistyped Active and for a body that is not JSON", async () => {
    const emulator = await start({ account: account() });
    const mistyped = await put(emulator, { ...hook(10), Active: "no" });
    const res = await fetch(`${emulator.url}/sys/webhooks`, {
      method: "PUT",
      headers: { authorization: `Basic ${Buffer.from("demo@example.com:demo-password").toString("base64")}` },
      body: "{not json",
    });
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.Errors[0].PropertyName).toBe("Active");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { WasSuccessful: boolean }).WasSuccessful).toBe(false);
  });

  it('answers 404 "Not found" for an unknown Id', async () => {
    const emulator = await start({ account: account() });
    const answer = await put(emulator, hook(999));
    expect(answer.status).toBe(404);
    expect(answer.body).toBe("Not found");
  });

  it("refuses the next write with HTTP 200 and WasSuccessful false under a write-refused fault, reads pass", async () => {
    const data = account();
    const emulator = await start({ account: data });
    emulator.faults.sequence(["write-refused"]);
    const read = await get(emulator, "/sys/webhooks/10");
    const refused = await put(emulator, { ...read.body, Active: false });
    const accepted = await put(emulator, { ...read.body, Active: false });
    expect(read.status).toBe(200);
    expect(refused.status).toBe(200);
    expect(refused.body.WasSuccessful).toBe(false);
    expect(refused.body.Errors).toHaveLength(1);
    expect(accepted.body.WasSuccessful).toBe(true);
    expect(data.webhooks[0]?.Active).toBe(false);
  });

  it("answers 405 for a method the bot does not use", async () => {
    const emulator = await start({ account: account() });
    const res = await fetch(`${emulator.url}/sys/webhooks/10`, {
      method: "DELETE",
      headers: { authorization: `Basic ${Buffer.from("demo@example.com:demo-password").toString("base64")}` },
    });
    expect(res.status).toBe(405);
    expect(emulator.account.webhooks).toHaveLength(2);
  });
});
