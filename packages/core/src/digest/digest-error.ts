/** The digest run failed; the Lambda handler rethrows it so the run is marked failed and monitoring sees it. */
export class DigestError extends Error {
  override name = "DigestError";
  /** Why, in a sentence safe to show in Slack (no credentials, no raw bodies). */
  readonly reason: string;
  /** Whether the short warning reached the channel. */
  readonly warningPosted: boolean;
  constructor(reason: string, options: { cause?: unknown; warningPosted: boolean }) {
    super(`The webhook digest failed: ${reason}`, { cause: options.cause });
    this.reason = reason;
    this.warningPosted = options.warningPosted;
  }
}
