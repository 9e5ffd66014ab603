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
    ["BusinessId", { BusinessId: undefined }],
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

  it("answers a mistyped field with ASP.NET's bare {Message, ModelState} body, and a body that is not JSON with the envelope", async () => {
    const emulator = await start({ account: account() });
    const mistyped = await put(emulator, { ...hook(10), Active: "no", BusinessId: "x" });
    const res = await fetch(`${emulator.url}/sys/webhooks`, {
      method: "PUT",
      headers: { authorization: `Basic ${Buffer.from("demo@example.com:demo-password").toString("base64")}` },
      body: "{not json",
    });
    expect(mistyped.status).toBe(400);
    expect(mistyped.body).not.toHaveProperty("WasSuccessful");
    expect(mistyped.body.Message).toBe("The request is invalid.");
    expect(Object.keys(mistyped.body.ModelState).sort()).toEqual(["webHook.Active", "webHook.BusinessId"]);
    expect(mistyped.body.ModelState["webHook.Active"][0]).toMatch(/System\.Boolean/);
    expect(emulator.account.webhooks[0]?.Active).toBe(true);
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

  it("ignores ErrorCount, LastError and LastTrigger in a PUT body: they are read-only", async () => {
    const data = account();
    data.webhooks[0]!.ErrorCount = 7;
    data.webhooks[0]!.LastError = "The remote server returned an error: (500).";
    const before = structuredClone(data.webhooks[0]!);
    const emulator = await start({ account: data });
    const full = (await get(emulator, "/sys/webhooks/10")).body;
    const answer = await put(emulator, { ...full, ErrorCount: 0, LastError: null, LastTrigger: null });
    const bare = await put(emulator, { Id: 10, BusinessId: full.BusinessId, Name: full.Name, URL: full.URL });
    expect(answer.status).toBe(200);
    expect(bare.status).toBe(200);
    expect(data.webhooks[0]).toMatchObject({
      ErrorCount: 7,
      LastError: before.LastError,
      LastTrigger: before.LastTrigger,
      Active: before.Active,
      Action: before.Action,
    });
  });

  it("accepts Action 0, as in the documented example record", async () => {
    const emulator = await start({ account: account() });
    const full = (await get(emulator, "/sys/webhooks/10")).body;
    const zero = await put(emulator, { ...full, Action: 0 });
    const tooBig = await put(emulator, { ...full, Action: 91 });
    expect(zero.status).toBe(200);
    expect(emulator.account.webhooks[0]?.Action).toBe(0);
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.Errors[0].PropertyName).toBe("Action");
  });

  it("answers success without storing anything under a write-ignored fault", async () => {
    const data = account();
    const emulator = await start({ account: data });
    emulator.faults.sequence(["write-ignored"]);
    const full = (await get(emulator, "/sys/webhooks/10")).body;
    const ignored = await put(emulator, { ...full, Active: false });
    expect(ignored.status).toBe(200);
    expect(ignored.body.WasSuccessful).toBe(true);
    expect(data.webhooks[0]?.Active).toBe(true);
    expect((await put(emulator, { ...full, Active: false })).status).toBe(200);
    expect(data.webhooks[0]?.Active).toBe(false);
  });

  it("answers 405 for a method Nexudus does not offer there", async () => {
    const emulator = await start({ account: account() });
    const res = await fetch(`${emulator.url}/sys/webhooks/10`, {
      method: "PATCH",
      headers: { authorization: `Basic ${Buffer.from("demo@example.com:demo-password").toString("base64")}` },
    });
    expect(res.status).toBe(405);
    expect(emulator.account.webhooks).toHaveLength(2);
  });
});

describe("POST and DELETE /sys/webhooks", () => {
  it("creates a webhook from its required fields, then deletes it", async () => {
    const emulator = await start({ account: account() });
    const created = await put(
      emulator,
      { BusinessId: 1001, Name: "New hook", Action: 6, URL: "https://example.com/in" },
      "POST",
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ WasSuccessful: true, Message: "WebHook was successfully created." });
    const id: number = created.body.Value.Id;
    const read = await get(emulator, `/sys/webhooks/${id}`);
    expect(read.body).toMatchObject({ Id: id, Name: "New hook", Action: 6, Active: true, ErrorCount: 0 });
    const auth = {
      authorization: `Basic ${Buffer.from("demo@example.com:demo-password").toString("base64")}`,
    };
    const deleted = await fetch(`${emulator.url}/sys/webhooks/${id}`, { method: "DELETE", headers: auth });
    const again = await fetch(`${emulator.url}/sys/webhooks/${id}`, { method: "DELETE", headers: auth });
    expect(deleted.status).toBe(200);
    expect(again.status).toBe(404);
    expect((await get(emulator, `/sys/webhooks/${id}`)).status).toBe(404);
  });

  it("refuses a create without Action with the validation envelope", async () => {
    const emulator = await start({ account: account() });
    const refused = await put(emulator, { BusinessId: 1001, Name: "x", URL: "https://example.com" }, "POST");
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ WasSuccessful: false, Message: "Action: is a required field" });
  });
});
