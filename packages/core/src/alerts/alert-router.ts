import type { WebhookListRecord } from "../nexudus/schemas";

/*
 * Where alerts go. The watch (issue 16) asks a router, for each webhook in an incident, which channels
 * take it; the incident is posted once per channel, with only that channel's webhooks. The default router
 * sends everything to `ALERT_CHANNEL` (or `DIGEST_CHANNEL`); channel subscriptions (issue 17) add routes.
 */

/** One channel an alert goes to, and who its escalations mention there. */
export interface AlertTarget {
  /** Channel id. */
  channel: string;
  /** Slack user ids (`U…`/`W…`) and user-group ids (`S…`) an escalation mentions there. */
  mention: readonly string[];
  /** The subscription that routed it, when one did (the configured channel has none). */
  subscriptionId?: string;
}

/** For one webhook, every channel that takes its alerts (none: it is not watched anywhere). */
export type AlertRouter = (record: WebhookListRecord) => readonly AlertTarget[];

/** The configured channel's router: every webhook to one channel, or nowhere when none is configured. */
export function channelRouter(target: AlertTarget | undefined): AlertRouter {
  const targets = target ? [target] : [];
  return () => targets;
}
