import {
  COMMANDS,
  type CommandName,
  type CommandRow,
  KEYWORDS,
  type KeywordName,
  QUALIFIER_KEYS,
  type QualifierName,
} from "./command-table";
import { suggest } from "./edit-distance";
import { matchAction } from "./match-action";
import { code } from "./mrkdwn";
import {
  isReversed,
  readCountRange,
  readDateRange,
  readSort,
  readSpan,
  readWholeNumber,
  type ValueProblem,
} from "./parse-values";
import { QUERY_LIMITS } from "./query-limits";
import type {
  CountRange,
  DateRange,
  ExcludeTerm,
  LocationRef,
  ParseOutcome,
  QueryError,
  QueryErrorCode,
  SearchQuery,
} from "./query-types";
import { isSeparator, prepareInput, type Token, tokenize } from "./tokenize";

/** Options of `parseCommand`. */
export interface ParseOptions {
  /**
   * Longest accepted input in characters. Default `QUERY_LIMITS.maxInputLength` (what a user may type);
   * pass `QUERY_LIMITS.maxCanonicalLength` when re-reading `formatQuery` text from a button value.
   */
  maxLength?: number;
}

const err = (
  code: QueryErrorCode,
  term: string,
  message: string,
  suggestions: string[] = [],
): QueryError => ({
  term,
  message,
  suggestions,
  code,
});

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
          err(
            "too-long",
            shown,
            `That search is ${length.toLocaleString("en-US")} characters long; the limit is ${maxLength}. Shorten it or split it into several searches.`,
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
    if (command) return parseIdCommand(command.name, tokens);
    if (tokens.length === 1 && /^\d+$/.test(first.value)) return parseIdCommand("show", ["show", first]);
  }
  if (tokens.some((t) => isPlainWord(t) && t.value.toLowerCase() === "help")) {
    return { ok: true, command: { kind: "help" } };
  }
  return parseSearch(tokens);
}

function isPlainWord(token: Token): boolean {
  return !token.negated && !token.quoted && token.key === undefined;
}

function parseIdCommand(name: CommandName, tokens: readonly (Token | string)[]): ParseOutcome {
  const typed = tokens[0]!;
  const word = typeof typed === "string" ? typed : typed.raw;
  const idToken = tokens[1];
  const example = `${name} 87654321`;
  if (idToken === undefined || typeof idToken === "string") {
    const paused = name === "pause" ? ` To list paused webhooks, type ${code("paused")}.` : "";
    return {
      ok: false,
      errors: [
        err("missing-value", word, `${code(word)} needs a webhook id, e.g. ${code(example)}.${paused}`),
      ],
    };
  }
  const id = readWholeNumber(idToken.value, 1, Number.MAX_SAFE_INTEGER, "a webhook id");
  if (!id.ok) {
    return { ok: false, errors: [err(id.code, idToken.raw, `${code(idToken.raw)}: ${id.hint}.`)] };
  }
  if (tokens.length > 2) {
    const extra = tokens
      .slice(2)
      .map((t) => (typeof t === "string" ? t : t.raw))
      .join(" ");
    return {
      ok: false,
      errors: [
        err(
          "extra-terms",
          extra,
          `${code(word)} takes one webhook id and nothing else; leave out ${code(extra)}.`,
          [`${name} ${id.value}`],
        ),
      ],
    };
  }
  return { ok: true, command: { kind: name, id: id.value } };
}

/** What to suggest instead of a negated keyword (`-disabled` → `active`). */
const OPPOSITES: Readonly<Partial<Record<KeywordName, string>>> = {
  failing: "healthy",
  disabled: "active",
  active: "disabled",
  healthy: "failing",
  stale: "triggered:<7d",
};

const TYPO_TARGETS: readonly string[] = [...KEYWORDS.keys(), ...COMMANDS.keys()];
const KNOWN_KEYS: readonly string[] = [...QUALIFIER_KEYS.keys()];

type TextField = "name" | "url" | "description" | "error";
type Settable = Exclude<keyof SearchQuery, "exclude" | "errors" | "triggered" | "created" | "updated">;

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Collects terms into a query, remembering which term set what so that conflicts can name both. */
class QueryBuilder {
  readonly query: SearchQuery = {};
  readonly errors: QueryError[] = [];
  readonly nameWords: string[] = [];
  readonly nameWordTerms: string[] = [];
  readonly excludes: ExcludeTerm[] = [];
  private readonly sources = new Map<string, string>();

  fail(e: QueryError): void {
    this.errors.push(e);
  }

