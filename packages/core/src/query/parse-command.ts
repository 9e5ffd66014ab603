import { formatCount } from "../text/format-count";
import {
  CHANNEL_COMMANDS,
  COMMANDS,
  FIELDS,
  KEYWORDS,
  QUALIFIER_KEYS,
  type SearchCommandName,
  WORDS_ROW,
} from "./command-table";
import { credentialErrors } from "./credentials";
import { formatQuery } from "./format-query";
import { nearKeywords } from "./keyword-typos";
import { code } from "./mrkdwn";
import { QueryBuilder, queryError } from "./query-builder";
import { QUERY_LIMITS } from "./query-limits";
import { contradictions } from "./query-rules";
import type { ExcludeTerm, ParseOutcome, QueryError } from "./query-types";
import { readChannelCommand } from "./read-channel-command";
import { ID, readBareCommand, readIdCommand } from "./read-id-command";
import type { KeywordRow, QualifierRow } from "./row-types";
import { quoteIfNeeded } from "./term-text";
import { prepareInput, type Token, tokenize } from "./tokenize";
import { unknownQualifier } from "./unknown-qualifier";

export { quoteIfNeeded } from "./term-text";

/** Options of `parseCommand`. */
export interface ParseOptions {
  /**
   * Longest accepted input in characters. Default `QUERY_LIMITS.maxInputLength` (what a user may type);
   * pass `QUERY_LIMITS.maxCanonicalLength` when re-reading `formatQuery` text from a button value.
   */
  maxLength?: number;
}

const ALL_SEPARATORS = /^[\s\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]*$/;

function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Reads what a user typed after `/webhooks` (Slack's escaping is undone first) into a command, or into the
 * list of everything wrong with it. Never throws; error messages are safe to render as mrkdwn.
 */
export function parseCommand(text: string, options: ParseOptions = {}): ParseOutcome {
  const input = prepareInput(text);
  if (ALL_SEPARATORS.test(input)) return { ok: true, command: { kind: "overview" } };
  const maxLength = options.maxLength ?? QUERY_LIMITS.maxInputLength;
  if (input.length > maxLength) {
    const length = codePointLength(input);
    if (length > maxLength) {
      const shown = `${Array.from(input.trim()).slice(0, 40).join("")}…`;
      return {
        ok: false,
        errors: [
          queryError(
            "too-long",
            shown,
            `That search is ${formatCount(length)} characters long; the limit is ${maxLength}. Shorten it or split it into several searches.`,
          ),
        ],
      };
    }
  }
  const { tokens, errors } = tokenize(input);
  if (errors.length > 0) return { ok: false, errors };
  if (tokens.length === 0) return { ok: true, command: { kind: "overview" } };

  const first = tokens[0]!;
  if (isPlainWord(first)) {
    const command = COMMANDS.get(first.value.toLowerCase());
    if (command?.takesSearch && tokens.length > 1) return readCommandSearch(command.name, tokens.slice(1));
    if (command?.takesId === false) return readBareCommand(command.name, first.raw, tokens.slice(1));
    if (command) return readIdCommand(command.name, first.raw, tokens.slice(1));
    const channelCommand = CHANNEL_COMMANDS.get(first.value.toLowerCase());
    if (channelCommand)
      return readChannelCommand(channelCommand.name, first.raw, tokens.slice(1), parseSearch);
    if (tokens.length === 1 && ID.test(first.value)) return readIdCommand("show", "show", [first]);
  }
  if (tokens.some((t) => isPlainWord(t) && t.value.toLowerCase() === "help")) {
    return { ok: true, command: { kind: "help" } };
  }
  return parseSearch(input, tokens);
}

/** `incidents failing`: the rest read as a search, its mistakes reported as a search's. */
function readCommandSearch(name: SearchCommandName, rest: readonly Token[]): ParseOutcome {
  const search = parseSearch(rest.map((t) => t.raw).join(" "), rest);
  if (!search.ok || search.command.kind !== "search") return search;
  // `incidents all` narrows nothing: the list as typed alone.
  const { query } = search.command;
  return { ok: true, command: Object.keys(query).length > 0 ? { kind: name, query } : { kind: name } };
}

function isPlainWord(token: Token): boolean {
  return !token.negated && !token.quoted && token.key === undefined;
}

/** The generic loop: each term goes to its row, then fields and rules check the whole. */
function parseSearch(input: string, tokens: readonly Token[]): ParseOutcome {
  const b = new QueryBuilder();
  for (const token of tokens) {
    if (token.key !== undefined) readQualifier(b, token);
    else readWord(b, token);
  }
  const query = b.query();
  // Refused first and alone: other messages would quote the credential back.
  const refused = credentialErrors(input, tokens, formatQuery(query));
  if (refused.length > 0) return { ok: false, errors: refused.slice(0, QUERY_LIMITS.maxErrors) };
  const found: QueryError[] = [...b.errors, ...contradictions(query, (part) => b.source(part))];
  for (const field of FIELDS.values()) {
    const value = (query as Record<string, unknown>)[field.key];
    if (value === undefined || !field.validate) continue;
    const problem = field.validate(value, (end) => b.source(`${field.key}.${end}`));
    if (problem) found.push(problem);
  }
  if (found.length > 0) return { ok: false, errors: dedupe(found).slice(0, QUERY_LIMITS.maxErrors) };
  return { ok: true, command: { kind: "search", query } };
}

function dedupe(errors: readonly QueryError[]): QueryError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (seen.has(e.message)) return false;
    seen.add(e.message);
    return true;
  });
}

