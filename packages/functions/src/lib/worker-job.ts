/*
 * Work the slack function hands to the worker when Nexudus is slower than the answer budget. Validated on
 * arrival: the worker trusts nothing, and rights are re-checked there. (Checked by hand: zod is not a
 * dependency of this package, and the shape is small.)
 */

/** A `/webhooks …` command: the answer goes to `responseUrl` (ephemeral, replacing "Searching…"). */
export interface CommandJob {
  kind: "command";
  text: string;
  userId: string;
  channelId?: string;
  responseUrl: string;
}

/** A button: the same logic as the action listener, answers posted to `responseUrl`. */
export interface ActionJob {
  kind: "action";
  actionId: string;
  value: string;
  userId: string;
  channelId?: string;
  responseUrl: string;
  /** Whether the clicked message was ephemeral (then it is replaced in place). */
  fromEphemeral: boolean;
  /** A Pause/Resume whose write had started when the click ran out of time (it may have landed). */
  writeStarted?: boolean;
}

/** The App Home tab of one user. */
export interface HomeJob {
  kind: "home";
  userId: string;
}

/**
 * A button clicked on the App Home tab (which has no `response_url`): the same logic as the action
 * listener; the answer becomes the user's tab, and a change's audit line goes to `DIGEST_CHANNEL`.
 */
export interface HomeActionJob {
  kind: "home-action";
  actionId: string;
  value: string;
  userId: string;
  /** As in `ActionJob`. */
  writeStarted?: boolean;
}

/** A job for the worker function. */
export type WorkerJob = CommandJob | ActionJob | HomeJob | HomeActionJob;

const USER_ID = /^[UW][A-Z0-9]{2,40}$/;
const CHANNEL_ID = /^[CDG][A-Z0-9]{2,40}$/;

type Obj = Record<string, unknown>;

const text = (v: unknown, max: number): v is string => typeof v === "string" && v.length <= max;
const optionalChannel = (v: unknown): boolean =>
  v === undefined || (typeof v === "string" && CHANNEL_ID.test(v));
const optionalFlag = (v: unknown): boolean => v === undefined || typeof v === "boolean";
const url = (v: unknown): v is string =>
  text(v, 2000) && URL.canParse(v) && /^https?:$/.test(new URL(v).protocol);

/** Validates a job as it arrives; `undefined` when anything is off. Returns a copy with known fields only. */
export function parseWorkerJob(input: unknown): WorkerJob | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const j = input as Obj;
  if (typeof j.userId !== "string" || !USER_ID.test(j.userId)) return undefined;
  const channel =
    optionalChannel(j.channelId) && typeof j.channelId === "string" ? { channelId: j.channelId } : {};
  if (!optionalFlag(j.writeStarted)) return undefined;
  const write = j.writeStarted === true ? { writeStarted: true as const } : {};
  switch (j.kind) {
    case "home":
      return { kind: "home", userId: j.userId };
    case "home-action":
      if (!text(j.actionId, 255) || !text(j.value, 2000)) return undefined;
      return { kind: "home-action", actionId: j.actionId, value: j.value, userId: j.userId, ...write };
    case "command":
      if (!text(j.text, 4000) || !url(j.responseUrl) || !optionalChannel(j.channelId)) return undefined;
      return { kind: "command", text: j.text, userId: j.userId, responseUrl: j.responseUrl, ...channel };
    case "action":
      if (!text(j.actionId, 255) || !text(j.value, 2000) || !url(j.responseUrl)) return undefined;
      if (typeof j.fromEphemeral !== "boolean" || !optionalChannel(j.channelId)) return undefined;
      return {
        kind: "action",
        actionId: j.actionId,
        value: j.value,
        userId: j.userId,
        responseUrl: j.responseUrl,
        fromEphemeral: j.fromEphemeral,
        ...channel,
        ...write,
      };
    default:
      return undefined;
  }
}