  set<K extends Settable>(field: K, value: NonNullable<SearchQuery[K]>, term: string, why: string): void {
    const existing = this.query[field];
    if (existing === undefined) {
      this.query[field] = value;
      this.sources.set(field, term);
    } else if (!sameValue(existing, value)) {
      this.conflict(field, term, why);
    }
  }

  merge(
    field: "errors" | "triggered" | "created" | "updated",
    range: CountRange | DateRange,
    term: string,
  ): void {
    const target = (this.query[field] ?? {}) as Record<string, unknown>;
    for (const [end, value] of Object.entries(range)) {
      const key = `${field}.${end}`;
      if (target[end] === undefined) {
        target[end] = value;
        this.sources.set(key, term);
      } else if (!sameValue(target[end], value)) {
        this.conflict(key, term, `both set the ${end === "from" || end === "min" ? "lower" : "upper"} bound`);
        return;
      }
    }
    (this.query as Record<string, unknown>)[field] = target;
  }

  source(field: string): string | undefined {
    return this.sources.get(field);
  }

  private conflict(field: string, term: string, why: string): void {
    const earlier = this.sources.get(field) ?? field;
    this.fail(
      err("contradiction", term, `${code(term)} contradicts ${code(earlier)}: ${why}. Keep one of them.`, [
        earlier,
        term,
      ]),
    );
  }
}

function valueError(term: string, problem: ValueProblem): QueryError {
  return err(problem.code, term, `${code(term)}: ${problem.hint}.`, problem.suggestions ?? []);
}

function readLocation(value: string): LocationRef {
  const trimmed = value.trim();
  if (/^\d{1,15}$/.test(trimmed) && Number(trimmed) > 0) return { id: Number(trimmed) };
  return { name: trimmed };
}

function parseSearch(tokens: readonly Token[]): ParseOutcome {
  const b = new QueryBuilder();
  for (const token of tokens) {
    if (token.key !== undefined) readQualifier(b, token);
    else readWord(b, token);
  }
  const q = b.query;
  if (b.nameWords.length > 0) {
    const words = b.nameWords.join(" ");
    const wordsTerm = b.nameWordTerms.join(" ");
    if (q.name !== undefined) {
      b.fail(
        err(
          "contradiction",
          wordsTerm,
          `${code(wordsTerm)} and ${code(b.source("name") ?? "name:")} both search the name. Keep one of them (quote a phrase: ${code('name:"invoice sync"')}).`,
          [`name:${quoteIfNeeded(`${q.name} ${words}`)}`],
        ),
      );
    } else {
      q.name = words;
    }
  }
  if (q.failing && q.healthy) {
    b.fail(err("contradiction", "healthy", `${code("failing")} contradicts ${code("healthy")}: pick one.`));
  }
  if (q.healthy && (q.errors?.min ?? 0) > 0) {
    const term = b.source("errors.min") ?? "errors:";
    b.fail(
      err("contradiction", term, `${code("healthy")} means no errors, which contradicts ${code(term)}.`),
    );
  }
  if (q.failing && q.errors?.max === 0) {
    const term = b.source("errors.max") ?? "errors:";
    b.fail(
      err(
        "contradiction",
        term,
        `${code("failing")} means at least one error, which contradicts ${code(term)}.`,
      ),
    );
  }
  for (const field of ["triggered", "created", "updated"] as const) {
    const range = q[field];
    if (range?.from && range.to && isReversed(range.from.spec, range.to.spec)) {
      const term = b.source(`${field}.to`) ?? `${field}:`;
      b.fail(
        err(
          "reversed-range",
          term,
          `${code(term)} ends before ${code(b.source(`${field}.from`) ?? term)} starts: nothing can match.`,
        ),
      );
    }
  }
  if (q.errors?.min !== undefined && q.errors.max !== undefined && q.errors.min > q.errors.max) {
    const term = b.source("errors.max") ?? "errors:";
    b.fail(
      err(
        "reversed-range",
        term,
        `${code(term)} ends below ${code(b.source("errors.min") ?? term)}: nothing can match.`,
      ),
    );
  }
  if (b.errors.length > 0) return { ok: false, errors: dedupe(b.errors).slice(0, QUERY_LIMITS.maxErrors) };
  const seen = new Set<string>();
  const exclude = b.excludes.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (exclude.length > 0) q.exclude = exclude;
  return { ok: true, command: { kind: "search", query: q } };
}

function dedupe(errors: readonly QueryError[]): QueryError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (seen.has(e.message)) return false;
    seen.add(e.message);
    return true;
  });
}

