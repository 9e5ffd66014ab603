import type { Account } from "@nwh/emulator";
import { describe, expect, it } from "vitest";
import { BUSINESS_A, BUSINESS_B, get, hook, start } from "./helpers";

/** Five webhooks, stored out of Id order, each differing in the fields the filters look at. */
function account(): Account {
  return {
    businesses: [BUSINESS_A, BUSINESS_B],
    webhooks: [
      hook(30, {
        Name: "Gamma invoices",
        Action: 21,
        ErrorCount: 3,
        LastError: "The operation has timed out.",
        LastTrigger: null,
        CreatedOn: "2024-12-31T23:59:59Z",
      }),
      hook(10, { Name: "Alpha Zapier", LastTrigger: "2025-01-15T10:00:30Z" }),
      hook(50, {
        Name: "alpha make",
        Action: 6,
        ErrorCount: 5,
        URL: "https://hook.eu1.make.com/abc",
        LastError: "The remote server returned an error: (500) Internal Server Error.",
        LastTrigger: "2025-01-14T08:00:00Z",
      }),
      hook(20, {
        Name: "Beta Slack",
        BusinessId: BUSINESS_B.Id,
        Action: 6,
        Active: false,
        ErrorCount: 10,
        Description: "Posts to SLACK #front-desk",
        LastError: "The remote server returned an error: (404) Not Found.",
        LastTrigger: "2025-01-05T09:15:00Z",
      }),
      hook(40, {
        Name: "Delta",
        BusinessId: BUSINESS_B.Id,
        Active: false,
        LastTrigger: "2025-01-15T10:00:00Z",
        UpdatedOn: "2025-01-10T00:00:00Z",
      }),
    ],
  };
}

async function ids(query: string): Promise<number[]> {
  const emulator = await start({ account: account() });
  const answer = await get(emulator, `/sys/webhooks?${query}`);
  expect(answer.status).toBe(200);
  return answer.body.Records.map((r: { Id: number }) => r.Id);
}

