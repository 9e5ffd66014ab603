import type { Clock } from "@nwh/core/clock";
import type { InteractionPipeline } from "@nwh/core/interaction";

/** What a listener needs: the pipeline it hands every interaction to, and the clock for the receipt. */
export interface ListenerDeps {
  pipeline: InteractionPipeline;
  clock: Clock;
  /**
   * The bot's own user id (`auth.test`, asked once per environment on first use), to tell the bot's own
   * joins from others'; `undefined` when Slack could not say (the event is then ignored).
   */
  botUserId: () => Promise<string | undefined>;
}
