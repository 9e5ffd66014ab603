import { SLACK_LIMITS } from "../slack/limits";
import { type Surface, validateMessage } from "./validate-message";
import { DENSITIES, type RowDensity } from "./webhook-row";

/** How a builder is asked to lay a message out. */
export interface Fit {
  /** How much of each untrusted text a row shows. */
  density: RowDensity;
  /** How many rows to show: the first ones, all of them unless they cannot fit. */
  rows: number;
  /** Leave out everything the message can do without (summaries, notes, inline buttons). */
  minimal: boolean;
}

/** Options of `fitToLimits`. */
export interface FitOptions {
  /** Default `"message"`. */
  surface?: Surface;
  /** How many rows the builder can show. */
  rows: number;
}

type MessageLike = { text?: string; blocks: unknown[] };

/** The last resort: short, and valid on either surface (a test holds it to that). */
export const TOO_LARGE_MESSAGE = {
  text: "This answer is too large to show in Slack.",
  blocks: [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: ":warning: This answer is too large to show in Slack. Narrow the search, or ask for fewer results with `size:5`.",
        verbatim: true,
      },
    },
  ],
} as const satisfies MessageLike;

/**
 * The last step of building a message with rows: returns the first layout that passes `validateMessage`, and
 * never an invalid message. In order: every row at the roomiest density that fits; then the tightest density
 * with as many rows as fit (the first ones; the builder says how many are left out); then the same with
 * nothing optional; finally `TOO_LARGE_MESSAGE`.
 */
export function fitToLimits<T extends MessageLike>(build: (fit: Fit) => T, options: FitOptions): T {
  const surface = options.surface ?? "message";
  // No surface shows more blocks than a Home tab, so more rows than that can never fit.
  const rows = Math.min(Math.max(0, options.rows), SLACK_LIMITS.blocksPerView);
  const valid = (message: T) => validateMessage(message, { surface }).length === 0;

  for (const density of DENSITIES) {
    const message = build({ density, rows, minimal: false });
    if (valid(message)) return message;
  }
  const density = DENSITIES[DENSITIES.length - 1]!;
  for (const minimal of [false, true]) {
    if (minimal) {
      const all = build({ density, rows, minimal });
      if (valid(all)) return all;
    }
    const none = build({ density, rows: 0, minimal });
    if (!valid(none)) continue;
    // The most rows that fit: more rows never make a message smaller, so halving finds them.
    let fits = { rows: 0, message: none };
    let tooMany = rows;
    while (tooMany - fits.rows > 1) {
      const middle = Math.floor((fits.rows + tooMany) / 2);
      const message = build({ density, rows: middle, minimal });
      if (valid(message)) fits = { rows: middle, message };
      else tooMany = middle;
    }
    return fits.message;
  }
  // Nothing the builder can make fits: a bug or an impossible input, but never an invalid message.
  return structuredClone(TOO_LARGE_MESSAGE) as unknown as T;
}
