import { createInterface } from "node:readline";
import { parseConfig } from "@nwh/core/config";
import { createNexudusClient, type NexudusClient, nexudusSettingsFrom } from "@nwh/core/nexudus";
import { buildAppDeps, createLogger, DEFAULT_TUNING } from "@nwh/functions";

/*
 * One Lambda environment of the shared-budget bench, in a process of its own (as environments are): it
 * builds its client as the composition root does (or, with `alone`, on its own limiter only), warms up,
 * says `ready`, and on `go` sends its burst of searches at once, then prints how many failed.
 */
const [burst, mode] = [Number(process.argv[2]), process.argv[3]];
const config = parseConfig(JSON.parse(process.env.BENCH_CONFIG ?? "{}") as Record<string, string>);
const client: NexudusClient =
  mode === "alone"
    ? createNexudusClient({ ...nexudusSettingsFrom(config) })
    : buildAppDeps(config, {
        tuning: DEFAULT_TUNING,
        logger: createLogger({ logLevel: "SILENT" }),
        dispatcher: { dispatch: async () => {} },
      }).nexudus;
// A warm environment: Node loads its HTTP client on the first fetch (100 ms and more on this machine), which
// would make a cold process's first reserved send arrive late. Unauthenticated, so Nexudus counts nothing.
await (await fetch(`${config.NEXUDUS_BASE_URL}/sys/webhooks?size=1`)).text();
const lines = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
for await (const line of lines) {
  if (line !== "go") continue;
  const results = await Promise.allSettled(
    Array.from({ length: burst }, (_, i) => client.searchWebhooks({ page: String(1 + (i % 3)), size: "5" })),
  );
  process.stdout.write(`failed ${results.filter((r) => r.status === "rejected").length}\n`);
  process.exit(0);
}
