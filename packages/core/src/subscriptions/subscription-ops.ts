import { SUBSCRIPTION_ACTION_IDS } from "../blocks/subscription-action-ids";
import type { MentionRef, SubscribeTerms } from "../query/subscribe-terms";

/** One subscription, as a button or the form names it (untrusted until read back from the table). */
export interface SubscriptionRef {
  channel: string;
  id: string;
}

/** Which list a Remove was clicked on, to draw it again: the channel's, or every channel's (admins). */
export type ListScope = "channel" | "all";

/** The subscription form as submitted (`view_submission`), before it is checked. */
export interface SubscriptionForm {
  channel?: string;
  /** The search, as typed. */
  query: string;
  alerts: boolean;
  digest: boolean;
  /** `HH:mm` from the time picker. */
  at?: string;
  /** As typed. */
  timeZone?: string;
  mention: MentionRef[];
}

/** What a subscription request asks for. */
export type SubscriptionOp =
  /** `/webhooks subscribe …` in the channel the interaction came from. */
  | { op: "subscribe"; terms: SubscribeTerms }
  /** `/webhooks subscriptions`. */
  | { op: "list" }
  /** `/webhooks unsubscribe N` (N as that channel's list numbers it). */
  | { op: "unsubscribe"; number: number }
  /** A Remove button. */
  | { op: "remove"; ref: SubscriptionRef; scope?: ListScope }
  /** Add subscription (no `ref`) or Edit: opens the form, with the click's `trigger_id`. */
  | { op: "open"; ref?: SubscriptionRef }
  /** The form submitted: a new subscription, or the one `editing` names changed. */
  | { op: "save"; form: SubscriptionForm; editing?: SubscriptionRef };

/** Whether the op changes the table: such ops run in the worker (see the pipeline). */
export function isSubscriptionWrite(op: SubscriptionOp): boolean {
  return op.op === "subscribe" || op.op === "unsubscribe" || op.op === "remove" || op.op === "save";
}

/** Whether the op needs an admin: everything but listing. */
export function needsAdmin(op: SubscriptionOp): boolean {
  return op.op !== "list";
}

const CHANNEL = /^[CG][A-Z0-9]{2,40}$/;
const ID = /^[a-f0-9]{8,32}$/;

/** Reads `{ c, i, s? }` (a button's value, the form's `private_metadata`); `undefined` when anything is off. */
export function decodeSubscriptionRef(raw: unknown): (SubscriptionRef & { scope?: ListScope }) | undefined {
  if (typeof raw !== "string" || raw.length > 500) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const v = parsed as { c?: unknown; i?: unknown; s?: unknown } | null;
  if (typeof v?.c !== "string" || !CHANNEL.test(v.c) || typeof v.i !== "string" || !ID.test(v.i))
    return undefined;
  const scope: { scope?: ListScope } = v.s === "all" || v.s === "channel" ? { scope: v.s } : {};
  return { channel: v.c, id: v.i, ...scope };
}

/** The value of a button naming one subscription (and the list it is on). */
export function encodeSubscriptionRef(ref: SubscriptionRef, scope?: ListScope): string {
  return JSON.stringify({ c: ref.channel, i: ref.id, ...(scope ? { s: scope } : {}) });
}

/**
 * A click on a subscription button as an op; `undefined` when the action is not one of them, `"malformed"`
 * when it is but its value is not ours (answered as a button that no longer works).
 */
export function decodeSubscriptionClick(
  actionId: string,
  value: string,
): SubscriptionOp | "malformed" | undefined {
  switch (actionId) {
    case SUBSCRIPTION_ACTION_IDS.subscriptionAdd:
      return { op: "open" };
    case SUBSCRIPTION_ACTION_IDS.subscriptionEdit: {
      const ref = decodeSubscriptionRef(value);
      return ref ? { op: "open", ref: { channel: ref.channel, id: ref.id } } : "malformed";
    }
    case SUBSCRIPTION_ACTION_IDS.subscriptionRemove: {
      const ref = decodeSubscriptionRef(value);
      if (!ref) return "malformed";
      return {
        op: "remove",
        ref: { channel: ref.channel, id: ref.id },
        ...(ref.scope ? { scope: ref.scope } : {}),
      };
    }
    default:
      return undefined;
  }
}