describe("GET /sys/webhooks filters", () => {
  it.each([
    ["WebHook_Business=1002", [20, 40]],
    ["WebHook_Name=ALPHA", [10, 50]],
    ["WebHook_Description=slack", [20]],
    ["WebHook_URL=make.com", [50]],
    ["WebHook_LastError=not%20found", [20]],
    ["WebHook_Action=6", [20, 50]],
    ["WebHook_Active=true", [10, 30, 50]],
    ["WebHook_Active=FALSE", [20, 40]],
    ["WebHook_ErrorCount=0", [10, 40]],
    ["WebHook_LastTrigger=2025-01-15T10:00", [10, 40]],
    ["from_WebHook_ErrorCount=3&to_WebHook_ErrorCount=5", [30, 50]],
    ["from_WebHook_ErrorCount=10", [20]],
    ["from_WebHook_LastTrigger=2025-01-14T08:00", [10, 40, 50]],
    ["to_WebHook_LastTrigger=2025-01-14T08:00", [20, 50]],
    ["to_WebHook_LastTrigger=2025-01-15T10:00", [10, 20, 40, 50]],
    ["from_WebHook_CreatedOn=2024-12-31T23:59", [30]],
    ["to_WebHook_CreatedOn=2024-12-31T23:58", [10, 20, 40, 50]],
    ["from_WebHook_UpdatedOn=2025-01-01T00:00&to_WebHook_UpdatedOn=2025-12-31T23:59", [40]],
    ["WebHook_Business=1001&WebHook_Active=true&from_WebHook_ErrorCount=1", [30, 50]],
    ["WebHook_Name=", [10, 20, 30, 40, 50]],
  ])("%s matches %j", async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it("never matches a null date with a range on it", async () => {
    // Hook 30 never fired (LastTrigger null): an open-ended range must not include it.
    expect(await ids("from_WebHook_LastTrigger=2000-01-01T00:00")).not.toContain(30);
    expect(await ids("to_WebHook_LastTrigger=2100-01-01T00:00")).not.toContain(30);
  });

  it.each([
    ["WebHook_Action", "abc"],
    ["WebHook_Business", "1.5"],
    ["WebHook_Active", "yes"],
    ["WebHook_ErrorCount", "many"],
    ["from_WebHook_ErrorCount", "x"],
    ["from_WebHook_LastTrigger", "2025-13-01T00:00"],
    ["to_WebHook_CreatedOn", "yesterday"],
    ["WebHook_LastTrigger", "2025-02-30T10:00"],
    ["page", "0"],
    ["size", "-3"],
    ["dir", "2"],
    ["orderBy", "Colour"],
  ])("answers 400 naming %s for the malformed value %s", async (name, value) => {
    const emulator = await start({ account: account() });
    const answer = await get(emulator, `/sys/webhooks?${name}=${encodeURIComponent(value)}`);
    expect(answer.status).toBe(400);
    expect(answer.body.WasSuccessful).toBe(false);
    expect(answer.body.Message).toContain(name);
    expect(answer.body.Errors[0]).toMatchObject({ PropertyName: name, AttemptedValue: value });
  });
});

describe("GET /sys/webhooks sorting", () => {
  // Names compare case-insensitively ("alpha make" < "Alpha Zapier"); nulls come first ascending.
  it.each([
    ["", [10, 20, 30, 40, 50]],
    ["orderBy=Name&dir=1", [50, 10, 20, 40, 30]],
    ["orderBy=name&dir=-1", [30, 40, 20, 10, 50]],
    ["orderBy=Name&dir=0", [50, 10, 20, 40, 30]],
    ["orderBy=ErrorCount&dir=-1", [20, 50, 30, 10, 40]],
    ["orderBy=ErrorCount&dir=1", [10, 40, 30, 50, 20]],
    ["orderBy=LastTrigger&dir=1", [30, 20, 50, 40, 10]],
    ["orderBy=LastTrigger&dir=-1", [10, 40, 50, 20, 30]],
    ["orderBy=CreatedOn&dir=-1", [30, 10, 20, 40, 50]],
    ["orderBy=UpdatedOn&dir=-1", [40, 10, 20, 30, 50]],
    ["orderBy=Action", [10, 40, 20, 50, 30]],
    ["orderBy=URL&dir=1", [50, 10, 20, 30, 40]],
    ["orderBy=Id&dir=-1", [50, 40, 30, 20, 10]],
    ["orderBy=BusinessId&dir=-1", [20, 40, 10, 30, 50]],
    ["orderBy=Active", [20, 40, 10, 30, 50]],
  ])("%s orders %j (ties by Id)", async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it("follows edits of the live store between two sorted searches", async () => {
    const data = account();
    const emulator = await start({ account: data });
    const before = await get(emulator, "/sys/webhooks?orderBy=Name");
    data.webhooks.find((w) => w.Id === 30)!.Name = "Aardvark";
    data.webhooks.push(hook(5, { Name: "Zulu" }));
    const after = await get(emulator, "/sys/webhooks?orderBy=Name");
    data.webhooks[0] = hook(30, { Name: "Omega" });
    const replaced = await get(emulator, "/sys/webhooks?orderBy=Name");
    const idsOf = (answer: { body: { Records: Array<{ Id: number }> } }) =>
      answer.body.Records.map((r) => r.Id);
    expect(idsOf(before)).toEqual([50, 10, 20, 40, 30]);
    expect(idsOf(after)).toEqual([30, 50, 10, 20, 40, 5]);
    expect(idsOf(replaced)).toEqual([50, 10, 20, 40, 30, 5]);
  });

  it("reports the order it applied", async () => {
    const emulator = await start({ account: account() });
    const byDefault = await get(emulator, "/sys/webhooks");
    const byName = await get(emulator, "/sys/webhooks?orderBy=name&dir=-1");
    expect(byDefault.body).toMatchObject({ CurrentOrderField: "Id", CurrentSortDirection: 1 });
    expect(byName.body).toMatchObject({ CurrentOrderField: "Name", CurrentSortDirection: -1 });
  });
});

describe("GET /sys/webhooks paging", () => {
  it("answers every documented envelope field", async () => {
    const emulator = await start({ account: account() });
    const answer = await get(emulator, "/sys/webhooks?page=2&size=2");
    expect(answer.body).toEqual({
      Records: [expect.objectContaining({ Id: 30 }), expect.objectContaining({ Id: 40 })],
      CurrentPage: 2,
      CurrentPageSize: 2,
      CurrentOrderField: "Id",
      CurrentSortDirection: 1,
      FirstItem: 3,
      LastItem: 4,
      TotalItems: 5,
      TotalPages: 3,
      HasNextPage: true,
      HasPreviousPage: true,
      PageNumber: 2,
      PageSize: 2,
    });
  });

  it("ends on a short last page", async () => {
    const emulator = await start({ account: account() });
    const answer = await get(emulator, "/sys/webhooks?page=3&size=2");
    expect(answer.body).toMatchObject({
      FirstItem: 5,
      LastItem: 5,
      HasNextPage: false,
      HasPreviousPage: true,
    });
    expect(answer.body.Records.map((r: { Id: number }) => r.Id)).toEqual([50]);
  });

  it("answers an empty page with correct totals past the end", async () => {
    const emulator = await start({ account: account() });
    const answer = await get(emulator, "/sys/webhooks?page=9&size=2");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      Records: [],
      TotalItems: 5,
      TotalPages: 3,
      CurrentPage: 9,
      HasNextPage: false,
    });
  });

  it("defaults to 25 per page and clamps size to 1000", async () => {
    const many: Account = {
      businesses: [BUSINESS_A],
      webhooks: Array.from({ length: 1200 }, (_, i) => hook(i + 1)),
    };
    const emulator = await start({ account: many });
    const byDefault = await get(emulator, "/sys/webhooks");
    const clamped = await get(emulator, "/sys/webhooks?size=5000");
    expect(byDefault.body.Records).toHaveLength(25);
    expect(byDefault.body).toMatchObject({ CurrentPageSize: 25, TotalPages: 48 });
    expect(clamped.body.Records).toHaveLength(1000);
    expect(clamped.body).toMatchObject({
      CurrentPageSize: 1000,
      PageSize: 1000,
      TotalPages: 2,
      HasNextPage: true,
    });
  });

  it("answers an empty store with zero totals", async () => {
    const emulator = await start({ account: { businesses: [], webhooks: [] } });
    const answer = await get(emulator, "/sys/webhooks");
    expect(answer.body).toMatchObject({
      Records: [],
      TotalItems: 0,
      TotalPages: 0,
      FirstItem: 0,
      LastItem: 0,
      HasNextPage: false,
    });
  });

  it("lists records without Description and without touching the store", async () => {
    const data = account();
    const emulator = await start({ account: data });
    const answer = await get(emulator, "/sys/webhooks?WebHook_Business=1002");
    expect(answer.body.Records.every((r: { Description: unknown }) => r.Description === null)).toBe(true);
    expect(answer.body.Records[0]).toMatchObject({ Name: "Beta Slack", UniqueId: expect.any(String) });
    expect(data.webhooks.find((w) => w.Id === 20)?.Description).toBe("Posts to SLACK #front-desk");
  });

  it("serves the live store: a field deleted by a test is missing from the next answer", async () => {
    const data = account();
    const emulator = await start({ account: data });
    delete (data.webhooks[1] as Record<string, unknown>).ErrorCount;
    const answer = await get(emulator, "/sys/webhooks?WebHook_Name=Alpha%20Zapier");
    expect(answer.body.Records[0]).not.toHaveProperty("ErrorCount");
  });
});
