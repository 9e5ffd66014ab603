import { slackErrorOf } from "../slack";
import type { ChannelRefusal, WatchState } from "./alert-store";
import { neededScopeOf, refusalScopeOf } from "./slack-refusal";

/** A Slack call the watch did not make: its channel is held after a refusal, or Slack refused the bot. */
export class SlackHeldError extends Error {
  override name = "SlackHeldError";
  readonly code = "slack_held";
  constructor(readonly channel: string) {
    super(`Slack calls to ${channel} are held: Slack refused them for good`);
  }
}

/** Where the gate says what it decided. */
export interface GateLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** One poll's gate in front of Slack, per channel (see `channelGate`). */
export interface ChannelGate {
  /** Whether this poll sends anything to `channel`. */
  open(channel: string): boolean;
  /**
   * Makes one Slack call for `channel` (or throws `SlackHeldError`), keeping the refusals up to date. Only
   * a `write` that goes through lifts a hold: an archived channel still answers reads.
   */
  call<T>(channel: string, kind: "read" | "write", send: () => Promise<T>): Promise<T>;
  /** Whether a failed call fails the poll: a held call or a refusal said before does not. */
  failsPoll(error: unknown): boolean;
}

/**
 * The watch's memory of channels Slack refused for good, for one poll. A channel refused (archived, the
 * bot removed; see `slack-refusal`) is recorded in the watch's state and held: no call goes there until
 * `retryMs` later, or until its routing changes (a subscription of it edited or added again), or until
 * the bot joins it after it was refused (invited back), so one archived channel costs one report, not a
 * failed poll and a wasted call every five minutes. A post or an update that goes through again lifts the
 * hold. Slack refusing the bot itself (its token, or a scope every channel needs, such as `chat:write`)
 * holds every channel for the rest of the poll, and fails every poll: nothing can be said in Slack, so the
 * alarm is the only voice.
 */
export function channelGate(options: {
  state: WatchState;
  now: number;
  retryMs: number;
  /** The channel's routing now; absent: it never changes. */
  routingOf?: (channel: string) => string;
  /** When the bot last joined the channel (epoch ms, Slack's time), if it is known; absent: never. */
  joinedAt?: (channel: string) => number | undefined;
  logger?: GateLogger;
}): ChannelGate {
  const { state, now, retryMs, logger } = options;
  const routingOf = options.routingOf ?? (() => "");
  const quiet = new WeakSet<object>();
  let botRefused = false;

  const refusalOf = (channel: string): ChannelRefusal | undefined => state.refused?.[channel];
  // Invited back since it was first refused: a person fixed the channel. Slack times a join in whole
  // seconds: one in the refusal's own second counts as later (one try too many at worst, where the other
  // reading would hold the channel for a day). A join the refusal already knew of (`joined`) did not fix
  // it, so one join lifts a hold once, even when it falls in the second of the refusal it started.
  const rejoined = (channel: string, refusal: ChannelRefusal): boolean => {
    const joined = options.joinedAt?.(channel);
    return (
      joined !== undefined && joined !== refusal.joined && joined >= Math.floor(refusal.since / 1000) * 1000
    );
  };
  const open = (channel: string): boolean => {
    if (botRefused) return false;
    const refusal = refusalOf(channel);
    return (
      !refusal ||
      now >= refusal.retryAt ||
      refusal.routing !== routingOf(channel) ||
      rejoined(channel, refusal)
    );
  };

  function refused(channel: string, kind: "read" | "write", error: unknown): void {
    const scope = refusalScopeOf(error, kind);
    const code = slackErrorOf(error) ?? "unknown";
    const needed = code === "missing_scope" ? neededScopeOf(error) : undefined;
    if (scope === "bot") {
      if (!botRefused)
        logger?.error("Slack refuses the bot itself; nothing more is sent this poll", {
          error: code,
          ...(needed ? { needed } : {}),
        });
      botRefused = true;
      return;
    }
    if (scope !== "channel") return;
    const before = refusalOf(channel);
    const routing = routingOf(channel);
    // Said again only when someone changed the channel's routing, or invited the bot back, since (they
    // expect it to work now).
    const first = !before || before.routing !== routing || rejoined(channel, before);
    const joined = options.joinedAt?.(channel);
    const refusal: ChannelRefusal = {
      error: code,
      since: first ? now : before.since,
      retryAt: now + retryMs,
      routing,
      ...(needed ? { needed } : {}),
      // A refusal not said yet (its notice did not go out) is still to be said, and its notice's lost try
      // still looked for.
      said: first ? false : before.said !== false,
      ...(!first && before.noticeTriedAt !== undefined ? { noticeTriedAt: before.noticeTriedAt } : {}),
      ...(joined !== undefined ? { joined } : {}),
    };
    state.refused = { ...state.refused, [channel]: refusal };
    if (!first) {
      quiet.add(error as object);
      logger?.warn("Slack still refuses the channel; held again", { channel, error: code });
      return;
    }
    logger?.error("Slack refuses the channel for good; its alerts are held", {
      channel,
      error: code,
      ...(needed ? { needed } : {}),
      retryAt: new Date(refusal.retryAt).toISOString(),
    });
  }

  return {
    open,
    async call(channel, kind, send) {
      if (!open(channel)) throw new SlackHeldError(channel);
      try {
        const value = await send();
        if (kind === "write" && refusalOf(channel)) {
          const { [channel]: lifted, ...rest } = state.refused ?? {};
          if (Object.keys(rest).length > 0) state.refused = rest;
          else delete state.refused;
          logger?.info("Slack takes the bot's messages in the channel again", {
            channel,
            refusedSince: lifted ? new Date(lifted.since).toISOString() : undefined,
          });
        }
        return value;
      } catch (error) {
        refused(channel, kind, error);
        throw error;
      }
    },
    failsPoll(error) {
      if (error instanceof SlackHeldError) return false;
      return !(typeof error === "object" && error !== null && quiet.has(error));
    },
  };
}
