import type { SlackMessage } from "../blocks/models";
import { infoMessage } from "../blocks/notice-messages";
import type { Clock } from "../clock";
import { checkingSetupMessage } from "../doctor/doctor-message";
import { NexudusAbortedError, NexudusThrottleError, NexudusTimeoutError } from "../nexudus/errors";
import {
  changingMessage,
  failureMessage,
  notAllowedFor,
  type Refusal,
  searchingFor,
  unavailableMessage,
} from "../service/messages";
import type { ServiceDeps } from "../service/service-types";
import { checkSubscriptionForm, type SubscriptionPorts } from "../subscriptions/run-subscription";
import { type FormErrors, formErrorsByBlock } from "../subscriptions/subscription-form";
import {
  subscriptionsNotAllowedMessage,
  subscriptionsUnavailableMessage,
} from "../subscriptions/subscription-messages";
import { byDeadline, type Deadline, DeadlineError, deadlineAt, notAfter } from "../time/deadline";
import { TIMING, type Timing } from "../time/timing";
import type { AccessPolicy } from "./access-policy";
import { answerTimes } from "./answer-times";
import { authorize } from "./authorize";
import { decodeInteraction, isSetupCheck, isWrite, type Request, runsInWorker } from "./decode-interaction";
import {
  type Interaction,
  type JoinInteraction,
  parseInteraction,
  type UserInteraction,
  type ViewInteraction,
} from "./interaction";
import type { DeliveryLog, Dispatcher, Outbox, PipelineLog, Reply } from "./ports";
import { forTarget, runRequest } from "./run-request";

/** What the pipeline runs on: the service, the rights, and the ports to Slack and the worker. */
export interface PipelinePorts {
  service: ServiceDeps;
  access: AccessPolicy;
  outbox: Outbox;
  dispatcher: Dispatcher;
  deliveries: DeliveryLog;
  clock: Clock;
  timing: Timing;
  log: PipelineLog;
  /** The channel subscriptions (the table and Slack's directory); absent: answered as unavailable. */
  subscriptions?: SubscriptionPorts;
}

/** The answer to a modal's submission: errors shown on its fields (by `block_id`); none closes it. */
export interface ViewAck {
  response_action: "errors";
  errors: Record<string, string>;
}

/**
 * Acknowledges the request to Slack: for a command with the answer itself (it is the HTTP answer), for a
 * modal's submission with the errors on its fields (or nothing, which closes it), for anything else
 * without a body.
 */
export type Ack = (answer?: SlackMessage | ViewAck) => Promise<void>;

/** The one way every interaction is answered. */
export interface InteractionPipeline {
  /**
   * Slack's side, within 3 s of the request's arrival: decode, check rights, run against the deadline and
   * reply; what cannot finish in time, and every change to Nexudus, goes to the worker as the same
   * interaction. Never throws.
   */
  handle(interaction: Interaction, ack: Ack): Promise<void>;
  /** The worker's side: the same steps with the worker's time. Never throws (an async invoke would retry). */
  work(job: unknown): Promise<void>;
}

/** Errors that mean "could not finish in time": the worker, with its own time, can. */
function ranOutOfTime(error: unknown): boolean {
  return (
    error instanceof NexudusTimeoutError ||
    error instanceof NexudusAbortedError ||
    error instanceof NexudusThrottleError ||
    error instanceof DeadlineError
  );
}

/** What to tell the user while the worker does the rest, if anything. */
function interimFor(request: Request, interaction: UserInteraction): Reply | undefined {
  if (isSetupCheck(request)) return { to: "clicker", message: checkingSetupMessage() };
  if (interaction.kind === "command") return undefined;
  if (isWrite(request)) return { to: "clicker", message: changingMessage(request.click), replace: true };
  return undefined;
}

/** The answer a command gets while the worker does it. */
function handedOverAnswer(request: Request, interaction: UserInteraction): SlackMessage {
  if (request.kind === "subscription") return infoMessage(":hourglass_flowing_sand: Working on it…");
  return searchingFor(interaction.kind === "command" ? interaction.text : "");
}

/** A form's errors for Slack (by block). */
function viewErrors(errors: FormErrors): ViewAck {
  return { response_action: "errors", errors: formErrorsByBlock(errors) };
}

