import type { WebhookRecord } from "@nwh/core/nexudus";
import { isoSeconds } from "./iso-seconds";
import type { Account } from "./types";

/** Nexudus disables a webhook after this many consecutive failed deliveries. */
export const AUTO_DISABLE_AFTER = 10;

/**
 * Delivery outcomes, played on the account as Nexudus would record them: a failed delivery adds to
 * `ErrorCount` and sets `LastError`, and the tenth in a row switches the webhook off; a successful one sets
 * `LastTrigger` and the count back to 0. For tests and local mode's `tick`.
 */
export interface DeliveryController {
  /** `times` failed deliveries of webhook `id` (default once), with this error. */
  fail(id: number, times?: number, error?: string): WebhookRecord;
  /** A successful delivery: errors back to 0, `LastTrigger` now. */
  recover(id: number): WebhookRecord;
  /** Failed deliveries until Nexudus switches it off. */
  disable(id: number, error?: string): WebhookRecord;
  /**
   * One step of the whole account, as a round of deliveries would go: every failing webhook that is still
   * active fails once more, except every `recoverEvery`-th of them (counting from the first), which
   * recovers. Returns what changed.
   */
  tick(options?: { recoverEvery?: number }): { failed: number[]; recovered: number[] };
}

const DEFAULT_ERROR = "The remote server returned an error: (500) Internal Server Error.";

export function createDeliveries(account: Account, now: () => number): DeliveryController {
  const find = (id: number): WebhookRecord => {
    const hook = account.webhooks.find((h) => h.Id === id);
    if (!hook) throw new RangeError(`No webhook ${id} in the emulator's account`);
    return hook;
  };
  const fail = (id: number, times = 1, error = DEFAULT_ERROR): WebhookRecord => {
    const hook = find(id);
    for (let i = 0; i < times && hook.Active; i++) {
      hook.ErrorCount += 1;
      hook.LastError = error;
      if (hook.ErrorCount >= AUTO_DISABLE_AFTER) hook.Active = false;
    }
    return hook;
  };
  return {
    fail,
    recover(id) {
      const hook = find(id);
      hook.ErrorCount = 0;
      hook.LastTrigger = isoSeconds(now());
      return hook;
    },
    disable(id, error) {
      const hook = find(id);
      return fail(
        id,
        Math.max(0, AUTO_DISABLE_AFTER - hook.ErrorCount),
        error ?? hook.LastError ?? DEFAULT_ERROR,
      );
    },
    tick(options = {}) {
      const every = options.recoverEvery ?? 0;
      const failed: number[] = [];
      const recovered: number[] = [];
      const failing = account.webhooks.filter((h) => h.Active && h.ErrorCount > 0);
      failing.forEach((hook, index) => {
        if (every > 0 && index % every === every - 1) {
          hook.ErrorCount = 0;
          hook.LastTrigger = isoSeconds(now());
          recovered.push(hook.Id);
        } else {
          fail(hook.Id, 1, hook.LastError ?? DEFAULT_ERROR);
          failed.push(hook.Id);
        }
      });
      return { failed, recovered };
    },
  };
}
