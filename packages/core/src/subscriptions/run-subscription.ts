import type { KnownBlock } from "@slack/types";
import { queryErrorMessage } from "../blocks/error-messages";
import type { LocationNames, SlackMessage, Viewer } from "../blocks/models";
import { infoMessage } from "../blocks/notice-messages";
import { safeText } from "../blocks/untrusted-text";
import type { CallOptions } from "../nexudus/client-types";
import { QUERY_LIMITS } from "../query/query-limits";
import type { SearchQuery } from "../query/query-types";
import { ImpossibleSearchError, loadResults, namesOrEmpty } from "../service/load-results";
import { isOutOfTime } from "../service/messages";
import type { ServiceDeps } from "../service/service-types";
import { byDeadline, callOptionsOf, type Deadline, DeadlineError } from "../time/deadline";
import { TIMING } from "../time/timing";
import { editableQuery } from "./compile-subscription";
import { fieldMessage, type Prepared, prepareSubscription, termsOfForm } from "./prepare-subscription";
import { settingsBlocks } from "./settings-blocks";
import type { ChannelDirectory, Membership, UserGroupDirectory } from "./slack-directory";
import {
  BOT_DISPLAY_NAME,
  inListOrder,
  isSubscribableChannel,
  type Subscription,
  subscriptionIdOf,
} from "./subscription";
import { type FormErrors, type ModalView, subscriptionModal } from "./subscription-form";
import {
  alreadySubscribedMessage,
  channelLink,
  inviteFirstMessage,
  type MatchCount,
  membershipUnknownMessage,
  noSuchNumberMessage,
  notAChannelMessage,
  removedNotice,
  subscribedMessage,
  subscriptionAudit,
  subscriptionLine,
  subscriptionListMessage,
} from "./subscription-messages";
import type { ListScope, SubscriptionForm, SubscriptionOp, SubscriptionRef } from "./subscription-ops";
import type { SubscriptionStore } from "./subscription-store";

/** What the subscriptions run on besides the search service: the table and Slack's directory. */
export interface SubscriptionPorts {
  store: SubscriptionStore;
  channels: ChannelDirectory;
  /** For the form's user-group select; absent or failing: the form offers people only. */
  userGroups?: UserGroupDirectory;
}

/** Who asks, and where. */
export interface SubscriptionContext {
  viewer: Viewer;
  /** The channel the command was typed in (or the message clicked was in). */
  channelId?: string;
  /** When the click reached Slack's side (for the `trigger_id`'s lifetime). */
  arrivedAt: number;
  /** Whether the answer goes to the App Home tab. */
  home: boolean;
}

/** A change's line for the channel it is about. */
export interface ChannelAudit {
  channel: string;
  message: SlackMessage;
}

/** What a subscription request produced. */
export type SubscriptionResult =
  /** An answer for whoever asked (replacing the message clicked when it was ephemeral). */
  | { kind: "message"; message: SlackMessage; failed?: boolean; audit?: ChannelAudit }
  /** The App Home tab drawn again, with this notice at the top of its Settings. */
  | { kind: "home"; notice: string; audit?: ChannelAudit }
  /** The subscription form, to open with the click's `trigger_id`. */
  | { kind: "modal"; view: ModalView };

const message = (m: SlackMessage, failed = false): SubscriptionResult => ({
  kind: "message",
  message: m,
  ...(failed ? { failed } : {}),
});

/** How many webhooks the search matches now, in the subscription's zone; never throws. */
async function countMatches(
  query: SearchQuery,
  timeZone: string,
  deps: ServiceDeps,
  call: CallOptions,
): Promise<MatchCount> {
  try {
    const model = await loadResults(
      { ...query, size: 1 },
      { ...deps, config: { ...deps.config, timeZone } },
      call,
    );
    return model.totalItems === undefined ? undefined : { total: model.totalItems };
  } catch (error) {
    if (error instanceof ImpossibleSearchError && error.problems.some((p) => p.code === "too-many-records"))
      return { over: QUERY_LIMITS.maxExclusionRecords };
    return undefined;
  }
}