/** Builds the pipeline. */
export function createInteractionPipeline(ports: PipelinePorts): InteractionPipeline {
  const { clock, log, outbox } = ports;

  /**
   * The one reply of an error: to the clicker, never replacing the message they clicked (a command's
   * "Searching…", yes). On the Home tab it becomes the tab.
   */
  const failure = (interaction: UserInteraction, message: SlackMessage): Reply[] =>
    forTarget(
      [
        interaction.kind === "home"
          ? { to: "clicker", message, view: { type: "home", blocks: message.blocks } }
          : { to: "clicker", message, replace: interaction.kind === "command" },
      ],
      interaction.replyTo,
    );

  async function refuse(
    interaction: UserInteraction,
    request: Request,
    refusal: Refusal,
    deadline: Deadline,
    ack: Ack,
  ) {
    log.warn("interaction refused", { kind: interaction.kind, userId: interaction.userId, refusal });
    const answer =
      request.kind === "subscription" && refusal === "admin"
        ? subscriptionsNotAllowedMessage()
        : notAllowedFor(refusal);
    if (interaction.kind === "command") return ack(answer);
    if (interaction.kind === "view") return ack(viewErrors({ query: answer.text }));
    await ack();
    await outbox.deliver(interaction, failure(interaction, answer), deadline);
  }

  /**
   * A modal submitted (the subscription form): checked on the fast path, so that a mistake is shown on its
   * field; when it holds, the modal closes and the worker writes it (and draws the Home tab again). Out of
   * time, the modal closes all the same: the worker checks again and says on the Home tab what it found.
   */
  async function handleView(
    interaction: ViewInteraction,
    request: Request,
    deadline: Deadline,
    workBy: number,
    ack: Ack,
  ): Promise<void> {
    if (request.kind !== "subscription" || request.op.op !== "save") {
      log.info("unknown view answered as outdated", { userId: interaction.userId });
      return ack();
    }
    if (!ports.subscriptions) return ack(viewErrors({ query: subscriptionsUnavailableMessage().text }));
    const work = notAfter(deadline, workBy, clock);
    try {
      const checked = await checkSubscriptionForm(request.op.form, ports.subscriptions, ports.service, work);
      if (!checked.ok) return await ack(viewErrors(checked.errors));
    } catch (error) {
      if (!ranOutOfTime(error) && !work.signal.aborted) {
        log.error("the subscription form could not be checked", { ...describe(error) });
        return ack(viewErrors({ query: failureMessage(error).text }));
      }
    }
    await ack();
    await handOver(interaction, request, deadline, async () => {});
  }

  /** Hands the interaction to the worker by the deadline; tells the user when it could not. */
  async function handOver(interaction: UserInteraction, request: Request, deadline: Deadline, ack: Ack) {
    try {
      await byDeadline(deadline, ports.dispatcher.dispatch(interaction));
    } catch (error) {
      log.error("could not hand the interaction to the worker", {
        kind: interaction.kind,
        ...describe(error),
      });
      if (interaction.kind === "command") return ack(unavailableMessage());
      if (interaction.kind === "home") return;
      return outbox.deliver(interaction, failure(interaction, unavailableMessage()), deadline);
    }
    const interim = interimFor(request, interaction);
    if (interaction.kind === "command")
      return ack(interim?.message ?? handedOverAnswer(request, interaction));
    if (interim) await outbox.deliver(interaction, [interim], deadline);
  }

  /** A repeated Events API delivery: Slack retried because our answer was slow, or sent it twice. */
  async function isRepeat(interaction: UserInteraction): Promise<boolean> {
    if (interaction.kind !== "home") return false;
    // A retry after our slow answer: the first delivery is still at work or done. A retry after an error
    // (`http_error`) is served: publishing the tab is idempotent.
    if (interaction.retryReason === "http_timeout") return true;
    return interaction.eventId !== undefined && !(await ports.deliveries.firstDelivery(interaction.eventId));
  }

  /**
   * The bot joined a channel: recorded for the watch, which tries a channel Slack refused again at its next
   * poll when the join is later than the refusal. Nothing is answered and no right is checked: it is
   * Slack's word (signed), not a person's request. One conditional write keeping the later time, on the
   * fast path (it is quick, and the worker would only add a hand-off): a repeated delivery writes nothing.
   */
  async function recordJoin(interaction: JoinInteraction, deadline: Deadline, ack: Ack): Promise<void> {
    await ack();
    const store = ports.subscriptions?.store;
    const fields = {
      channel: interaction.channelId,
      ...(interaction.eventId ? { eventId: interaction.eventId } : {}),
    };
    if (!store) {
      log.warn("the bot joined a channel, but there is no table to record it in", fields);
      return;
    }
    try {
      await byDeadline(deadline, store.botJoined(interaction.channelId, interaction.joinedAt));
      log.info("the bot joined a channel; recorded for the watch", fields);
    } catch (error) {
      // Not fatal: a held channel is tried again a day after its refusal all the same.
      log.error("the bot's join could not be recorded", { ...fields, ...describe(error) });
    }
  }

  return {
    async handle(received, ack) {
      // Built from a signed payload, but still checked: the same shape is what the worker will accept.
      const interaction = parseInteraction(received);
      if (!interaction) {
        log.warn("malformed interaction refused", { kind: received.kind });
        return ack(received.kind === "command" ? notAllowedFor("use") : undefined);
      }
      // One deadline from the request's arrival: everything, replies and hand-off included, ends by it.
      const times = answerTimes(interaction.arrivedAt, ports.timing);
      const deadline = deadlineAt(times.replyBy, clock);
      if (interaction.kind === "join") return await recordJoin(interaction, deadline, ack);
      try {
        // A click whose answer could reach nobody is not run (a command still answers in its ack).
        if (interaction.kind !== "command" && !outbox.accepts(interaction)) {
          log.error("a response_url outside Slack was refused", { kind: interaction.kind });
          return await ack();
        }
        const request = decodeInteraction(interaction);
        const verdict = authorize(request, interaction.userId, ports.access);
        if (!verdict.ok) return await refuse(interaction, request, verdict.refusal, deadline, ack);
        if (interaction.kind === "view")
          return await handleView(interaction, request, deadline, times.workBy, ack);
        if (interaction.kind !== "command") await ack();
        if (request.kind === "outdated")
          log.info("unknown action answered as outdated", {
            userId: interaction.userId,
            ...loggable(request),
          });
        if (await isRepeat(interaction)) {
          log.info("repeated event delivery skipped", { kind: interaction.kind });
          return;
        }
        // Changes to Nexudus or the subscriptions, incident buttons (see runsInWorker) and the setup check run
        // in the worker only: no write ever lands after the answer's deadline, and what takes longer than
        // Slack's 3 s goes there at once.
        if (runsInWorker(request)) return await handOver(interaction, request, deadline, ack);
        // The Nexudus work ends early enough to leave time for the replies or the hand-off.
        const work = notAfter(deadline, times.workBy, clock);
        let replies: Reply[];
        try {
          replies = await runRequest(request, interaction.replyTo, verdict.viewer, ports.service, work, {
            interaction,
            ...(ports.subscriptions ? { subscriptions: ports.subscriptions } : {}),
          });
        } catch (error) {
          // The form opens with the click's trigger_id, which the worker would get too late.
          const opensForm = request.kind === "subscription" && request.op.op === "open";
          if ((ranOutOfTime(error) || work.signal.aborted) && !opensForm)
            return await handOver(interaction, request, deadline, ack);
          log.error("interaction failed", { kind: interaction.kind, ...describe(error) });
          replies = failure(interaction, failureMessage(error));
        }
        if (interaction.kind === "command") {
          const [answer, ...rest] = replies;
          await ack(answer?.message);
          if (rest.length > 0) await outbox.deliver(interaction, rest, deadline);
          return;
        }
        await outbox.deliver(interaction, replies, deadline);
      } catch (error) {
        // Only a bug gets here: the request is still answered, and nothing is thrown at Bolt.
        log.error("interaction could not be answered", { kind: interaction.kind, ...describe(error) });
        if (interaction.kind === "command") await ack(unavailableMessage()).catch(() => {});
      }
    },

    async work(job) {
      const interaction = parseInteraction(job);
      if (!interaction) {
        log.error("invalid worker job dropped");
        return;
      }
      // A join is recorded on the fast path and never handed over: a job saying one is not ours.
      if (interaction.kind === "join") {
        log.error("a join is not a worker job; dropped");
        return;
      }
      if (!outbox.accepts(interaction)) {
        log.error("worker job names a response_url outside Slack; dropped", { kind: interaction.kind });
        return;
      }
      const workDeadline = deadlineAt(clock.now() + ports.timing.workerBudgetMs, clock);
      let replies: Reply[];
      try {
        const request = decodeInteraction(interaction);
        const verdict = authorize(request, interaction.userId, ports.access);
        if (!verdict.ok) {
          log.warn("worker job refused", { kind: interaction.kind, userId: interaction.userId });
          replies = failure(interaction, notAllowedFor(verdict.refusal));
        } else {
          replies = await runRequest(
            request,
            interaction.replyTo,
            verdict.viewer,
            ports.service,
            workDeadline,
            {
              interaction,
              ...(ports.subscriptions ? { subscriptions: ports.subscriptions } : {}),
            },
          );
        }
      } catch (error) {
        log.error("worker job failed", { kind: interaction.kind, ...describe(error) });
        replies = failure(interaction, failureMessage(error));
      }
      // The replies get their own time: the work may have used all of its own.
      await outbox.deliver(interaction, replies, deadlineAt(clock.now() + TIMING.workerDeliveryMs, clock));
    },
  };
}

/** Action ids shaped like the bot's own (`webhooks_…`) are logged; anything else could be arbitrary text. */
const LOGGABLE_ACTION_ID = /^[a-z0-9_]{1,64}$/;

function loggable(request: Extract<Request, { kind: "outdated" }>): Record<string, string> {
  return { actionId: LOGGABLE_ACTION_ID.test(request.actionId) ? request.actionId : "(not shown)" };
}

function describe(error: unknown): { errorName: string; errorMessage: string } {
  return error instanceof Error
    ? { errorName: error.name, errorMessage: error.message }
    : { errorName: typeof error, errorMessage: String(error) };
}