/** Quotes a text value when it would not read back as one term. */
export function quoteIfNeeded(value: string): string {
  let plain = value !== "" && !/^["'\u201c\u201d\u201e\u2018\u2019\u201a]/.test(value);
  if (plain) {
    for (const ch of value) {
      if (isSeparator(ch)) {
        plain = false;
        break;
      }
    }
  }
  return plain ? value : `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function readWord(b: QueryBuilder, token: Token): void {
  const value = token.value.trim();
  if (!token.quoted && !token.negated && value === "-") {
    b.fail(
      err(
        "stray-dash",
        token.raw,
        `A lone ${code("-")} excludes nothing: write it before a term, e.g. ${code("-name:test")}.`,
      ),
    );
    return;
  }
  if (value === "") {
    b.fail(err("missing-value", token.raw, `${code(token.raw)} is empty: put a name between the quotes.`));
    return;
  }
  if (!token.quoted) {
    const lower = value.toLowerCase();
    const keyword = KEYWORDS.get(lower);
    if (keyword) {
      if (token.negated) notExcludableKeyword(b, token, keyword.name);
      else readKeyword(b, keyword.name, token.raw);
      return;
    }
    if (!token.negated && COMMANDS.has(lower)) {
      b.fail(
        err(
          "misplaced-command",
          token.raw,
          `${code(token.raw)} goes first, followed by a webhook id: ${code(`${lower} 87654321`)}.`,
        ),
      );
      return;
    }
    if (!token.negated && lower.length >= 4) {
      const near = suggest(lower, TYPO_TARGETS, { maxDistance: lower.length <= 5 ? 1 : 2 });
      if (near.length > 0) {
        b.fail(
          err(
            "unknown-keyword",
            token.raw,
            `${code(token.raw)} is not a keyword. Did you mean ${near.map(code).join(" or ")}? To search names, write ${code(`name:${value}`)}.`,
            [...near, `name:${quoteIfNeeded(value)}`],
          ),
        );
        return;
      }
    }
  }
  if (token.negated) {
    b.excludes.push({ field: "name", text: value });
  } else {
    b.nameWords.push(value);
    b.nameWordTerms.push(token.raw);
  }
}

function notExcludableKeyword(b: QueryBuilder, token: Token, keyword: KeywordName): void {
  const opposite = OPPOSITES[keyword];
  b.fail(
    err(
      "not-excludable",
      token.raw,
      `Keywords cannot be excluded with ${code("-")}${opposite ? `; use ${code(opposite)} instead` : ""}.`,
      opposite ? [opposite] : [],
    ),
  );
}

function readKeyword(b: QueryBuilder, keyword: KeywordName, term: string): void {
  switch (keyword) {
    case "failing":
      b.set("failing", true, term, "");
      return;
    case "healthy":
      b.set("healthy", true, term, "");
      return;
    case "active":
      b.set("active", true, term, "a webhook is either active or disabled");
      return;
    case "disabled":
      b.set("active", false, term, "a webhook is either active or disabled");
      return;
    case "stale":
      b.set("stale", { amount: QUERY_LIMITS.defaultStaleDays, unit: "d" }, term, "give one staleness span");
      return;
    case "all":
    case "help":
      return;
  }
}

function readQualifier(b: QueryBuilder, token: Token): void {
  const key = token.key!;
  const lower = key.toLowerCase();
  const row = QUALIFIER_KEYS.get(lower);
  if (!row) {
    unknownQualifier(b, token, lower);
    return;
  }
  const value = token.value;
  if (value.trim() === "") {
    const example = row.usage.split(",")[0]!.trim();
    b.fail(
      err(
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
  readQualifierValue(b, row.name, token);
}

function unknownQualifier(b: QueryBuilder, token: Token, lower: string): void {
  const key = token.key!;
  if (KEYWORDS.has(lower)) {
    b.fail(
      err("unknown-qualifier", token.raw, `${code(`${key}:`)} takes no value: write ${code(lower)} alone.`, [
        lower,
      ]),
    );
    return;
  }
  if (COMMANDS.has(lower) || lower === "id") {
    const command = lower === "id" ? "show" : lower;
    const suggestion = `${command} ${token.value}`;
    b.fail(
      err(
        "unknown-qualifier",
        token.raw,
        `To ${command === "show" ? "open" : command} one webhook, write ${code(suggestion)}.`,
        [suggestion],
      ),
    );
    return;
  }
  if (token.value.startsWith("//")) {
    const suggestion = `url:${quoteIfNeeded(`${key}:${token.value}`)}`;
    b.fail(
      err("unknown-qualifier", token.raw, `To search by target URL, write ${code(suggestion)}.`, [
        suggestion,
      ]),
    );
    return;
  }
  const near = suggest(lower, KNOWN_KEYS);
  const dash = token.negated ? "-" : "";
  const hint =
    near.length > 0
      ? `Did you mean ${near.map((k) => code(`${k}:`)).join(" or ")}?`
      : `Type ${code("/webhooks help")} for the list of qualifiers; quote a value that contains a colon.`;
  b.fail(
    err(
      "unknown-qualifier",
      token.raw,
      `Unknown qualifier ${code(`${key}:`)}. ${hint}`,
      near.map((k) => `${dash}${k}:${quoteIfNeeded(token.value)}`),
    ),
  );
}

function readExclusion(
  b: QueryBuilder,
  token: Token,
  row: CommandRow & { name: QualifierName | KeywordName },
): void {
  if (row.exclude !== true) {
    const reason =
      row.kind === "keyword"
        ? `keywords cannot be excluded; use ${code(`triggered:<${token.value}`)} for recently triggered webhooks`
        : row.exclude!;
    b.fail(err("not-excludable", token.raw, `${code(token.raw)} cannot be used: ${reason}.`));
    return;
  }
  const text = token.value.trim();
  switch (row.name) {
    case "name":
    case "url":
    case "error":
      b.excludes.push({ field: row.name, text });
      return;
    case "action": {
      const id = readAction(b, token);
      if (id !== undefined) b.excludes.push({ field: "action", action: id });
      return;
    }
    case "location":
      b.excludes.push({ field: "location", location: readLocation(text) });
      return;
  }
}

function readAction(b: QueryBuilder, token: Token): number | undefined {
  const m = matchAction(token.value);
  if (m.ok) return m.id;
  const dash = token.negated ? "-" : "";
  const key = token.key!;
  switch (m.reason) {
    case "out-of-range":
      b.fail(
        err(
          "out-of-range",
          token.raw,
          `${code(token.raw)}: there is no action with that number; actions are numbered 1 to 90.`,
        ),
      );
      return undefined;
    case "ambiguous": {
      const shown = m.candidates.slice(0, 8);
      const more =
        m.candidates.length > shown.length ? ` and ${m.candidates.length - shown.length} more` : "";
      b.fail(
        err(
          "ambiguous-action",
          token.raw,
          `${code(token.raw)} matches several actions: ${shown.map(code).join(", ")}${more}. Pick one.`,
          shown.map((name) => `${dash}${key}:${name}`),
        ),
      );
      return undefined;
    }
    case "unknown": {
      const hint =
        m.suggestions.length > 0
          ? `Did you mean ${m.suggestions.map(code).join(" or ")}?`
          : `Use an action name such as ${code("BookingCreate")}, its number, or words such as ${code('"invoice paid"')}.`;
      b.fail(
        err(
          "unknown-action",
          token.raw,
          `${code(token.raw)} is not a webhook action. ${hint}`,
          m.suggestions.map((name) => `${dash}${key}:${name}`),
        ),
      );
      return undefined;
    }
  }
}

function readQualifierValue(b: QueryBuilder, name: QualifierName | KeywordName, token: Token): void {
  const value = token.value;
  const term = token.raw;
  switch (name) {
    case "name":
    case "url":
    case "description":
    case "error":
      b.set(name as TextField, value.trim(), term, `a webhook has one ${name}`);
      return;
    case "action": {
      const id = readAction(b, token);
      if (id !== undefined) b.set("action", id, term, "a webhook has one action");
      return;
    }
    case "location":
      b.set("location", readLocation(value), term, "a webhook belongs to one location");
      return;
    case "errors": {
      const r = readCountRange(value.trim());
      if (r.ok) b.merge("errors", r.value, term);
      else b.fail(valueError(term, r));
      return;
    }
    case "triggered":
    case "created":
    case "updated": {
      const r = readDateRange(value.trim());
      if (r.ok) b.merge(name, r.value, term);
      else b.fail(valueError(term, r));
      return;
    }
    case "stale": {
      const r = readSpan(value);
      if (r.ok) b.set("stale", r.value, term, "give one staleness span");
      else b.fail(valueError(term, r));
      return;
    }
    case "sort": {
      const r = readSort(value.trim());
      if (r.ok) b.set("sort", r.value, term, "give one sort order");
      else b.fail(valueError(term, r));
      return;
    }
    case "page": {
      const r = readWholeNumber(value.trim(), 1, QUERY_LIMITS.maxPage, "the page");
      if (r.ok) b.set("page", r.value, term, "give one page");
      else b.fail(valueError(term, r));
      return;
    }
    case "size": {
      const r = readWholeNumber(value.trim(), QUERY_LIMITS.minSize, QUERY_LIMITS.maxSize, "the page size");
      if (r.ok) b.set("size", r.value, term, "give one page size");
      else b.fail(valueError(term, r));
      return;
    }
    case "failing":
    case "disabled":
    case "active":
    case "healthy":
    case "all":
    case "help":
      return;
  }
}
