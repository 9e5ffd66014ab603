import { describe, expect, it } from "vitest";
import type { WebhookListRecord } from "../../src/nexudus/schemas";
import { applyLocalFilters, describeQuery, formatQuery, helpMessage } from "../../src/query";
import { errorsOf, planOf, search } from "./helpers";

/*
 * `host:` searches by the target URL's host. Nexudus filters only the whole URL (`WebHook_URL`), and
 * whether as a substring or exactly is not documented: sent as the URL filter, a host would find nothing
 * under the exact reading. So the host is checked here, on every record the other terms match.
 */

const hook = (Id: number, URL: string): WebhookListRecord => ({
  Id,
  BusinessId: 1,
  Name: `hook ${Id}`,
  Action: 6,
  URL,
  Active: true,
  ErrorCount: 0,
  LastError: null,
});

const RECORDS = [
  hook(1, "https://hooks.zapier.com/hooks/catch/1/a/"),
  hook(2, "https://ops:pw@HOOKS.zapier.com:8443/x"),
  hook(3, "https://a.hooks.zapier.com/"),
  hook(4, "https://hooks.zapier.com.evil.example/"),
  hook(5, "https://evil.example/?next=hooks.zapier.com"),
  hook(6, "https://nothooks.zapier.com/"),
  hook(7, "not a url hooks.zapier.com"),
  hook(8, "https://zapier.com/"),
];

describe("host:", () => {
  it("is checked after fetching, never sent as the URL filter", async () => {
    // Act
    const plan = await planOf("failing host:Hooks.Zapier.com");
    // Assess
    expect(search("host:Hooks.Zapier.com")).toEqual({ host: "hooks.zapier.com" });
    expect(plan.params).not.toHaveProperty("WebHook_URL");
    expect(plan.params).toMatchObject({ from_WebHook_ErrorCount: "1" });
    expect(plan.localPaging).toBe(true);
    expect(plan.localFilters).toEqual([{ field: "host", value: "hooks.zapier.com", exclude: false }]);
  });

  it("matches the host and its subdomains, whatever the userinfo, port or case; nothing else", async () => {
    // Act
    const hooks = applyLocalFilters(RECORDS, (await planOf("host:hooks.zapier.com")).localFilters);
    const zapier = applyLocalFilters(RECORDS, (await planOf("host:zapier.com")).localFilters);
    // Assess
    expect(hooks.map((r) => r.Id)).toEqual([1, 2, 3]);
    expect(zapier.map((r) => r.Id)).toEqual([1, 2, 3, 6, 8]);
  });

  it("leaves a host out with a minus", async () => {
    // Act
    const kept = applyLocalFilters(RECORDS, (await planOf("-host:zapier.com")).localFilters);
    // Assess
    expect(kept.map((r) => r.Id)).toEqual([4, 5, 7]);
    expect(describeQuery(search("-host:zapier.com"))).toBe("all webhooks excluding host “zapier.com”");
  });

  it("takes the host of a URL typed whole, and writes it back as a host", () => {
    // Act / Assess
    expect(search("host:https://api.example-coworking.com/nexudus/checkins")).toEqual({
      host: "api.example-coworking.com",
    });
    expect(formatQuery(search("host:HOOKS.zapier.com. failing"))).toBe("failing host:hooks.zapier.com");
    expect(describeQuery(search("host:zapier.com"))).toBe("all webhooks sending to “zapier.com”");
    // Found by the round-trip property: trailing dots go, all of them, so the text reads back the same.
    expect(formatQuery(search("host:3.."))).toBe("host:3");
    expect(errorsOf("host:..")[0]!.code).toBe("bad-value");
  });

  it("refuses what is not a host name, without echoing a user name or password", () => {
    // Act
    const [spaced] = errorsOf('host:"not a host"');
    const [userinfo] = errorsOf("host:bob:hunter2@example.com");
    // Assess
    expect(spaced).toMatchObject({ code: "bad-value", suggestions: [] });
    expect(spaced!.message).toMatch(/is not a host name: write one such as `host:hooks\.zapier\.com`/);
    expect(userinfo!.code).toBe("bad-value");
    expect(JSON.stringify(userinfo)).not.toContain("hunter2");
  });

  it("is in the help", () => {
    // Act / Assess
    expect(JSON.stringify(helpMessage().blocks)).toContain("`host:zapier.com`");
  });
});
