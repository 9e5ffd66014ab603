import type { Clock } from "@nwh/core/clock";

/** The name under which a listener's Bolt `context` carries the request's arrival (epoch ms). */
export const ARRIVAL_KEY = "requestArrivedAt";

/**
 * Bolt's `customPropertiesExtractor` for `AwsLambdaReceiver`: when the request reached API Gateway
 * (`requestContext.timeEpoch`), else now (the handler's start). An arrival in the future (clock skew) is
 * read as now: Slack's 3 seconds are counted from it.
 */
export function requestArrival(event: unknown, clock: Clock): { [ARRIVAL_KEY]: number } {
  const at = clock.now();
  const epoch = (event as { requestContext?: { timeEpoch?: unknown } } | null | undefined)?.requestContext
    ?.timeEpoch;
  const arrived = typeof epoch === "number" && Number.isFinite(epoch) && epoch > 0 ? Math.min(epoch, at) : at;
  return { [ARRIVAL_KEY]: arrived };
}

/** The arrival a listener's `context` carries (see `requestArrival`), else `fallback` (the receipt). */
export function arrivalOf(context: object, fallback: number): number {
  const value = (context as Record<string, unknown>)[ARRIVAL_KEY];
  return typeof value === "number" && Number.isFinite(value) && value <= fallback ? value : fallback;
}
