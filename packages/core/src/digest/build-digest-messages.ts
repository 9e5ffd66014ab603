import { ACTION_IDS, encodeActionValue } from "../blocks/action-ids";
import type { SlackMessage } from "../blocks/models";
import { skippedNote } from "../blocks/skipped-note";
import { SLACK_LIMITS } from "../slack/limits";
import { escapeMrkdwn } from "../text";
import { formatCount } from "../text/format-count";
import type { Digest } from "./build-digest";
import type { DigestItem } from "./classify-webhooks";
import { dateInZone, formatDigestDate } from "./digest-date";
import { classCounts, DIGEST_MARKS, digestItemLine, locationHeading, locationLabel } from "./digest-lines";
import { groupByLocation } from "./group-by-location";
import { type PackGroup, packSections } from "./pack-sections";

/** `event_type` of the metadata on a digest's parent message (and on the all-clear). */
export const DIGEST_EVENT_TYPE = "webhook_digest";

/** Slack message metadata of a digest: what a later run looks for to stay idempotent. */
export interface DigestMetadata {
  event_type: typeof DIGEST_EVENT_TYPE;
  event_payload: { date: string; failing: number; disabled: number };
}

/** A message that carries metadata (the digest's parent, the all-clear). */
export type DigestParentMessage = SlackMessage & { metadata: DigestMetadata };

/** The digest as Slack messages: the parent, then the replies to post in its thread, in order. */
export interface DigestMessages {
  parent: DigestParentMessage;
  replies: SlackMessage[];
  /** Webhooks named in the thread (the worst first). */
  named: number;
  /** Webhooks only counted, per location, in the thread's last replies (when the thread would be too long). */
  counted: number;
}

/** Options of `buildDigestMessages`. */
export interface DigestMessageOptions {
  /** The digest's date, `YYYY-MM-DD` in `timeZone`; computed from `now` when absent. */
  date?: string;
  /** IANA zone of the digest (`DIGEST_TIMEZONE`). */
  timeZone: string;
  /** Epoch ms of the run. */
  now: number;
  /** At most this many replies, as long as the per-location counts fit in them (default 40). */
  maxReplies?: number;
  /** Webhooks listed in the parent (default 5). */
  worstInParent?: number;
  /** The bot's own Nexudus user (`NEXUDUS_USERNAME`): what it paused reads "paused by this bot". */
  botUser?: string;
}

const DEFAULT_MAX_REPLIES = 40;
const DEFAULT_WORST_IN_PARENT = 5;
/** Blocks and characters kept free in each reply for its "part n of m" context line. */
const PART_LABEL_BLOCKS = 1;
const PART_LABEL_MAX = 120;

/** The title of a digest, e.g. `Webhook digest — 30 Nov 2026`. */
export function digestTitle(date: string): string {
  return `Webhook digest — ${formatDigestDate(date)}`;
}

