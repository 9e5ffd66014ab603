import { isInlineAnswer, type LocalBotOptions, startLocalBot } from "./local-harness";

/*
 * A fresh Lambda environment of a running deployment, for `bench/round-trips-bench.ts`: a process of its
 * own (its code loaded cold, as a cold start's is) running local mode on the parent's Nexudus and the
 * parent's table (`COLD_ENVIRONMENT`), so the token and the locations another environment stored are
 * there. It sends one signed `/webhooks failing` as soon as it is up and reports the answer's time.
 */

const options = JSON.parse(process.env.COLD_ENVIRONMENT ?? "{}") as LocalBotOptions;
const bot = await startLocalBot(options);
try {
  const sentAt = Date.now();
  const answer = await bot.command("failing");
  process.send?.({ ms: answer.ms, sentAt, inline: answer.status === 200 && isInlineAnswer(answer.body) });
} finally {
  await bot.close();
}
