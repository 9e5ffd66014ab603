import { redactSecrets } from "../text";
import { DigestError } from "./digest-error";
import { type DigestSource, nexudusDigestSource } from "./digest-source";
import {
  type DigestConfig,
  type DigestDeps,
  type DigestRunResult,
  type DigestSubscription,
  runDigest,
} from "./run-digest";

/** One digest of a run: where it goes, in which zone it is dated, and the subscription it is for. */
export interface DigestTarget {
  channel: string;
  timeZone: string;
  subscription?: DigestSubscription;
}

/** A digest of the run that failed (its warning was posted in its channel when it could be). */
export interface FailedDigest {
  channel: string;
  subscriptionId?: string;
  reason: string;
}

/** What a run of several digests did. */
export interface DigestBatchResult {
  runs: DigestRunResult[];
  failed: FailedDigest[];
  /** Targets not started because the run's time was up: the next run sends them (they are not marked). */
  deferred: number;
}

/** Options of `runDigests`. */
export interface DigestBatchOptions {
  /** Epoch ms after which no further digest is started. */
  stopBy?: number;
  /** Channels worked on at once (each channel's digests one after another, for Slack's pacing); default 4. */
  concurrency?: number;
  /** The data to build them from, when the caller shares it with another digest (default: read Nexudus once). */
  source?: DigestSource;
}

/**
 * Sends several digests in one run, reading Nexudus once for all of them (`nexudusDigestSource`): however
 * many subscriptions, the Nexudus requests are those of one digest. Each digest is the usual idempotent
 * run (its own lease and posted mark, see `runDigest`); a digest already sent today costs one table read.
 * A failed one is recorded and the others go on; the caller decides what failing means.
 */
export async function runDigests(
  deps: Omit<DigestDeps, "config" | "source"> & { config: Omit<DigestConfig, "channel" | "timeZone"> },
  targets: readonly DigestTarget[],
  options: DigestBatchOptions = {},
): Promise<DigestBatchResult> {
  const source = options.source ?? nexudusDigestSource(deps.client, deps.config.minErrors);
  // The open incidents are read once for the run too (a failed read: each digest goes without them).
  const read = deps.openIncidents;
  let incidents: ReturnType<NonNullable<typeof read>> | undefined;
  const openIncidents = read ? { openIncidents: () => (incidents ??= read()) } : {};
  const byChannel = new Map<string, DigestTarget[]>();
  for (const target of targets) {
    const list = byChannel.get(target.channel) ?? [];
    list.push(target);
    byChannel.set(target.channel, list);
  }
  const queues = [...byChannel.values()];
  const result: DigestBatchResult = { runs: [], failed: [], deferred: 0 };
  const timeUp = () => options.stopBy !== undefined && deps.clock.now() >= options.stopBy;

  async function worker(): Promise<void> {
    for (let queue = queues.shift(); queue; queue = queues.shift()) {
      for (const [index, target] of queue.entries()) {
        if (timeUp()) {
          result.deferred += queue.length - index;
          break;
        }
        const config: DigestConfig = {
          ...deps.config,
          channel: target.channel,
          timeZone: target.timeZone,
          ...(target.subscription ? { subscription: target.subscription } : {}),
        };
        try {
          result.runs.push(await runDigest({ ...deps, ...openIncidents, config, source }));
        } catch (error) {
          const reason =
            error instanceof DigestError
              ? error.reason
              : redactSecrets(error instanceof Error ? error.message : String(error));
          result.failed.push({
            channel: target.channel,
            ...(target.subscription ? { subscriptionId: target.subscription.id } : {}),
            reason,
          });
        }
      }
    }
  }
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, queues.length));
  await Promise.all(Array.from({ length: workers }, () => worker()));
  return result;
}
