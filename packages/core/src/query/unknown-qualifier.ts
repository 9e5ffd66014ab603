import { COMMANDS, KEYWORDS, QUALIFIER_KEYS } from "./command-table";
import { suggest } from "./edit-distance";
import { code } from "./mrkdwn";
import { queryError } from "./query-builder";
import type { QueryError } from "./query-types";
import { quoteIfNeeded } from "./term-text";
import type { Token } from "./tokenize";

/**
 * The error for a `key:` that no row has: a keyword given a value, a command or `id:`, a URL typed bare,
 * or a typo (the nearest keys are suggested).
 */
export function unknownQualifier(token: Token, lower: string): QueryError {
  const key = token.key!;
  if (KEYWORDS.has(lower)) {
    return queryError(
      "unknown-qualifier",
      token.raw,
      `${code(`${key}:`)} takes no value: write ${code(lower)} alone.`,
      [lower],
    );
  }
  if (COMMANDS.has(lower) || lower === "id") {
    const command = lower === "id" ? "show" : lower;
    const suggestion = `${command} ${token.value}`;
    return queryError(
      "unknown-qualifier",
      token.raw,
      `To ${command === "show" ? "open" : command} one webhook, write ${code(suggestion)}.`,
      [suggestion],
    );
  }
  if (token.value.startsWith("//")) {
    const suggestion = `url:${quoteIfNeeded(`${key}:${token.value}`)}`;
    return queryError("unknown-qualifier", token.raw, `To search by target URL, write ${code(suggestion)}.`, [
      suggestion,
    ]);
  }
  const near = suggest(lower, [...QUALIFIER_KEYS.keys()]);
  const dash = token.negated ? "-" : "";
  const hint =
    near.length > 0
      ? `Did you mean ${near.map((k) => code(`${k}:`)).join(" or ")}?`
      : `Type ${code("/webhooks help")} for the list of qualifiers; quote a value that contains a colon.`;
  return queryError(
    "unknown-qualifier",
    token.raw,
    `Unknown qualifier ${code(`${key}:`)}. ${hint}`,
    near.map((k) => `${dash}${k}:${quoteIfNeeded(token.value)}`),
  );
}