/**
 * Whether the bot is in the channel; `undefined` when Slack could not say. Bounded by the deadline: running
 * out of time is thrown (the pipeline hands over), never taken for "Slack did not say".
 */
async function membershipOf(
  ports: SubscriptionPorts,
  channel: string,
  deadline: Deadline | undefined,
): Promise<Membership | undefined> {
  const asked = ports.channels.membership(channel, deadline?.signal);
  try {
    return await (deadline ? byDeadline(deadline, asked) : asked);
  } catch (error) {
    if (error instanceof DeadlineError || deadline?.signal.aborted) throw error;
    return undefined;
  }
}

/** A subscription checked against the table's invariants and Slack, ready to write; or why not. */
type Checked =
  | { ok: true; prepared: Extract<Prepared, { ok: true }>; terms: { ignored: string[] } }
  | { ok: false; errors: FormErrors; message: SlackMessage };

/**
 * Checks the subscription form: every field (the parser's error on the search), the locations it names,
 * and that the bot is in the channel picked. Used on the fast path (its errors are shown on the form) and
 * again before the write. A failure to read Nexudus or Slack in time is thrown.
 */
export async function checkSubscriptionForm(
  form: SubscriptionForm,
  ports: SubscriptionPorts,
  deps: ServiceDeps,
  deadline: Deadline | undefined,
): Promise<Checked> {
  const read = termsOfForm(form);
  const errors: FormErrors = read.ok ? {} : { ...read.errors };
  if (!isSubscribableChannel(form.channel)) errors.channel = "Pick a public or private channel.";
  if (!read.ok || errors.channel) return { ok: false, errors, message: formErrorMessage(errors) };
  const channel = form.channel!;
  const prepared = await prepareSubscription(read.terms, channel, deps, callOptionsOf(deadline));
  if (!prepared.ok) {
    const field = { query: fieldMessage(prepared.errors) };
    return { ok: false, errors: field, message: queryErrorMessage(prepared.errors) };
  }
  const member = await membershipOf(ports, channel, deadline);
  if (!member) {
    const notice = "Slack did not say whether the bot is in this channel; try again in a minute.";
    return { ok: false, errors: { channel: notice }, message: membershipUnknownMessage() };
  }
  if (member.kind !== "member") {
    const errorText = `The bot is not in this channel: type /invite @${BOT_DISPLAY_NAME} there first.`;
    return {
      ok: false,
      errors: { channel: errorText },
      message: inviteFirstMessage(channel, "name" in member ? member.name : undefined),
    };
  }
  return { ok: true, prepared, terms: { ignored: read.terms.ignored } };
}

function formErrorMessage(errors: FormErrors): SlackMessage {
  return infoMessage(`:warning: ${Object.values(errors).filter(Boolean).join(" ")}`);
}

/** The Settings blocks of the App Home tab for an admin, in `room` blocks. */
export async function loadSettingsBlocks(
  ports: SubscriptionPorts,
  deps: ServiceDeps,
  options: { room: number; notice?: string; deadline?: Deadline },
): Promise<KnownBlock[]> {
  const call = callOptionsOf(options.deadline);
  const [subscriptions, locations] = await Promise.all([ports.store.list(), namesOrEmpty(deps, call)]);
  return settingsBlocks(subscriptions, {
    room: options.room,
    locations,
    ...(options.notice ? { notice: options.notice } : {}),
  });
}

/**
 * Runs one subscription request (rights were checked before: the viewer decides only what is drawn).
 * Writes are conditional (see `SubscriptionStore`): a repeated request finds its work done, answers so and
 * audits nothing. A failure to read Nexudus or the table is thrown, for the pipeline to explain.
 */
