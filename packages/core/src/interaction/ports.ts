import type { SlackMessage } from "../blocks/models";
import type { HomeView } from "../service/home-view";
import type { Marks } from "../store/marks";
import type { ModalView } from "../subscriptions/subscription-form";
import type { Deadline } from "../time/deadline";
import { TIMING } from "../time/timing";
import type { Interaction, UserInteraction } from "./interaction";

/** Who a reply is for. */
export type Audience =
  /** The user who typed or clicked (ephemeral, or their Home tab). */
  | "clicker"
  /** Everyone in the channel the interaction came from (Share). */
  | "channel"
  /**
   * The audit line of a change: where it happened, or the audit channel when it happened on the Home tab;
   * a subscription's change goes to the channel it is about (`Reply.channel`).
   */
  | "audit"
  /** A modal for the clicker, opened with the click's `trigger_id` (the subscription form). */
  | "modal";

/** One answer to an interaction, addressed to an audience; the outbox knows how to reach it. */
export interface Reply {
  to: Audience;
  message: SlackMessage;
  /** Replace the message the interaction came from, when that one is ephemeral, instead of adding one. */
  replace?: boolean;
  /** On the Home tab: the whole view to publish. */
  view?: HomeView;
  /** For `modal`: the view to open. */
  modal?: ModalView;
  /** For `audit`: the channel to post it in, whatever the interaction came from. */
  channel?: string;
  /**
   * Told once whether the reply went out. False only when it surely did not: there was no time to start
   * it, or Slack answered and refused it; a send that failed in a way that may have landed (a timeout, a
   * lost answer) counts as out. An audit line said once gives its mark back on false, so a later run can
   * say it.
   */
  settle?: (delivered: boolean) => Promise<void>;
}

/** Delivers replies to Slack. */
export interface Outbox {
  /**
   * Whether replies to this interaction can be delivered at all: its `response_url` is Slack's own. An
   * interaction that cannot be answered is not run (a forged job must not even reach Nexudus).
   */
  accepts(interaction: UserInteraction): boolean;
  /**
   * Delivers `replies` in order (an answer before its audit line) to where `interaction` asks, each send
   * bounded by what is left of `deadline`, and settles each (`Reply.settle`). Never throws: a failure is
   * logged, there is nobody left to tell.
   */
  deliver(interaction: UserInteraction, replies: readonly Reply[], deadline: Deadline): Promise<void>;
}

/** Hands an interaction to the worker: in AWS an asynchronous Lambda invocation, locally a function. */
export interface Dispatcher {
  /** Resolves once the job is accepted (not when it is done); rejects when it could not be handed over. */
  dispatch(interaction: Interaction): Promise<void>;
}

/** Remembers Events API deliveries, since Slack may deliver one event more than once. */
export interface DeliveryLog {
  /** True the first time this event id is seen. */
  firstDelivery(eventId: string): Promise<boolean>;
}

/** What the pipeline logs through: never a payload, a `response_url` or a credential. */
export interface PipelineLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The delivery log on the table's marks: an event id is remembered for `TIMING.eventDedupeMs`. */
export function deliveryLogOn(marks: Marks): DeliveryLog {
  return { firstDelivery: (eventId) => marks.mark(`event:${eventId}`, TIMING.eventDedupeMs) };
}
