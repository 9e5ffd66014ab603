import type { SearchQuery } from "./query-types";

/** Someone an escalation mentions: a user group (`S…`) or a user (`U…`/`W…`), with the handle Slack sent. */
export interface MentionRef {
  id: string;
  /** The handle after the `|` of Slack's escaped form (`oncall` of `<!subteam^S1|oncall>`), when sent. */
  label?: string;
}

/** What `/webhooks subscribe …` asks for, as typed: the search (locations not resolved yet) and the options. */
export interface SubscribeTerms {
  /** The search, without order and paging (a subscription takes every match). */
  query: SearchQuery;
  /** Take the alerts (incidents). */
  alerts: boolean;
  /** Take the daily digest. */
  digest: boolean;
  /** `HH:mm`, the digest's wall-clock time (default: see the subscription defaults). */
  at?: string;
  /** IANA zone of the digest's time and the search's dates (default `DIGEST_TIMEZONE`). */
  timeZone?: string;
  /** Who an escalation mentions. */
  mention: MentionRef[];
  /** Order and paging terms left out, as typed (`sort:-errors`), to say so in the answer. */
  ignored: string[];
}