function metadataOf(date: string, failing: number, disabled: number): DigestMetadata {
  return { event_type: DIGEST_EVENT_TYPE, event_payload: { date, failing, disabled } };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * Builds the digest's messages. The parent holds the summary, the worst few, a **Show failing** button and
 * a pointer to the thread; the replies name every webhook in trouble, grouped by location, each reply within
 * every Slack limit. When naming them all would take more than `maxReplies` replies, the worst are named and
 * the rest are counted per location (with the search that lists them) in the last replies: every webhook in
 * trouble is named or counted, never dropped.
 */
export function buildDigestMessages(digest: Digest, options: DigestMessageOptions): DigestMessages {
  const { timeZone } = options;
  const botUser = options.botUser ? { botUser: options.botUser } : {};
  const date = options.date ?? dateInZone(options.now, timeZone);
  const title = digestTitle(date);
  const maxReplies = Math.max(1, options.maxReplies ?? DEFAULT_MAX_REPLIES);
  const limits = {
    sectionText: SLACK_LIMITS.sectionText,
    blocks: SLACK_LIMITS.blocksPerMessage - PART_LABEL_BLOCKS,
    text: SLACK_LIMITS.totalBlockText - PART_LABEL_MAX,
  };

  const lines = new Map<DigestItem, string>();
  const lineOf = (item: DigestItem) => {
    let line = lines.get(item);
    if (line === undefined) {
      line = digestItemLine(item, { timeZone, ...botUser });
      lines.set(item, line);
    }
    return line;
  };
  const locationNames = new Map(digest.groups.map((g) => [g.locationId, g.name]));
  // Webhooks whose incident someone acknowledged or snoozed come last (`withIncidents`), listed apart.
  const namedPack = (k: number) => {
    const named = digest.items.slice(0, k);
    const handled = named.filter((item) => item.incident?.handled);
    const groups = groupByLocation(
      named.filter((item) => !item.incident?.handled),
      locationNames,
    ).map(
      (group): PackGroup => ({
        heading: locationHeading(group),
        continuedHeading: locationHeading(group, true),
        lines: group.items.map(lineOf),
      }),
    );
    if (handled.length > 0)
      groups.push({
        heading: `*Being handled* — ${plural(handled.length, "webhook")} in an acknowledged or snoozed incident`,
        continuedHeading: "*Being handled* (continued)",
        lines: handled.map((item) =>
          digestItemLine(item, {
            timeZone,
            location: locationNames.get(item.record.BusinessId) ?? `Location #${item.record.BusinessId}`,
            ...botUser,
          }),
        ),
      });
    return packSections(groups, limits);
  };
  const countedPack = (k: number) => {
    const rest = digest.items.slice(k);
    if (!rest.length) return [];
    const groups = groupByLocation(rest, locationNames);
    const heading = `*Not named above: ${plural(rest.length, "more webhook")}, the least severe, counted by location*`;
    return packSections(
      [
        {
          heading,
          continuedHeading: "*Not named above (continued)*",
          lines: groups.map(
            (g) =>
              `• *${locationLabel(g.name)}*: ${classCounts(g)} — \`/webhooks failing location:${g.locationId}\``,
          ),
        },
      ],
      limits,
    );
  };

  // Name as many of the worst as fit in maxReplies next to the counts of the rest (largest k found by
  // bisection; k = 0 always qualifies unless the counts alone overflow, in which case the cap yields).
  const total = digest.items.length;
  let named = total;
  let sections = namedPack(total);
  let countSections: string[][] = [];
  if (sections.length > maxReplies) {
    let lo = 0;
    let hi = total - 1;
    let best = { k: 0, named: namedPack(0), counted: countedPack(0) };
    while (lo <= hi) {
      const k = (lo + hi) >> 1;
      const n = namedPack(k);
      const c = countedPack(k);
      if (n.length + c.length <= maxReplies) {
        best = { k, named: n, counted: c };
        lo = k + 1;
      } else {
        hi = k - 1;
      }
    }
    named = best.k;
    sections = best.named;
    countSections = best.counted;
  }

  const all = [...sections, ...countSections];
  const replies = all.map((texts, index): SlackMessage => {
    const part = `${title} · part ${index + 1} of ${all.length}`;
    return {
      text: part,
      blocks: [
        { type: "context" as const, elements: [{ type: "mrkdwn" as const, text: part }] },
        ...texts.map((text) => ({ type: "section" as const, text: { type: "mrkdwn" as const, text } })),
      ],
    };
  });

  return {
    parent: parentMessage(digest, {
      date,
      title,
      timeZone,
      named,
      countReplies: countSections.length,
      worst: options.worstInParent ?? DEFAULT_WORST_IN_PARENT,
      locationNames,
      ...botUser,
    }),
    replies,
    named,
    counted: total - named,
  };
}

function parentMessage(
  digest: Digest,
  o: {
    date: string;
    title: string;
    timeZone: string;
    named: number;
    countReplies: number;
    worst: number;
    locationNames: ReadonlyMap<number, string>;
    botUser?: string;
  },
): DigestParentMessage {
  const { counts } = digest;
  const total = digest.items.length;
  const field = (label: string, n: number) => ({
    type: "mrkdwn" as const,
    text: `*${label}*\n${formatCount(n)}`,
  });
  const handled = digest.items.filter((item) => item.incident?.handled).length;
  const unhandled = digest.items.filter((item) => !item.incident?.handled);
  const worst = (unhandled.length > 0 ? unhandled : digest.items).slice(0, o.worst).map((item) =>
    digestItemLine(item, {
      timeZone: o.timeZone,
      location: o.locationNames.get(item.record.BusinessId) ?? `Location #${item.record.BusinessId}`,
      ...(o.botUser ? { botUser: o.botUser } : {}),
    }),
  );
  const where =
    o.countReplies === 1 ? "the thread's last reply" : `the thread's last ${o.countReplies} replies`;
  const pointer =
    o.named === total
      ? `All ${formatCount(total)} in the thread, by location.`
      : o.named === 0
        ? `All ${formatCount(total)} are counted per location in the thread.`
        : `The worst ${formatCount(o.named)} are named in the thread, by location; the other ${formatCount(total - o.named)} are counted per location in ${where}.`;
  const handledNote =
    handled > 0
      ? `\n${plural(handled, "webhook")} ${handled === 1 ? "is" : "are"} in an acknowledged or snoozed incident: listed apart, at the end of the thread.`
      : "";
  const legend = `${DIGEST_MARKS.disabled} disabled by Nexudus after 10 failures · ${DIGEST_MARKS.critical} failing, close to auto-disable · ${DIGEST_MARKS.failing} failing · ${DIGEST_MARKS.new} failing since yesterday · ${DIGEST_MARKS.paused} paused by a person or an API client`;
  const summary = [
    `${formatCount(counts.disabled)} disabled`,
    counts.paused ? `${formatCount(counts.paused)} paused` : "",
    `${formatCount(counts.failing)} failing (${formatCount(counts.new)} new)`,
    `${formatCount(counts.neverDelivered)} never delivered`,
    plural(counts.locations, "location"),
  ]
    .filter(Boolean)
    .join(", ");

  // Each worst line is bounded (a few hundred chars), so a handful stays far under the 3,000 of a section.
  const worstBlocks = worst.length
    ? [
        {
          type: "section" as const,
          text: { type: "mrkdwn" as const, text: ["*Worst first*", ...worst].join("\n") },
        },
      ]
    : [];
  return {
    text: escapeMrkdwn(`${o.title}: ${summary}.`),
    blocks: [
      { type: "header" as const, text: { type: "plain_text" as const, text: o.title, emoji: true } },
      {
        type: "section" as const,
        fields: [
          field("Disabled after failures", counts.disabled),
          ...(counts.paused ? [field("Paused by a person", counts.paused)] : []),
          field("Failing", counts.failing),
          field("New since yesterday", counts.new),
          field("Never delivered", counts.neverDelivered),
          field("Locations affected", counts.locations),
        ],
      },
      ...worstBlocks,
      {
        type: "actions" as const,
        elements: [
          {
            type: "button" as const,
            action_id: ACTION_IDS.digestShowFailing,
            text: { type: "plain_text" as const, text: "Show failing", emoji: true },
            value: encodeActionValue({ q: "failing" }),
          },
        ],
      },
      {
        type: "context" as const,
        elements: [{ type: "mrkdwn" as const, text: `${pointer}${handledNote}\n${legend}` }],
      },
      ...skippedBlocks(digest.skipped),
    ],
    metadata: metadataOf(o.date, counts.failing, counts.disabled),
  };
}

function skippedBlocks(
  skipped: number,
): Array<{ type: "context"; elements: Array<{ type: "mrkdwn"; text: string }> }> {
  const note = skippedNote(skipped);
  return note ? [{ type: "context", elements: [{ type: "mrkdwn", text: note }] }] : [];
}

/** Options of `allClearMessage`. */
export interface AllClearOptions {
  /** `YYYY-MM-DD` in the digest's zone. */
  date: string;
  /** Records Nexudus sent that could not be read: then it is not an all-clear, only "none of the others". */
  skipped?: number;
}

/**
 * The one-line all-clear (`DIGEST_ALL_CLEAR`). It carries the digest metadata too, so a second run on the
 * same day does not post it again.
 */
export function allClearMessage(options: AllClearOptions): DigestParentMessage {
  const skipped = options.skipped ?? 0;
  const text =
    skipped > 0
      ? `⚠️ ${digestTitle(options.date)}: no webhook the bot could read is failing or disabled after failures, but ${formatCount(skipped)} record${skipped === 1 ? "" : "s"} Nexudus sent could not be read.`
      : `✅ ${digestTitle(options.date)}: all clear, no webhook is failing or disabled after failures.`;
  return {
    text,
    blocks: [
      { type: "section" as const, text: { type: "mrkdwn" as const, text } },
      ...skippedBlocks(skipped),
    ],
    metadata: metadataOf(options.date, 0, 0),
  };
}

/**
 * The short warning posted when the digest failed, e.g. "⚠️ The webhook digest for 30 Nov 2026 could not be
 * built: Nexudus answered 503 3 times." `reason` is a safe sentence (it is escaped here anyway).
 */
export function digestFailureMessage(options: {
  date: string;
  reason: string;
  stage?: "built" | "posted" | "completed";
}): SlackMessage {
  const text = `⚠️ The webhook digest for ${formatDigestDate(options.date)} could not be ${options.stage ?? "built"}: ${escapeMrkdwn(options.reason)}`;
  return { text, blocks: [{ type: "section" as const, text: { type: "mrkdwn" as const, text } }] };
}
