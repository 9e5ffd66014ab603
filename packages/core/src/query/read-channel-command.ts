import { isTimeZone } from "../config/schedule";
import type { ChannelCommandName } from "./command-table";
import { FIELD_GROUPS, FIELDS } from "./command-table";
import { suggest } from "./edit-distance";
import { code } from "./mrkdwn";
import { queryError } from "./query-builder";
import type { ParseOutcome, QueryError, SearchQuery } from "./query-types";
import type { MentionRef, SubscribeTerms } from "./subscribe-terms";
import type { Token } from "./tokenize";

/** Reads the search part of a subscribe (the generic search parser, passed in to keep the modules apart). */
export type SearchReader = (input: string, tokens: readonly Token[]) => ParseOutcome;

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const GROUP = /^<!subteam\^(S[A-Z0-9]{2,40})(?:\|([^<>]{0,80}))?>$/;
const USER = /^<@([UW][A-Z0-9]{2,40})(?:\|([^<>]{0,80}))?>$/;
const BARE_ID = /^([SUW][A-Z0-9]{2,40})$/;
const MAX_MENTIONS = 10;

const OPTION_KEYS: ReadonlyMap<string, "at" | "tz" | "mention"> = new Map([
  ["at", "at"],
  ["time", "at"],
  ["tz", "tz"],
  ["timezone", "tz"],
  ["zone", "tz"],
  ["mention", "mention"],
  ["mentions", "mention"],
]);
const FLAGS: ReadonlyMap<string, "alerts" | "digest"> = new Map([
  ["alerts", "alerts"],
  ["alert", "alerts"],
  ["digest", "digest"],
  ["digests", "digest"],
]);

/** A handle as Slack sent it, kept only when it reads as one (letters, digits, `._-`). */
function handle(label: string | undefined): string | undefined {
  const text = label?.replace(/^@/, "").trim();
  return text && /^[\p{L}\p{N}._-]{1,80}$/u.test(text) ? text : undefined;
}

function readMention(part: string, raw: string): MentionRef | QueryError {
  const group = GROUP.exec(part) ?? USER.exec(part) ?? BARE_ID.exec(part);
  if (group) {
    const label = handle(group[2]);
    return label ? { id: group[1]!, label } : { id: group[1]! };
  }
  if (part.startsWith("@") || part.startsWith("<")) {
    return queryError(
      "bad-value",
      raw,
      `${code(raw)}: pick the group or the person from Slack's ${code("@")} autocomplete, so that Slack sends its id, or give the id itself (${code("S…")} for a user group, ${code("U…")} for a person).`,
    );
  }
  return queryError(
    "bad-value",
    raw,
    `${code(raw)} is not a user group or a person: write ${code("mention:@oncall")} with Slack's autocomplete, or an id such as ${code("S0123ABCD")}.`,
  );
}

/** The canonical IANA name of a zone typed in any case, or undefined. */
export function canonicalZone(text: string): string | undefined {
  if (!isTimeZone(text)) return undefined;
  return new Intl.DateTimeFormat("en", { timeZone: text }).resolvedOptions().timeZone;
}

/** The error for a time zone that is not one, with the nearest names. */
export function zoneError(raw: string, value: string): QueryError {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const near = suggest(value, zones.length > 0 ? [...zones] : ["UTC"]);
  const hint = near.length > 0 ? ` Did you mean ${near.map((z) => code(`tz:${z}`)).join(" or ")}?` : "";
  return queryError(
    "bad-value",
    raw,
    `${code(raw)} is not a time zone: write an IANA name such as ${code("tz:Europe/Paris")}.${hint}`,
    near.map((z) => `tz:${z}`),
  );
}

