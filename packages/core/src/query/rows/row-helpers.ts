import type { WebhookListRecord } from "../../nexudus/schemas";
import { foldText } from "../fold-text";
import { code } from "../mrkdwn";
import type { ValueProblem, ValueRead } from "../parse-values";
import type { QueryError } from "../query-types";
import type { Field, Read, RecordTest } from "../row-types";
import { textValue } from "../term-text";
import type { Token } from "../tokenize";

/** A value problem as the error that names the term. */
export function valueError(term: string, problem: ValueProblem): QueryError {
  return {
    term,
    message: `${code(term)}: ${problem.hint}.`,
    suggestions: problem.suggestions ?? [],
    code: problem.code,
  };
}

/** A reader of the value after the colon, as a row's `read`. */
export function readWith<V>(reader: (text: string) => ValueRead<V>): (token: Token) => Read<V> {
  return (token) => {
    const r = reader(token.value.trim());
    return r.ok ? r : { ok: false, error: valueError(token.raw, r) };
  };
}

/** A text value, trimmed. */
export function readText(token: Token): Read<string> {
  return { ok: true, value: token.value.trim() };
}

/**
 * Whether a record's text holds `needle`, ignoring case, accents and runs of spaces: the emulator's reading
 * of a Nexudus text filter (a case-insensitive substring), so a local check never drops what Nexudus found.
 */
export function containsTest(
  text: (r: WebhookListRecord) => string | null | undefined,
  needle: string,
): RecordTest {
  const folded = foldText(needle);
  return (r) => {
    const haystack = text(r);
    return haystack != null && foldText(haystack).includes(folded);
  };
}

/**
 * A free-text field: sent as the documented `WebHook_…` parameter, checked as a substring when excluded.
 * `label` names it in the title (`with URL “zapier”`).
 */
export function textField<K extends string>(
  key: K,
  param: string,
  label: string,
  text?: (r: WebhookListRecord) => string | null | undefined,
): Field<K, string> {
  return {
    key,
    combine: "one",
    conflict: `a webhook has one ${key}`,
    plan: (value, plan) => plan.param(param, value),
    format: (value) => [`${key}:${textValue(value)}`],
    describe: (value) => ({ phrase: `${label} “${value}”` }),
    ...(text
      ? { match: (value: string) => containsTest(text, value) }
      : { noMatch: "Nexudus lists webhooks without it, so it cannot be checked on each one" }),
  };
}
