import { type Account, DEMO_TIME_ZONES } from "@nwh/emulator";
import { describe, expect, it } from "vitest";
import { ianaZoneOfWindowsId } from "../../src/nexudus/windows-zones";
import { clientFor, collectingLogger, emulator, sysRequests } from "./support";

const account = (): Account => ({
  businesses: [
    { Id: 1, Name: "London", SimpleTimeZoneId: 2 },
    { Id: 2, Name: "Berlin", SimpleTimeZoneId: 13 },
    { Id: 3, Name: "Nowhere", SimpleTimeZoneId: 999 },
  ],
  webhooks: [1, 2, 3].map((BusinessId) => ({
    Id: BusinessId * 10,
    BusinessId,
    Name: `Hook ${BusinessId}`,
    Action: 6,
    URL: "https://example.com/hook",
    Active: true,
    ErrorCount: 1,
    LastError: null,
    LastTrigger: "2025-07-01T06:30:00Z",
    CreatedOn: "2025-01-15T10:00:00Z",
    UpdatedOn: "2025-07-01T06:30:00Z",
  })),
});

describe("NEXUDUS_DATES=local", () => {
  it("reads each location's wall-clock dates in its own zone (SimpleTimeZoneId → Windows name → IANA)", async () => {
    // Prepare: the account writes local time with a fake Z.
    const nexudus = await emulator({ account: account(), rateLimit: false });
    nexudus.faults.quirks({ dates: "local" });
    const client = clientFor(nexudus, { dates: { reading: "local", timeZone: "America/New_York" } });

    // Act
    const page = await client.searchWebhooks({});
    const one = await client.getWebhook(20);

    // Assess: London and Berlin come back as the instants stored; the unknown zone 999 uses the fallback
    // zone (the emulator wrote UTC for it, which New York reading then shifts: why the README says how to check).
    const byId = new Map(page.Records.map((r) => [r.Id, r]));
    expect(byId.get(10)).toMatchObject({
      LastTrigger: "2025-07-01T06:30:00.000Z",
      CreatedOn: "2025-01-15T10:00:00.000Z",
    });
    expect(byId.get(20)).toMatchObject({
      LastTrigger: "2025-07-01T06:30:00.000Z",
      CreatedOn: "2025-01-15T10:00:00.000Z",
    });
    expect(byId.get(30)?.LastTrigger).toBe("2025-07-01T10:30:00.000Z");
    expect(one.LastTrigger).toBe("2025-07-01T06:30:00.000Z");
  });

  it("reads the zones once, and shares one locations walk with a concurrent listAllBusinesses", async () => {
    // Prepare
    const nexudus = await emulator({ account: account(), rateLimit: false });
    const client = clientFor(nexudus, { dates: { reading: "local" } });

    // Act
    await Promise.all([
      client.searchWebhooks({}),
      client.listAllBusinesses(),
      client.searchWebhooks({ page: "1" }),
    ]);
    await client.searchWebhooks({});

    // Assess
    const paths = sysRequests(nexudus).map((r) => r.path);
    expect(paths.filter((p) => p === "/api/sys/businesses")).toHaveLength(1);
    expect(paths.filter((p) => p === "/api/sys/simpletimezones")).toHaveLength(1);
    expect(paths.filter((p) => p === "/api/sys/webhooks")).toHaveLength(3);
  });

  it("falls back to NEXUDUS_TIMEZONE, once and said in the log, when the user may not read the zones", async () => {
    // Prepare
    const nexudus = await emulator({ account: account(), rateLimit: false });
    nexudus.faults.quirks({ dates: "local", missingRoles: ["SimpleTimeZone-List"] });
    const { lines, logger } = collectingLogger();
    const client = clientFor(nexudus, { logger, dates: { reading: "local", timeZone: "Europe/Berlin" } });
    await client.searchWebhooks({ size: "1" });

    // Act
    const page = await client.searchWebhooks({});

    // Assess: Berlin's dates are right, London's read as Berlin's (an hour off in summer).
    const byId = new Map(page.Records.map((r) => [r.Id, r]));
    expect(byId.get(20)?.LastTrigger).toBe("2025-07-01T06:30:00.000Z");
    expect(byId.get(10)?.LastTrigger).toBe("2025-07-01T05:30:00.000Z");
    const warnings = lines.filter((l) => l.level === "warn" && l.message.includes("time zones"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain("Europe/Berlin");
    // The refused zone lookup cost no token renewal.
    expect(nexudus.requests.filter((r) => r.path === "/api/token")).toHaveLength(1);
    expect(sysRequests(nexudus).filter((r) => r.path === "/api/sys/simpletimezones")).toHaveLength(1);
  });

  it("leaves dates alone in the default UTC reading, apart from .NET's /Date(ms)/", async () => {
    // Prepare
    const nexudus = await emulator({ account: account(), rateLimit: false });
    nexudus.faults.quirks({ dates: "ms-date" });
    const client = clientFor(nexudus);

    // Act
    const page = await client.searchWebhooks({});

    // Assess
    expect(page.Records[0]?.LastTrigger).toBe("2025-07-01T06:30:00.000Z");
    expect(sysRequests(nexudus).map((r) => r.path)).toEqual(["/api/sys/webhooks"]);
  });
});

describe("the Windows → IANA table", () => {
  it("maps every zone the emulator serves to a zone Intl knows, as CLDR does", () => {
    for (const zone of DEMO_TIME_ZONES) {
      const iana = ianaZoneOfWindowsId(zone.Name ?? "");
      expect(iana, zone.Name ?? "").toBeDefined();
      expect(() => new Intl.DateTimeFormat("en", { timeZone: iana })).not.toThrow();
    }
    expect(ianaZoneOfWindowsId("gmt standard time")).toBe("Europe/London");
    expect(ianaZoneOfWindowsId("Romance Standard Time")).toBe("Europe/Paris");
    expect(ianaZoneOfWindowsId("Mars Standard Time")).toBeUndefined();
  });
});

describe("nexudusSettingsFrom", () => {
  it("turns NEXUDUS_* configuration into client options", async () => {
    const { parseConfig } = await import("@nwh/core/config");
    const { nexudusSettingsFrom } = await import("@nwh/core/nexudus");
    const config = parseConfig({
      SLACK_SIGNING_SECRET: "s",
      SLACK_BOT_TOKEN: "xoxb-1",
      NEXUDUS_USERNAME: "bot@example.com",
      NEXUDUS_PASSWORD: "pw",
      NEXUDUS_TOTP_SECRET: "JBSWY3DPEHPK3PXP",
      NEXUDUS_DATES: "local",
      NEXUDUS_TIMEZONE: "Europe/Lisbon",
    });
    expect(nexudusSettingsFrom(config)).toEqual({
      baseUrl: "https://spaces.nexudus.com/api",
      auth: { scheme: "bearer", username: "bot@example.com", password: "pw", totpSecret: "JBSWY3DPEHPK3PXP" },
      dates: { reading: "local", timeZone: "Europe/Lisbon" },
    });
    expect(
      nexudusSettingsFrom({
        ...config,
        NEXUDUS_TOTP_SECRET: undefined,
        NEXUDUS_DATES: "utc",
        NEXUDUS_TIMEZONE: undefined,
      }),
    ).toEqual({
      baseUrl: "https://spaces.nexudus.com/api",
      auth: { scheme: "bearer", username: "bot@example.com", password: "pw" },
      dates: { reading: "utc" },
    });
  });
});
