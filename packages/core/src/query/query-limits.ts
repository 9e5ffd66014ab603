/** Bounds of the `/webhooks` language, in one place for the parser, the help and the callers. */
export const QUERY_LIMITS = {
  /** Longest text a user may type after `/webhooks`, in characters (code points). */
  maxInputLength: 500,
  /**
   * Longest canonical text (`formatQuery`) accepted back from a button value. Canonical text can be longer
   * than what was typed (`-x` becomes `-name:x`, action numbers become names); Slack caps values at 2,000.
   */
  maxCanonicalLength: 2000,
  minSize: 1,
  maxSize: 25,
  defaultSize: 10,
  maxPage: 1000,
  /**
   * Local filters (exclusions, extra name words, event families, `host:`) fetch every matching record; over
   * this many the search is refused.
   */
  maxExclusionRecords: 5000,
  /** Page size to use when fetching every matching record for local filters (Nexudus allows up to 1000). */
  exclusionFetchPageSize: 1000,
  /**
   * Most events one `action:` word may stand for. Every entity word fits (`invoice` names 13 events); a verb
   * such as `create` (25) spans unrelated entities and is answered with the list instead.
   */
  maxActionFamily: 15,
  /** Most errors reported for one input; the rest would only bury the first ones. */
  maxErrors: 10,
  /** Largest count accepted by `errors:`. */
  maxErrorCount: 1_000_000,
  /** Longest relative span (`30d`, `12h`, `2w`), in days. */
  maxSpanDays: 36_500,
  /** Stale default: no successful delivery for this many days. */
  defaultStaleDays: 7,
} as const;
