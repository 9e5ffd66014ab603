import { TIMING, type Timing } from "@nwh/core/time";

/*
 * Internal tuning, not part of the configuration contract: tests and `npm run bench` shrink the budgets so
 * that the slow path and the worker's timeout run in milliseconds, and the bench turns the client's
 * deliberate waits off to measure the bot's own overhead. Read here, with the configuration, only.
 */

/** The tuning of an environment. */
export interface Tuning extends Timing {
  /** `NEXUDUS_CLIENT_LIMITER=off`: no client-side pacing (the bench, against an emulator without limits). */
  nexudusLimiter: boolean;
}

/** The default tuning. */
export const DEFAULT_TUNING: Tuning = {
  answerBudgetMs: TIMING.answerBudgetMs,
  workerBudgetMs: TIMING.workerBudgetMs,
  nexudusLimiter: true,
};

function budget(raw: string | undefined, fallback: number, max: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 && value <= max ? value : fallback;
}

/** The tuning of an environment; an invalid value falls back to the default (the answer budget never exceeds 2.5 s). */
export function loadTuning(env: Record<string, string | undefined>): Tuning {
  return {
    answerBudgetMs: budget(env.ANSWER_BUDGET_MS, TIMING.answerBudgetMs, TIMING.maxAnswerBudgetMs),
    workerBudgetMs: budget(env.WORKER_BUDGET_MS, TIMING.workerBudgetMs, TIMING.maxWorkerBudgetMs),
    nexudusLimiter: env.NEXUDUS_CLIENT_LIMITER !== "off",
  };
}
