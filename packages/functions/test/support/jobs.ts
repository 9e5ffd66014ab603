import type { Interaction } from "@nwh/core/interaction";

/*
 * Worker jobs as the slack function hands them over: interactions. Tests build them directly to play a
 * forged or repeated job against the worker.
 */

/** A `/webhooks` command job answering to `responseUrl`. */
export function commandJob(text: string, userId: string, responseUrl: string): Interaction {
  return {
    kind: "command",
    text,
    userId,
    arrivedAt: Date.now(),
    replyTo: { kind: "response_url", url: responseUrl, ephemeral: true },
  };
}

/** A click job on a message (answering to `responseUrl`), or on the App Home tab without one. */
export function clickJob(
  actionId: string,
  value: string,
  userId: string,
  responseUrl?: string,
  options: { ephemeral?: boolean } = {},
): Interaction {
  return {
    kind: "click",
    actionId,
    value,
    userId,
    arrivedAt: Date.now(),
    replyTo: responseUrl
      ? { kind: "response_url", url: responseUrl, ephemeral: options.ephemeral ?? true }
      : { kind: "home" },
  };
}

/** The App Home tab of `userId`. */
export function homeJob(userId: string): Interaction {
  return { kind: "home", userId, arrivedAt: Date.now(), replyTo: { kind: "home" } };
}
