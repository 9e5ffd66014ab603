import { TIMING, type Timing } from "../time/timing";

/** The time plan of one interaction on the fast path, every instant in epoch ms from the same arrival. */
export interface AnswerTimes {
  /** Everything (Nexudus, the replies, the hand-off) is over by then: Slack's 3 s less the margin. */
  replyBy: number;
  /**
   * The Nexudus work ends by then: within the answer budget counted from the arrival, and early enough to
   * leave `TIMING.replyReserveMs` for the replies or the hand-off.
   */
  workBy: number;
}

/** One deadline for an interaction, counted from the request's arrival (not from when the handler started). */
export function answerTimes(arrivedAt: number, timing: Timing): AnswerTimes {
  const replyBy = arrivedAt + TIMING.slackAnswerLimitMs - TIMING.slackAnswerMarginMs;
  return { replyBy, workBy: Math.min(arrivedAt + timing.answerBudgetMs, replyBy - TIMING.replyReserveMs) };
}
