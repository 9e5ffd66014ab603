import type { BareCommandName, IdCommandName } from "./command-table";
import { code } from "./mrkdwn";
import { queryError } from "./query-builder";
import type { ParseOutcome } from "./query-types";
import type { Token } from "./tokenize";

/** A webhook id as results show it (`#1415233068`), or bare. */
export const ID = /^#?\d+$/;
const ID_EXAMPLE = "1415233068";

/** `show 123`, `pause #123`, `resume 123`: the command word (as typed), then one id and nothing else. */
export function readIdCommand(name: IdCommandName, word: string, rest: readonly Token[]): ParseOutcome {
  const [idToken, ...extra] = rest;
  if (idToken === undefined) {
    // `paused` is the contract's alias of `disabled`, which counts Nexudus's own too: the hint names the
    // search for those a person paused, as the overview's Show paused button runs it.
    const paused =
      name === "pause" ? ` To list the webhooks a person paused, type ${code("disabled errors:<=9")}.` : "";
    return {
      ok: false,
      errors: [
        queryError(
          "missing-value",
          word,
          `${code(word)} needs a webhook id, e.g. ${code(`${name} 87654321`)}.${paused}`,
        ),
      ],
    };
  }
  const digits = idToken.raw.replace(/^#/, "");
  const id = /^\d+$/.test(digits) && digits.length <= 16 ? Number(digits) : Number.NaN;
  if (!(id >= 1 && id <= Number.MAX_SAFE_INTEGER)) {
    return {
      ok: false,
      errors: [
        queryError(
          /^\d+$/.test(digits) ? "out-of-range" : "bad-number",
          idToken.raw,
          `${code(idToken.raw)} is not a webhook id. An id is a whole number from 1 up, such as ${code(`${name} ${ID_EXAMPLE}`)}.`,
        ),
      ],
    };
  }
  if (extra.length > 0) return extraTerms(word, "one webhook id and nothing else", extra, `${name} ${id}`);
  return { ok: true, command: { kind: name, id } };
}

/** `doctor`: the command word alone. */
export function readBareCommand(name: BareCommandName, word: string, rest: readonly Token[]): ParseOutcome {
  if (rest.length > 0) return extraTerms(word, "nothing after it", rest, name);
  return { ok: true, command: { kind: name } };
}

/** A command followed by more than it takes: the mistake names what to leave out. */
function extraTerms(word: string, takes: string, extra: readonly Token[], suggestion: string): ParseOutcome {
  const leftOver = extra.map((t) => t.raw).join(" ");
  return {
    ok: false,
    errors: [
      queryError("extra-terms", leftOver, `${code(word)} takes ${takes}; leave out ${code(leftOver)}.`, [
        suggestion,
      ]),
    ],
  };
}