export async function runSubscription(
  op: SubscriptionOp,
  ctx: SubscriptionContext,
  ports: SubscriptionPorts,
  deps: ServiceDeps,
  deadline: Deadline | undefined,
): Promise<SubscriptionResult> {
  const call = callOptionsOf(deadline);
  const userId = ctx.viewer.userId;
  const names = () =>
    namesOrEmpty(deps, call).catch((error) => {
      if (isOutOfTime(error)) throw error;
      return new Map() as LocationNames;
    });
  switch (op.op) {
    case "subscribe": {
      const channel = ctx.channelId;
      if (!isSubscribableChannel(channel)) return message(notAChannelMessage(), true);
      const prepared = await prepareSubscription(op.terms, channel, deps, call);
      if (!prepared.ok) return message(queryErrorMessage(prepared.errors), true);
      const member = await membershipOf(ports, channel, deadline);
      if (!member) return message(membershipUnknownMessage(), true);
      if (member.kind !== "member")
        return message(inviteFirstMessage(channel, "name" in member ? member.name : undefined), true);
      const subscription: Subscription = {
        ...prepared.spec,
        id: subscriptionIdOf(prepared.spec),
        createdBy: userId,
        createdAt: deps.clock.now(),
      };
      const saved = await ports.store.save(subscription, "create");
      const locations = await names();
      if (!saved.written) {
        const existing = await ports.store.get(channel, subscription.id);
        return message(alreadySubscribedMessage(existing ?? subscription, locations));
      }
      const matches = await countMatches(prepared.query, subscription.timeZone, deps, call);
      return {
        kind: "message",
        message: subscribedMessage(subscription, matches, { locations, ignored: op.terms.ignored }),
        audit: { channel, message: subscriptionAudit("subscribed", subscription, userId, locations) },
      };
    }
    case "list":
      return message(await listMessage(ctx, ports, deps, call, ctx.viewer.isAdmin ? "all" : "channel"));
    case "unsubscribe": {
      const channel = ctx.channelId;
      if (!isSubscribableChannel(channel)) return message(notAChannelMessage(), true);
      const list = inListOrder(await ports.store.listChannel(channel));
      const target = list[op.number - 1];
      if (!target) return message(noSuchNumberMessage(op.number, list.length), true);
      return removeOne(target, ctx, ports, deps, call, "channel");
    }
    case "remove":
      return removeOne(op.ref, ctx, ports, deps, call, op.scope ?? "channel");
    case "open": {
      if (deps.clock.now() - ctx.arrivedAt > TIMING.triggerLifetimeMs)
        return message(infoMessage("The form could not be opened in time. Please click again."), true);
      const editing = op.ref ? await ports.store.get(op.ref.channel, op.ref.id) : undefined;
      if (op.ref && !editing) return { kind: "home", notice: removedNotice(undefined) };
      const asked = ports.userGroups?.list(deadline?.signal);
      // The search shows its locations by name (kept as ids): without the names, by id, as stored.
      const named = editing ? namesOrEmpty(deps, call) : undefined;
      const bounded = <T>(p: Promise<T>) => (deadline ? byDeadline(deadline, p) : p);
      // Without the groups (no scope, a free workspace, too slow) the form offers people only.
      const [groups, names] = await Promise.all([
        asked ? bounded(asked).catch(() => []) : [],
        named ? bounded(named).catch((): LocationNames => new Map()) : new Map<number, string>(),
      ]);
      return {
        kind: "modal",
        view: subscriptionModal({
          defaultTimeZone: deps.config.timeZone,
          groups,
          ...(editing ? { editing: { ...editing, query: editableQuery(editing, names) } } : {}),
        }),
      };
    }
    case "save":
      return save(op.form, op.editing, ctx, ports, deps, deadline);
  }
}

async function listMessage(
  ctx: SubscriptionContext,
  ports: SubscriptionPorts,
  deps: ServiceDeps,
  call: CallOptions,
  scope: ListScope,
  notice?: string,
): Promise<SlackMessage> {
  const channel = ctx.channelId;
  const subscriptions =
    scope === "all"
      ? await ports.store.list()
      : isSubscribableChannel(channel)
        ? await ports.store.listChannel(channel)
        : [];
  if (scope === "channel" && !isSubscribableChannel(channel) && !notice) return notAChannelMessage();
  const locations = await namesOrEmpty(deps, call).catch(() => new Map() as LocationNames);
  return subscriptionListMessage(subscriptions, {
    scope,
    canRemove: ctx.viewer.isAdmin,
    locations,
    ...(channel ? { channel } : {}),
    ...(notice ? { notice } : {}),
  });
}

