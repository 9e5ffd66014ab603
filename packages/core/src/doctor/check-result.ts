/*
 * The setup check's results are plain data: each check says what it found (one line) and, when something
 * is wrong, how to fix it (one line). Renderers (the terminal, Slack) only lay them out. No line ever holds
 * a credential: checks are written from names and codes, never from configured values.
 */

/** `ok` ✓, `warn` ⚠, `fail` ✗, `skip` – (not tested, or not configured here). */
export type CheckStatus = "ok" | "warn" | "fail" | "skip";

/** The service a check is about, in the order they are shown. */
export type CheckArea = "nexudus" | "slack" | "aws";

/** What one check found. */
export interface CheckResult {
  /** Stable id, e.g. `nexudus.role.WebHook-List` (tests and logs key on it). */
  id: string;
  area: CheckArea;
  /** What is checked, e.g. `Nexudus reachable`. */
  title: string;
  status: CheckStatus;
  /** One line on what was found. */
  finding: string;
  /** One line on how to fix it (warnings and failures). */
  fix?: string;
}

/** The whole check. */
export interface DoctorReport {
  results: CheckResult[];
  /** True when any check failed: `npm run doctor` then exits non-zero. */
  failed: boolean;
}

/** The symbol shown for each status. */
export const STATUS_SYMBOLS: Readonly<Record<CheckStatus, string>> = {
  ok: "✓",
  warn: "⚠",
  fail: "✗",
  skip: "–",
};

/** The heading of each area. */
export const AREA_TITLES: Readonly<Record<CheckArea, string>> = {
  nexudus: "Nexudus",
  slack: "Slack",
  aws: "AWS",
};

type Head = Pick<CheckResult, "id" | "area" | "title">;

/** A passed check. */
export const ok = (head: Head, finding: string): CheckResult => ({ ...head, status: "ok", finding });
/** Works, but something deserves a look. */
export const warn = (head: Head, finding: string, fix: string): CheckResult => ({
  ...head,
  status: "warn",
  finding,
  fix,
});
/** A failed check. */
export const fail = (head: Head, finding: string, fix: string): CheckResult => ({
  ...head,
  status: "fail",
  finding,
  fix,
});
/** Not tested (it needs something else first, or an option), or not configured here. */
export const skip = (head: Head, finding: string, fix?: string): CheckResult => ({
  ...head,
  status: "skip",
  finding,
  ...(fix ? { fix } : {}),
});

/** A report of results; failed when any failed. */
export function reportOf(results: CheckResult[]): DoctorReport {
  return { results, failed: results.some((r) => r.status === "fail") };
}
