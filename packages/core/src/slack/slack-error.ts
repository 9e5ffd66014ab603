/**
 * Slack's error code in a failed Web API call: the `error` of its `{ ok: false }` answer, which the
 * WebClient puts in `data.error` of the error it throws; `undefined` for any other failure. Only the code,
 * never the error's text (it can quote request details).
 */
export function slackErrorOf(error: unknown): string | undefined {
  const data = (error as { data?: unknown } | null)?.data;
  const code = (data as { error?: unknown } | null | undefined)?.error;
  return typeof code === "string" ? code : undefined;
}
