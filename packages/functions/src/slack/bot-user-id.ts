import type { Logger } from "@aws-lambda-powertools/logger";
import type { WebClient } from "@slack/web-api";
import { describeError } from "../lib/logger";
import { once } from "../lib/once";

/**
 * The bot's own user id, from `auth.test`, asked on first use and kept for the environment: only a
 * `member_joined_channel` asks (to tell the bot's own joins from others'), so no cold start and no other
 * request pays for the call. Bolt's `context.botUserId` would need it at every request (`authorize`
 * hands Bolt the token alone, so that nothing calls `auth.test` at init); the event body's
 * `authorizations` names an installation, which Slack does not promise is the bot user. The same call
 * answers on Lambda, in Socket Mode and on local mode's stub. A failed call is not kept: `undefined`, and
 * the next event asks again.
 */
export function botUserIdOf(web: WebClient, logger: Logger): () => Promise<string | undefined> {
  const ask = once(async () => {
    const answer = await web.auth.test();
    if (typeof answer.user_id !== "string" || answer.user_id === "")
      throw new Error("auth.test named no user_id");
    return answer.user_id;
  });
  return () =>
    ask().catch((error: unknown) => {
      logger.warn("the bot's own user id could not be read (auth.test); a join is ignored", {
        ...describeError(error),
      });
      return undefined;
    });
}
