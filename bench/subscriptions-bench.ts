import { type AlertConfig, channelRouter, runWatch } from "@nwh/core/alerts";
import { systemClock } from "@nwh/core/clock";
import { nexudusDigestSource, runDigests } from "@nwh/core/digest";
import { createNexudusClient, type WebhookListRecord } from "@nwh/core/nexudus";
import { formatQuery, parseCommand } from "@nwh/core/query";
import {
  alertRoutesOf,
  type Subscription,
  subscriptionDigestTargets,
  subscriptionIdOf,
  subscriptionRouter,
} from "@nwh/core/subscriptions";
import { type Account, generateAccount, startEmulator } from "@nwh/emulator";
import { createMemorySlackPort } from "../packages/core/test/support/memory-slack-port";
import { memoryAlertStore, memoryLeases, memoryStore } from "../packages/core/test/support/memory-store";
import { type BenchRow, median } from "./bench-row";

const WEBHOOKS = 10_000;
const LOCATIONS = 200;
const SUBSCRIPTIONS = 500;
const LATENCY_MS = 100;
const ROUTING_TARGET_MS = 500;
const CHANNEL = "C0ALERTS01";

/** A search in its canonical text (as a subscription stores it). */
function canonical(text: string): string {
  const parsed = parseCommand(text);
  if (!parsed.ok || parsed.command.kind !== "search") throw new Error(`not a search: ${text}`);
  return formatQuery(parsed.command.query);
}

/**
 * 500 subscriptions over the account's 200 locations, of four shapes: a location's failing webhooks, its
 * disabled ones but one action, its worst ones but Zapier's, and everything it triggered this week.
 */
function subscriptionsOf(account: Account): Subscription[] {
  const actions = [...new Set(account.webhooks.map((w) => w.Action))];
  return Array.from({ length: SUBSCRIPTIONS }, (_, i) => {
    const location = account.businesses[i % account.businesses.length]!.Id;
    const shapes = [
      `failing location:${location}`,
      `disabled location:${location} -action:${actions[i % actions.length]}`,
      `failing errors:>=3 location:${location} -name:zapier`,
      `triggered:<7d location:${location}`,
    ];
    const spec = {
      channel: `C0SUB${String(i).padStart(4, "0")}`,
      query: canonical(shapes[i % shapes.length]!),
      alerts: true,
      digest: true,
      at: "08:00",
      timeZone: i % 2 ? "Europe/Paris" : "America/New_York",
      mention: [],
    };
    return { ...spec, id: subscriptionIdOf(spec), createdBy: "U0BENCH001", createdAt: 1_700_000_000_000 + i };
  });
}

/**
 * Channel subscriptions at scale: 500 subscriptions over 10,000 webhooks (200 locations, 15 % failing),
 * the emulator at 100 ms latency with its rate limits on, the table and Slack in memory. A watch poll
 * routes every webhook it read against every subscription locally (its Nexudus requests are compared with
 * the same poll routed to one channel), and one run sends all 500 subscription digests from one read.
 */
