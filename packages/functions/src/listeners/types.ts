import type { Clock } from "@nwh/core/clock";
import type { InteractionPipeline } from "@nwh/core/interaction";

/** What a listener needs: the pipeline it hands every interaction to, and the clock for the receipt. */
export interface ListenerDeps {
  pipeline: InteractionPipeline;
  clock: Clock;
}