async function removeOne(
  ref: SubscriptionRef,
  ctx: SubscriptionContext,
  ports: SubscriptionPorts,
  deps: ServiceDeps,
  call: CallOptions,
  scope: ListScope,
): Promise<SubscriptionResult> {
  const removed = await ports.store.remove(ref.channel, ref.id);
  const locations = await namesOrEmpty(deps, call).catch(() => new Map() as LocationNames);
  const notice = removedNotice(removed, locations);
  const audit = removed
    ? {
        audit: {
          channel: removed.channel,
          message: subscriptionAudit("removed", removed, ctx.viewer.userId, locations),
        },
      }
    : {};
  if (ctx.home) return { kind: "home", notice, ...audit };
  const listCtx = scope === "channel" ? { ...ctx, channelId: ref.channel } : ctx;
  return { kind: "message", message: await listMessage(listCtx, ports, deps, call, scope, notice), ...audit };
}

function sameSubscription(a: Subscription, b: Subscription): boolean {
  return subscriptionIdOf(a) === subscriptionIdOf(b);
}

async function save(
  form: SubscriptionForm,
  editing: SubscriptionRef | undefined,
  ctx: SubscriptionContext,
  ports: SubscriptionPorts,
  deps: ServiceDeps,
  deadline: Deadline | undefined,
): Promise<SubscriptionResult> {
  const checked = await checkSubscriptionForm(form, ports, deps, deadline);
  if (!checked.ok) {
    const why = Object.values(checked.errors).filter(Boolean).join(" ");
    return { kind: "home", notice: `:warning: The subscription was not saved: ${safeText(why, 1500)}` };
  }
  const { spec } = checked.prepared;
  const locations = await namesOrEmpty(deps, callOptionsOf(deadline)).catch(() => new Map() as LocationNames);
  const userId = ctx.viewer.userId;
  if (!editing) {
    const subscription: Subscription = {
      ...spec,
      id: subscriptionIdOf(spec),
      createdBy: userId,
      createdAt: deps.clock.now(),
    };
    const saved = await ports.store.save(subscription, "create");
    if (!saved.written)
      return {
        kind: "home",
        notice: `:information_source: ${channelLink(spec.channel)} already has this subscription.`,
      };
    return {
      kind: "home",
      notice: `:white_check_mark: Saved: ${channelLink(spec.channel)} · ${subscriptionLine(subscription, locations)}.`,
      audit: {
        channel: spec.channel,
        message: subscriptionAudit("subscribed", subscription, userId, locations),
      },
    };
  }
  const old = await ports.store.get(editing.channel, editing.id);
  if (!old)
    return {
      kind: "home",
      notice: ":information_source: That subscription was removed meanwhile: nothing was saved.",
    };
  const updated: Subscription = { ...spec, id: old.id, createdBy: old.createdBy, createdAt: old.createdAt };
  let changed: boolean;
  if (old.channel === updated.channel) {
    const saved = await ports.store.save(updated, "replace");
    if (!saved.written)
      return {
        kind: "home",
        notice: ":information_source: That subscription was removed meanwhile: nothing was saved.",
      };
    changed = !saved.previous || !sameSubscription(saved.previous, updated);
  } else {
    // Moved to another channel: written there first, so that a failure in between loses nothing.
    const saved = await ports.store.save(updated, "create");
    const removed = await ports.store.remove(old.channel, old.id);
    changed = saved.written || removed !== undefined;
  }
  return {
    kind: "home",
    notice: `:white_check_mark: Saved: ${channelLink(updated.channel)} · ${subscriptionLine(updated, locations)}.`,
    ...(changed
      ? {
          audit: {
            channel: updated.channel,
            message: subscriptionAudit("changed", updated, userId, locations),
          },
        }
      : {}),
  };
}