export async function benchSubscriptions(): Promise<BenchRow[]> {
  const now = Date.now();
  const account = generateAccount({
    webhooks: WEBHOOKS,
    locations: LOCATIONS,
    failingRatio: 0.15,
    seed: 20261201,
    now,
  });
  const subscriptions = subscriptionsOf(account);
  const emulator = await startEmulator({ account, latencyMs: LATENCY_MS, rateLimit: true });
  try {
    const client = () =>
      createNexudusClient({ baseUrl: emulator.url, auth: { scheme: "bearer", ...emulator.credentials } });
    const config: AlertConfig = {
      channel: CHANNEL,
      minErrors: 3,
      atRisk: 7,
      mention: [],
      maxPerRun: 10,
      disableAfter: 10,
      timeZone: "UTC",
    };
    const defaults = { channel: CHANNEL, mention: [], enabled: true };
    const poll = async (routes: Pick<Parameters<typeof runWatch>[0], "route" | "channels">) => {
      const before = emulator.requests.length;
      const started = performance.now();
      const result = await runWatch({
        client: client(),
        slack: createMemorySlackPort(systemClock),
        store: memoryAlertStore(),
        leases: memoryLeases(systemClock),
        clock: systemClock,
        config,
        ...routes,
      });
      return { result, ms: performance.now() - started, requests: emulator.requests.length - before };
    };

    // The same first poll, routed to the configured channel alone, then through the 500 subscriptions.
    const alone = await poll({ route: channelRouter(defaults), channels: [CHANNEL] });
    const routes = alertRoutesOf(subscriptions, defaults, { now, minErrors: 1 });
    const routed = await poll(routes);

    // Routing alone (the CPU part of a poll): the router built, then every webhook a poll reads routed.
    const read: WebhookListRecord[] = account.webhooks.filter((w) => w.ErrorCount > 0 || !w.Active);
    const timings: number[] = [];
    let targets = 0;
    for (let run = 0; run < 7; run++) {
      const started = performance.now();
      const route = subscriptionRouter(subscriptions, defaults, { now, minErrors: 1 });
      targets = 0;
      for (const record of read) targets += route(record).length;
      timings.push(performance.now() - started);
    }
    const routingMs = median(timings);

    // Every subscription's digest in one run (as a manual run sends them), Nexudus read once for all.
    const digestClient = client();
    const digestBefore = emulator.requests.length;
    const slack = createMemorySlackPort(systemClock);
    const digestStarted = performance.now();
    const batch = await runDigests(
      {
        client: digestClient,
        slack,
        store: memoryStore(systemClock),
        clock: systemClock,
        sleep: async () => {},
        config: { minErrors: 1, allClear: true },
      },
      subscriptionDigestTargets(subscriptions, { now, minErrors: 1, all: true }),
      { source: nexudusDigestSource(digestClient, 1), concurrency: 8 },
    );
    const digestMs = performance.now() - digestStarted;
    const digestRequests = emulator.requests.length - digestBefore;
    const posted = batch.runs.filter((r) => r.status === "posted" || r.status === "all-clear").length;

    const label = `${SUBSCRIPTIONS} subscriptions / ${WEBHOOKS.toLocaleString("en-US")} webhooks`;
    return [
      {
        name: `subscriptions: watch poll, ${label}, ${LATENCY_MS} ms latency, rate limits on: wall time`,
        value: routed.ms,
        unit: "ms",
        reference: { name: "the same poll routed to one channel", value: alone.ms },
        note: `${routed.result.opened} incidents recorded in ${routes.channels.length} channels`,
      },
      {
        name: "subscriptions: Nexudus requests of that poll",
        value: routed.requests,
        unit: "",
        reference: { name: "the same poll routed to one channel", value: alone.requests },
        target: "no more than with one channel",
        met: routed.requests <= alone.requests,
      },
      {
        name: `subscriptions: routing every webhook read (${read.length}) through ${SUBSCRIPTIONS} subscriptions`,
        value: routingMs,
        unit: "ms",
        target: `median < ${ROUTING_TARGET_MS} ms`,
        met: routingMs < ROUTING_TARGET_MS,
        note: `router built each time; ${targets} channel targets`,
      },
      {
        name: `subscriptions: all ${SUBSCRIPTIONS} subscription digests in one run: wall time`,
        value: digestMs,
        unit: "ms",
        note: `${posted} posted, ${batch.failed.length} failed, ${slack.messages.length} messages; Slack pacing not slept`,
      },
      {
        name: "subscriptions: Nexudus requests of those 500 digests",
        value: digestRequests,
        unit: "",
        reference: { name: "the poll routed to one channel", value: alone.requests },
        target: "one read for all: no more than that poll",
        met: digestRequests <= alone.requests,
      },
    ];
  } finally {
    await emulator.close();
  }
}
