import { startBenchBot } from "./local-harness";

const bot = await startBenchBot({ rateLimit: false, clientLimiter: false });
const mb = (n: number) => (n / 1048576).toFixed(1);
for (let round = 0; round < 6; round++) {
  for (let i = 0; i < 500; i++) {
    await bot.command("failing");
    if (round >= 3) await bot.health();
  }
  globalThis.gc?.();
  const m = process.memoryUsage();
  console.log(round, "rss", mb(m.rss), "heap", mb(m.heapUsed), "ext", mb(m.external));
}
await bot.close();
