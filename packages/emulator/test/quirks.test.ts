import { type Account, DEMO_TIME_ZONES } from "@nwh/emulator";
import { describe, expect, it } from "vitest";
import { BUSINESS_A, get, hook, postToken, start } from "./helpers";

const LONDON = { ...BUSINESS_A, SimpleTimeZoneId: 2 };
const BERLIN = { Id: 1003, Name: "Harbour Point", SimpleTimeZoneId: 13, RootLocationId: 1001 };

function account(): Account {
  return {
    businesses: [LONDON, BERLIN],
    webhooks: [
      hook(10, { LastTrigger: "2025-01-15T10:00:00Z", ErrorCount: 2 }),
      hook(20, {
        BusinessId: BERLIN.Id,
        LastTrigger: "2025-07-01T06:30:00Z",
        CreatedOn: "2024-06-01T08:00:00Z",
      }),
      hook(30, { LastTrigger: null }),
    ],
  };
}

describe("account quirks", () => {
  it("drifted: envelopes keep only Records, TotalItems, HasNextPage, HasPreviousPage; records gain unknown fields", async () => {
    const emulator = await start({ account: account() });
    emulator.faults.quirks({ envelope: "drifted" });
    const hooks = (await get(emulator, "/sys/webhooks?size=2")).body;
    const places = (await get(emulator, "/sys/businesses")).body;
    for (const envelope of [hooks, places])
      expect(Object.keys(envelope).sort()).toEqual([
        "HasNextPage",
        "HasPreviousPage",
        "Records",
        "TotalItems",
      ]);
    expect(hooks).toMatchObject({ TotalItems: 3, HasNextPage: true, HasPreviousPage: false });
    expect(hooks.Records[0]).toMatchObject({ Id: 10, WebhookVersion: 2, Tags: ["drift"] });
    expect(places.Records[0]).toMatchObject({ Id: LONDON.Id, Name: LONDON.Name, WebhookVersion: 2 });
    emulator.faults.reset();
    expect(Object.keys((await get(emulator, "/sys/webhooks")).body)).toContain("CurrentPageSize");
  });

  it("malformedIds: lists that record without ErrorCount; reading it alone is intact", async () => {
    const emulator = await start({ account: account() });
    emulator.faults.quirks({ malformedIds: [20] });
    const listed = (await get(emulator, "/sys/webhooks")).body.Records;
    expect(listed.map((r: { Id: number }) => r.Id)).toEqual([10, 20, 30]);
    expect(listed[1]).not.toHaveProperty("ErrorCount");
    expect(listed[0]).toHaveProperty("ErrorCount", 2);
    expect((await get(emulator, "/sys/webhooks/20")).body).toHaveProperty("ErrorCount", 0);
    expect(emulator.account.webhooks[1]).toHaveProperty("ErrorCount", 0);
  });

  it("ms-date: writes .NET's /Date(ms)/; nulls stay null", async () => {
    const emulator = await start({ account: account() });
    emulator.faults.quirks({ dates: "ms-date" });
    const [a, , c] = (await get(emulator, "/sys/webhooks")).body.Records;
    expect(a.LastTrigger).toBe(`/Date(${Date.parse("2025-01-15T10:00:00Z")})/`);
    expect(c.LastTrigger).toBeNull();
  });

  it("local: writes each location's wall-clock time with a fake Z (London in winter, Berlin in summer)", async () => {
    const emulator = await start({ account: account() });
    emulator.faults.quirks({ dates: "local" });
    const [london, berlin] = (await get(emulator, "/sys/webhooks")).body.Records;
    expect(london.LastTrigger).toBe("2025-01-15T10:00:00Z");
    expect(berlin.LastTrigger).toBe("2025-07-01T08:30:00Z");
    expect(berlin.CreatedOn).toBe("2024-06-01T10:00:00Z");
    expect((await get(emulator, "/sys/webhooks/20")).body.LastTrigger).toBe("2025-07-01T08:30:00Z");
  });

  it("local: date filters compare with the wall-clock times stored, as such an account does", async () => {
    const emulator = await start({ account: account() });
    const ids = async (query: string) =>
      (await get(emulator, `/sys/webhooks?${query}`)).body.Records.map((r: { Id: number }) => r.Id);
    // Berlin's webhook was triggered at 06:30 UTC, 08:30 on its wall clock.
    const from = "from_WebHook_LastTrigger=2025-07-01T07:00";
    const to = "to_WebHook_LastTrigger=2025-07-01T08:00";

    expect([await ids(from), await ids(to)]).toEqual([[], [10, 20]]);
    emulator.faults.quirks({ dates: "local" });
    expect([await ids(from), await ids(to)]).toEqual([[20], [10]]);
  });

  it("serves /sys/simpletimezones: Windows zone names by the ids locations use", async () => {
    const emulator = await start({ account: account() });
    const page = (await get(emulator, "/sys/simpletimezones?size=1000")).body;
    const one = (await get(emulator, "/sys/simpletimezones/13")).body;
    expect(page.TotalItems).toBe(DEMO_TIME_ZONES.length);
    expect(page.Records.find((z: { Id: number }) => z.Id === 2)).toMatchObject({ Name: "GMT Standard Time" });
    expect(one).toMatchObject({ Id: 13, Name: "W. Europe Standard Time" });
    expect(JSON.stringify(page)).not.toContain("Europe/Berlin");
  });

  it("html-403: a CloudFront/WAF refusal page, never JSON", async () => {
    const emulator = await start({ account: account() });
    emulator.faults.sequence(["html-403"]);
    const res = await fetch(`${emulator.url}/sys/webhooks`, {
      headers: { authorization: `Basic ${Buffer.from("demo@example.com:demo-password").toString("base64")}` },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toMatch(/^<!DOCTYPE HTML.*CloudFront/s);
  });

  it("apiAccess false: every /sys request answers 401 although the token grant works", async () => {
    const emulator = await start({ account: account() });
    emulator.faults.quirks({ apiAccess: false });
    const grant = await postToken(emulator, { grant_type: "password", ...emulator.credentials });
    const bearer = `Bearer ${grant.body.access_token}`;
    expect(grant.status).toBe(200);
    expect((await get(emulator, "/sys/webhooks", bearer)).status).toBe(401);
    expect((await get(emulator, "/sys/businesses")).status).toBe(401);
  });

  it("missingRoles: only the endpoints needing those roles answer 401", async () => {
    const emulator = await start({ account: account() });
    emulator.faults.quirks({ missingRoles: ["Business-List", "WebHook-Edit"] });
    expect((await get(emulator, "/sys/webhooks")).status).toBe(200);
    expect((await get(emulator, "/sys/webhooks/10")).status).toBe(200);
    expect((await get(emulator, "/sys/businesses")).status).toBe(401);
    const put = await fetch(`${emulator.url}/sys/webhooks`, {
      method: "PUT",
      headers: {
        authorization: `Basic ${Buffer.from("demo@example.com:demo-password").toString("base64")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ ...hook(10), Active: false }),
    });
    expect(put.status).toBe(401);
    expect(emulator.account.webhooks[0]?.Active).toBe(true);
  });

  it("rejects an unknown quirk value", () => {
    return start().then((emulator) => {
      expect(() => emulator.faults.quirks({ dates: "martian" as never })).toThrow(TypeError);
    });
  });
});

describe("sort direction words", () => {
  it("accepts dir=Ascending/Descending (any case) as older Nexudus pages write it", async () => {
    const emulator = await start({ account: account() });
    const down = (await get(emulator, "/sys/webhooks?orderBy=Id&dir=Descending")).body;
    const up = (await get(emulator, "/sys/webhooks?orderBy=Id&dir=ascending")).body;
    const bad = await get(emulator, "/sys/webhooks?dir=sideways");
    expect(down.Records.map((r: { Id: number }) => r.Id)).toEqual([30, 20, 10]);
    expect(down.CurrentSortDirection).toBe(-1);
    expect(up.Records.map((r: { Id: number }) => r.Id)).toEqual([10, 20, 30]);
    expect(bad.status).toBe(400);
  });
});