/** A term without a key: a keyword, a misplaced command or id, an exclusion by name, or a name word. */
function readWord(b: QueryBuilder, token: Token): void {
  const value = token.value.trim();
  if (!token.quoted && !token.negated && value === "-") {
    b.fail(
      queryError(
        "stray-dash",
        token.raw,
        `A lone ${code("-")} excludes nothing: write it before a term, e.g. ${code("-name:test")}.`,
      ),
    );
    return;
  }
  if (value === "") {
    b.fail(
      queryError("missing-value", token.raw, `${code(token.raw)} is empty: put a name between the quotes.`),
    );
    return;
  }
  if (!token.quoted) {
    const lower = value.toLowerCase();
    const keyword = KEYWORDS.get(lower);
    if (keyword) {
      if (token.negated) notExcludableKeyword(b, token, keyword);
      else if (keyword.field) b.put(keyword.field, keyword.sets, token.raw);
      return;
    }
    const command = token.negated ? undefined : COMMANDS.get(lower);
    if (command) {
      const usage = command.takesSearch
        ? "first, alone or followed by a search"
        : command.takesId === false
          ? "on its own"
          : "first, followed by a webhook id";
      const example = command.takesSearch
        ? `${lower} failing`
        : command.takesId === false
          ? lower
          : `${lower} 87654321`;
      b.fail(
        queryError("misplaced-command", token.raw, `${code(token.raw)} goes ${usage}: ${code(example)}.`),
      );
      return;
    }
    if (!token.negated && CHANNEL_COMMANDS.has(lower)) {
      b.fail(
        queryError(
          "misplaced-command",
          token.raw,
          `${code(token.raw)} goes first: ${code(CHANNEL_COMMANDS.get(lower)!.usage)}. To search names for it, quote it: ${code(`"${value}"`)}.`,
        ),
      );
      return;
    }
    if (!token.negated && ID.test(value) && value.startsWith("#")) {
      const id = value.slice(1);
      b.fail(
        queryError(
          "misplaced-command",
          token.raw,
          `${code(token.raw)} names one webhook: type it alone, or ${code(`show ${id}`)}. To search names for it, quote it: ${code(`"${value}"`)}.`,
          [`show ${id}`],
        ),
      );
      return;
    }
    const near = token.negated ? [] : nearKeywords(lower);
    if (near.length > 0) {
      b.hint(
        queryError(
          "unknown-keyword",
          token.raw,
          `${code(token.raw)} is not a keyword. Did you mean ${near.map(code).join(" or ")}? To search names, write ${code(`name:${value}`)}.`,
          [...near, `name:${quoteIfNeeded(value)}`],
        ),
      );
    }
  }
  if (token.negated) b.exclude({ field: "name", value });
  else b.put(WORDS_ROW.field, [value], token.raw);
}

function notExcludableKeyword(b: QueryBuilder, token: Token, keyword: KeywordRow): void {
  const opposite = keyword.opposite?.();
  b.fail(
    queryError(
      "not-excludable",
      token.raw,
      `Keywords cannot be excluded with ${code("-")}${opposite ? `; use ${code(opposite)} instead` : ""}.`,
      opposite ? [opposite] : [],
    ),
  );
}

/** A `key:value` term: its row reads the value, for the query or for an exclusion. */
function readQualifier(b: QueryBuilder, token: Token): void {
  const lower = token.key!.toLowerCase();
  const row = QUALIFIER_KEYS.get(lower);
  if (!row) {
    b.fail(unknownQualifier(token, lower));
    return;
  }
  if (token.value.trim() === "") {
    const example = row.usage.split(",")[0]!.trim();
    b.fail(
      queryError(
        "missing-value",
        token.raw,
        `${code(token.raw)} needs a value right after the colon (no space), e.g. ${code(example)}.`,
        [example],
      ),
    );
    return;
  }
  if (token.negated) {
    readExclusion(b, token, row);
    return;
  }
  const read = row.kind === "qualifier" ? row.read(token) : row.readValue!(token);
  if (!read.ok) b.fail(read.error);
  else b.put(row.field!, read.value, token.raw);
}

function readExclusion(b: QueryBuilder, token: Token, row: QualifierRow | KeywordRow): void {
  if (row.kind === "keyword" || row.exclude !== true) {
    const reason =
      row.kind === "keyword"
        ? `keywords cannot be excluded; use ${code(row.opposite?.(token.value.trim()) ?? row.name)} instead`
        : row.exclude;
    b.fail(queryError("not-excludable", token.raw, `${code(token.raw)} cannot be used: ${reason}.`));
    return;
  }
  const read = row.read(token);
  if (!read.ok) b.fail(read.error);
  else b.exclude({ field: row.field.key, value: read.value } as ExcludeTerm);
}