/** Splits off the options, reads them, and reads the rest as the search. */
function readSubscribe(word: string, rest: readonly Token[], readSearch: SearchReader): ParseOutcome {
  const errors: QueryError[] = [];
  const flags = new Set<"alerts" | "digest">();
  const mention: MentionRef[] = [];
  let at: string | undefined;
  let timeZone: string | undefined;
  const searchTokens: Token[] = [];
  const once = (what: string, token: Token, already: unknown) => {
    if (already === undefined) return true;
    errors.push(
      queryError("contradiction", token.raw, `Give one ${what}: ${code(token.raw)} is a second one.`),
    );
    return false;
  };
  for (const token of rest) {
    const bare = !token.quoted && !token.negated && token.key === undefined;
    const flag = bare ? FLAGS.get(token.value.toLowerCase()) : undefined;
    if (flag) {
      flags.add(flag);
      continue;
    }
    const option = token.key === undefined ? undefined : OPTION_KEYS.get(token.key.toLowerCase());
    if (!option) {
      searchTokens.push(token);
      continue;
    }
    const value = token.value.trim();
    if (token.negated) {
      errors.push(
        queryError("not-excludable", token.raw, `${code(token.raw)}: an option cannot be excluded.`),
      );
    } else if (value === "") {
      errors.push(
        queryError("missing-value", token.raw, `${code(token.raw)} needs a value right after the colon.`),
      );
    } else if (option === "at") {
      const m = TIME.exec(value);
      if (!m) {
        errors.push(
          queryError(
            "bad-value",
            token.raw,
            `${code(token.raw)} is not a time of day: write it on the 24-hour clock, such as ${code("at:08:30")}.`,
            ["at:08:30"],
          ),
        );
      } else if (once("digest time", token, at)) at = `${m[1]!.padStart(2, "0")}:${m[2]}`;
    } else if (option === "tz") {
      const zone = canonicalZone(value);
      if (!zone) errors.push(zoneError(token.raw, value));
      else if (once("time zone", token, timeZone)) timeZone = zone;
    } else {
      for (const part of value.split(",").filter((p) => p.trim() !== "")) {
        const read = readMention(part.trim(), token.raw);
        if ("message" in read) errors.push(read);
        else if (!mention.some((m) => m.id === read.id)) mention.push(read);
      }
      if (mention.length > MAX_MENTIONS) {
        errors.push(
          queryError("out-of-range", token.raw, `Mention at most ${MAX_MENTIONS} groups or people.`),
        );
      }
    }
  }
  const alerts = flags.size === 0 || flags.has("alerts");
  const digest = flags.size === 0 || flags.has("digest");
  if (!digest && (at !== undefined || timeZone !== undefined)) {
    const term = at !== undefined ? `at:${at}` : `tz:${timeZone}`;
    errors.push(
      queryError(
        "contradiction",
        term,
        `${code(term)} sets the digest's time, but this subscription takes only the alerts: leave out ${code("alerts")} or the time.`,
      ),
    );
  }
  if (!alerts && mention.length > 0) {
    errors.push(
      queryError(
        "contradiction",
        "mention:",
        `${code("mention:")} names who an alert's escalation mentions, but this subscription takes only the digest: leave out ${code("digest")} or the mention.`,
      ),
    );
  }
  if (searchTokens.length === 0) {
    errors.push(
      queryError(
        "missing-value",
        word,
        `${code(word)} needs a search, such as ${code('subscribe failing location:"Downtown Hub"')}; ${code("subscribe all")} takes every webhook.`,
        ["subscribe failing"],
      ),
    );
    return { ok: false, errors };
  }
  const input = searchTokens.map((t) => t.raw).join(" ");
  const search = readSearch(input, searchTokens);
  if (!search.ok) return { ok: false, errors: [...search.errors, ...errors] };
  if (errors.length > 0) return { ok: false, errors };
  if (search.command.kind !== "search") {
    return {
      ok: false,
      errors: [
        queryError("misplaced-command", input, `${code(word)} takes a search, such as ${code("failing")}.`),
      ],
    };
  }
  const { query, ignored } = withoutOrder(search.command.query);
  const terms: SubscribeTerms = {
    query,
    alerts,
    digest,
    mention,
    ignored,
    ...(at !== undefined ? { at } : {}),
    ...(timeZone !== undefined ? { timeZone } : {}),
  };
  return { ok: true, command: { kind: "subscribe", terms } };
}

/** The query without its order and paging terms (a subscription takes every match), and those terms. */
export function withoutOrder(query: SearchQuery): { query: SearchQuery; ignored: string[] } {
  const kept: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (FIELD_GROUPS.get(key) === "order") ignored.push(...FIELDS.get(key)!.format(value));
    else kept[key] = value;
  }
  return { query: kept as SearchQuery, ignored };
}

/**
 * `subscribe <search> [alerts|digest] [at:HH:mm] [tz:Zone] [mention:…]`, `subscriptions`, `unsubscribe N`.
 * The options may come anywhere after the command word; the rest is the search.
 */
export function readChannelCommand(
  name: ChannelCommandName,
  word: string,
  rest: readonly Token[],
  readSearch: SearchReader,
): ParseOutcome {
  if (name === "subscribe") return readSubscribe(word, rest, readSearch);
  if (name === "subscriptions") {
    if (rest.length === 0) return { ok: true, command: { kind: "subscriptions" } };
    const extra = rest.map((t) => t.raw).join(" ");
    return {
      ok: false,
      errors: [
        queryError("extra-terms", extra, `${code(word)} takes nothing after it; leave out ${code(extra)}.`, [
          "subscriptions",
        ]),
      ],
    };
  }
  const [first, ...extra] = rest;
  const digits = first?.raw.replace(/^#/, "") ?? "";
  const n = /^\d{1,4}$/.test(digits) ? Number(digits) : Number.NaN;
  if (first === undefined || !(n >= 1) || extra.length > 0) {
    return {
      ok: false,
      errors: [
        queryError(
          first === undefined ? "missing-value" : "bad-number",
          first === undefined ? word : rest.map((t) => t.raw).join(" "),
          `${code(word)} takes the number of a subscription as ${code("/webhooks subscriptions")} lists it, such as ${code("unsubscribe 2")}.`,
          ["subscriptions"],
        ),
      ],
    };
  }
  return { ok: true, command: { kind: "unsubscribe", number: n } };
}
