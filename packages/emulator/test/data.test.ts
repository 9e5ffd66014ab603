import { parseNexudusDate, WebhookRecordSchema } from "@nwh/core/nexudus";
import { DEMO_CREDENTIALS, demoAccount, generateAccount } from "@nwh/emulator";
import { describe, expect, it } from "vitest";
import { NOW } from "./helpers";

const DAY = 86_400_000;

describe("demoAccount", () => {
  const demo = demoAccount(NOW);

  it("is deterministic for a given now, with dates relative to it", () => {
    expect(demoAccount(NOW)).toEqual(demo);
    const later = demoAccount(NOW + DAY);
    const a = parseNexudusDate(demo.webhooks[0]?.LastTrigger)!.getTime();
    const b = parseNexudusDate(later.webhooks[0]?.LastTrigger)!.getTime();
    expect(b - a).toBe(DAY);
  });

  it("has the five demo locations and every webhook belongs to one", () => {
    expect(demo.businesses.map((b) => b.Name)).toEqual([
      "Downtown Hub",
      "Riverside Loft",
      "Canal Works",
      "Harbour Point",
      "Old Town Studio",
    ]);
    const ids = new Set(demo.businesses.map((b) => b.Id));
    expect(demo.webhooks.every((w) => ids.has(w.BusinessId))).toBe(true);
    expect(demo.businesses.every((b) => b.Id > 1_000_000_000)).toBe(true);
  });

  it("has about forty valid webhooks with unique ids and descriptions, no date in the future", () => {
    expect(demo.webhooks.length).toBeGreaterThanOrEqual(35);
    expect(new Set(demo.webhooks.map((w) => w.Id)).size).toBe(demo.webhooks.length);
    for (const w of demo.webhooks) {
      expect(WebhookRecordSchema.safeParse(w).success).toBe(true);
      expect(w.Description).toBeTruthy();
      for (const d of [w.CreatedOn, w.UpdatedOn, w.LastTrigger]) {
        if (d) expect(parseNexudusDate(d)!.getTime()).toBeLessThanOrEqual(NOW);
      }
      if (w.LastTrigger) expect(w.LastTrigger >= w.CreatedOn!).toBe(true);
    }
  });

  it("covers every health state", () => {
    const w = demo.webhooks;
    const lastTrigger = (x: (typeof w)[number]) => parseNexudusDate(x.LastTrigger)?.getTime();
    expect(w.some((x) => x.Active && x.ErrorCount === 0 && lastTrigger(x)! > NOW - DAY)).toBe(true);
    expect(w.some((x) => x.Active && x.ErrorCount >= 1 && x.ErrorCount <= 9 && x.LastError)).toBe(true);
    expect(w.some((x) => !x.Active && x.ErrorCount === 10 && x.LastError)).toBe(true);
    expect(w.some((x) => !x.Active && x.ErrorCount === 0)).toBe(true);
    expect(w.some((x) => x.LastTrigger === null && x.ErrorCount > 0)).toBe(true);
    expect(w.some((x) => x.Active && x.ErrorCount === 0 && lastTrigger(x)! < NOW - 30 * DAY)).toBe(true);
  });

  it("has no active webhook at 10 errors or more: Nexudus disables a webhook at its 10th failure", () => {
    expect(demo.webhooks.filter((x) => x.Active && x.ErrorCount >= 10).map((x) => x.Name)).toEqual([]);
  });

  it("holds the hostile records the bot must escape and redact", () => {
    const names = demo.webhooks.map((w) => w.Name);
    expect(
      names.some(
        (n) => n.includes("<!channel>") && n.includes("<https://evil.example|click here>") && n.includes("&"),
      ),
    ).toBe(true);
    expect(demo.webhooks.some((w) => /^https:\/\/ops:S3cr3t-pass@.*token=abc123&api_key=/.test(w.URL))).toBe(
      true,
    );
    expect(demo.webhooks.some((w) => /https:\/\/\S+\?sig=\S+access_token=/.test(w.LastError ?? ""))).toBe(
      true,
    );
  });

  it("targets the integrations operators use and quotes .NET delivery errors", () => {
    const urls = demo.webhooks.map((w) => w.URL).join("\n");
    for (const host of [
      "hooks.zapier.com/hooks/catch/",
      "hook.eu1.make.com/",
      "hubapi.com",
      "hooks.slack.com/services/",
      "api.example-coworking.com",
    ]) {
      expect(urls).toContain(host);
    }
    const errors = demo.webhooks.map((w) => w.LastError).join("\n");
    for (const text of [
      "(500) Internal Server Error.",
      "(404) Not Found.",
      "(410) Gone.",
      "The operation has timed out.",
      "(401) Unauthorized.",
    ]) {
      expect(errors).toContain(text);
    }
  });

  it("exports the demo credentials", () => {
    expect(DEMO_CREDENTIALS).toEqual({ username: "demo@example.com", password: "demo-password" });
  });
});

describe("generateAccount", () => {
  const options = { webhooks: 10_000, locations: 200, seed: 42, now: NOW };

  it("generates the asked sizes deterministically for a seed", () => {
    const a = generateAccount(options);
    const b = generateAccount(options);
    const other = generateAccount({ ...options, seed: 43 });
    expect(a.webhooks).toHaveLength(10_000);
    expect(a.businesses).toHaveLength(200);
    expect(b).toEqual(a);
    expect(other.webhooks[0]).not.toEqual(a.webhooks[0]);
  });

  it("gives unique ascending ids, unique location names, valid records and the asked ratios", () => {
    const { businesses, webhooks } = generateAccount({ ...options, failingRatio: 0.2, disabledRatio: 0.05 });
    expect(new Set(businesses.map((b) => b.Name)).size).toBe(200);
    expect(webhooks.every((w, i) => i === 0 || w.Id > webhooks[i - 1]!.Id)).toBe(true);
    expect(webhooks.every((w) => WebhookRecordSchema.safeParse(w).success)).toBe(true);
    const failing = webhooks.filter((w) => w.Active && w.ErrorCount > 0).length / webhooks.length;
    const disabled = webhooks.filter((w) => !w.Active && w.ErrorCount === 10).length / webhooks.length;
    expect(failing).toBeGreaterThan(0.17);
    expect(failing).toBeLessThan(0.23);
    expect(disabled).toBeGreaterThan(0.04);
    expect(disabled).toBeLessThan(0.06);
  });
});
