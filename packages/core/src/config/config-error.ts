/** One problem with one configuration key. `problem` never contains the key's value. */
export interface ConfigIssue {
  key: string;
  problem: string;
}

/**
 * The configuration is missing a key, has a malformed one, or its secret could not be read. The message
 * names keys and problems only: values may be credentials, so they never appear here.
 */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    super(`Invalid configuration: ${issues.map((i) => `${i.key} ${i.problem}`).join("; ")}`, options);
    this.issues = issues;
  }

  /** The keys at fault, in order, without repeats. */
  get keys(): string[] {
    return [...new Set(this.issues.map((i) => i.key))];
  }
}
