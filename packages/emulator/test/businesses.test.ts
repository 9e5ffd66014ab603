import { describe, expect, it } from "vitest";
import { BUSINESS_A, BUSINESS_B, get, start } from "./helpers";

const account = () => ({
  businesses: [
    BUSINESS_B,
    BUSINESS_A,
    { Id: 1003, Name: "Canal Works", SimpleTimeZoneId: 13, RootLocationId: 1001 },
  ],
  webhooks: [],
});

describe("GET /sys/businesses", () => {
  it("lists every location in Id order inside the paging envelope", async () => {
    const emulator = await start({ account: account() });
    const answer = await get(emulator, "/sys/businesses");
    expect(answer.status).toBe(200);
    expect(answer.body.Records.map((b: { Name: string }) => b.Name)).toEqual([
      "Downtown Hub",
      "Riverside Loft",
      "Canal Works",
    ]);
    expect(answer.body).toMatchObject({
      TotalItems: 3,
      TotalPages: 1,
      CurrentPage: 1,
      PageSize: 25,
      HasNextPage: false,
    });
  });

  it("filters by Business_Name (case-insensitive substring), sorts and pages", async () => {
    const emulator = await start({ account: account() });
    const filtered = await get(emulator, "/sys/businesses?Business_Name=LOFT");
    const sorted = await get(emulator, "/sys/businesses?orderBy=Name&dir=-1&size=2&page=2");
    expect(filtered.body.Records).toEqual([BUSINESS_B]);
    expect(sorted.body.Records.map((b: { Name: string }) => b.Name)).toEqual(["Canal Works"]);
    expect(sorted.body).toMatchObject({ TotalItems: 3, TotalPages: 2, HasPreviousPage: true });
  });

  it('answers one location, and 404 "Not found" for an unknown one', async () => {
    const emulator = await start({ account: account() });
    const found = await get(emulator, "/sys/businesses/1003");
    const missing = await get(emulator, "/sys/businesses/42");
    expect(found.body).toMatchObject({
      Id: 1003,
      Name: "Canal Works",
      SimpleTimeZoneId: 13,
      RootLocationId: 1001,
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toBe("Not found");
  });
});
