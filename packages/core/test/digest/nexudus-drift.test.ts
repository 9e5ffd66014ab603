import { validateMessage } from "@nwh/core/blocks";
import { runDigest } from "@nwh/core/digest";
import { createNexudusClient, type WebhookRecord } from "@nwh/core/nexudus";
import { type AccountQuirks, type Emulator, startEmulator } from "@nwh/emulator";
import { afterEach, describe, expect, it } from "vitest";
import type { DigestConfig } from "../../src/digest/run-digest";
import { createMemorySlackPort } from "../support/memory-slack-port";
import { memoryStore } from "../support/memory-store";
import { business, fixedClock, HOUR, iso, NOW, webhook } from "./fixtures";

/* The digest with the real client against accounts shaped like the real Nexudus. */

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

const TROUBLE: WebhookRecord[] = [
  webhook({ Id: 1, BusinessId: 1, Name: "Zapier bookings", Active: false, ErrorCount: 10 }),
  webhook({ Id: 2, BusinessId: 2, Name: "HubSpot members", ErrorCount: 7, LastTrigger: iso(NOW - 5 * HOUR) }),
  webhook({ Id: 3, BusinessId: 1, Name: "Make invoices", ErrorCount: 2, LastTrigger: null }),
  webhook({ Id: 4, BusinessId: 1, Name: "Healthy" }),
];

async function digestOf(
  webhooks: WebhookRecord[],
  quirks: Partial<AccountQuirks>,
  config: Partial<DigestConfig> = {},
) {
  const emulator = await startEmulator({
    account: { businesses: [business(1, "Downtown Hub"), business(2, "Riverside Loft")], webhooks },
    rateLimit: false,
    now: () => NOW,
  });
  running.push(emulator);
  emulator.faults.quirks(quirks);
  const client = createNexudusClient({
    baseUrl: emulator.url,
    auth: { scheme: "bearer", ...emulator.credentials },
    limiter: false,
  });
  const clock = fixedClock();
  const slack = createMemorySlackPort(clock);
  const result = await runDigest({
    client,
    slack,
    store: memoryStore(clock),
    clock,
    sleep: async (ms) => clock.advance(ms),
    config: { channel: "C0DIGEST", timeZone: "Europe/London", minErrors: 1, allClear: true, ...config },
  });
  const text = slack.messages.map((m) => `${m.text} ${JSON.stringify(m.blocks)}`).join("\n");
  return { result, slack, text };
}

describe("the digest against a drifted account", () => {
  it("is posted in full, with location names, when envelopes carry only four fields and records extra ones", async () => {
    // Act
    const { result, slack, text } = await digestOf(TROUBLE, { envelope: "drifted" });

    // Assess
    expect(result).toMatchObject({
      status: "posted",
      counts: { disabled: 1, failing: 2, locations: 2 },
      named: 3,
    });
    expect(text).toContain("Downtown Hub");
    expect(text).toContain("Riverside Loft");
    expect(text).not.toContain("Location #");
    expect(text).not.toContain("does not understand");
    for (const message of slack.messages) expect(validateMessage(message)).toEqual([]);
  });

  it("reads .NET /Date(ms)/ dates: a failure since yesterday is still new", async () => {
    // Act
    const { result } = await digestOf(TROUBLE, { dates: "ms-date" });

    // Assess
    expect(result.counts).toMatchObject({ new: 1, neverDelivered: 1 });
  });
});

describe("a record the digest could not read", () => {
  it("is counted in the parent's footnote and the log, the others reported", async () => {
    // Act
    const { result, text } = await digestOf(TROUBLE, { malformedIds: [2] });

    // Assess
    expect(result).toMatchObject({ status: "posted", skipped: 1, counts: { disabled: 1, failing: 1 } });
    expect(text).toContain("1 record Nexudus sent could not be read");
  });

  it("turns the all-clear into a warning, posted even when the all-clear is off", async () => {
    // Act
    const broken = [
      webhook({ Id: 7, BusinessId: 1, Name: "Broken", ErrorCount: 3 }),
      webhook({ Id: 8, Name: "Fine" }),
    ];
    const { result, slack } = await digestOf(broken, { malformedIds: [7] }, { allClear: false });

    // Assess
    expect(result).toMatchObject({ status: "all-clear", skipped: 1 });
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]!.text).toMatch(
      /^⚠️ .*no webhook the bot could read is failing.*1 record Nexudus sent could not be read/,
    );
    expect(slack.messages[0]!.text).not.toContain("all clear");
  });
});
