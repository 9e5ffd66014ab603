import { actionName } from "../../nexudus/actions";
import { isReserved, nearKeywords } from "../keyword-typos";
import { matchAction } from "../match-action";
import { code } from "../mrkdwn";
import { readCountRange } from "../parse-values";
import { QUERY_LIMITS } from "../query-limits";
import type { ActionRef, CountRange, LocationRef, QueryError } from "../query-types";
import { UnresolvedLocationError } from "../resolve-locations";
import type { CommandRow, Field, Read } from "../row-types";
import { textValue, wordValue } from "../term-text";
import type { Token } from "../tokenize";
import { containsTest, readText, readWith, textField } from "./row-helpers";

/** The word most likely to narrow a Nexudus name search: the longest (a longer text is contained in fewer names); the first typed on a tie. */
function mostSelective(words: readonly string[]): string {
  let best = words[0]!;
  for (const word of words) if (Array.from(word).length > Array.from(best).length) best = word;
  return best;
}

function quotedList(words: readonly string[]): string {
  const quoted = words.map((w) => `“${w}”`);
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`
    : quoted[0]!;
}

const wordsField: Field<"words", readonly string[]> = {
  key: "words",
  combine: "list",
  /*
   * Nexudus takes one name filter, so one word goes there and every word is checked here (the one sent
   * too: however Nexudus matches text, the answer is what the words say). One word alone needs no check.
   */
  plan: (words, plan) => {
    plan.param("WebHook_Name", mostSelective(words));
    if (words.length > 1) plan.filter("words", words);
  },
  match: (words) => {
    const tests = words.map((w) => containsTest((r) => r.Name, w));
    return (r) => tests.every((test) => test(r));
  },
  format: (words) => words.map((w) => wordValue(w, isReserved)),
  describe: (words) =>
    words.length === 1
      ? { phrase: `named “${words[0]}”` }
      : { phrase: `with ${quotedList(words)} in the name` },
  hint: (words) =>
    words.flatMap((word): QueryError[] => {
      const near = nearKeywords(word);
      if (near.length === 0) return [];
      return [
        {
          term: word,
          message: `No webhook name contains ${code(word)}. Did you mean ${near.map(code).join(" or ")}?`,
          suggestions: near,
          code: "unknown-keyword",
        },
      ];
    }),
};

function isFamily(ref: ActionRef): ref is Exclude<ActionRef, number> {
  return typeof ref !== "number";
}

const actionField: Field<"action", ActionRef> = {
  key: "action",
  combine: "one",
  conflict: "a webhook has one action",
  // Nexudus filters one action at a time: a family is checked here, after one fetch (see the README).
  plan: (ref, plan) =>
    isFamily(ref) ? plan.filter("action", ref) : plan.param("WebHook_Action", String(ref)),
  match: (ref) => {
    const ids = new Set(isFamily(ref) ? ref.ids : [ref]);
    return (r) => ids.has(r.Action);
  },
  format: (ref) => [`action:${isFamily(ref) ? textValue(ref.words) : actionName(ref)}`],
  describe: (ref) => ({
    phrase: isFamily(ref) ? `for ${ref.ids.length} “${ref.words}” events` : `for ${actionName(ref)}`,
  }),
  note: (ref) =>
    isFamily(ref)
      ? `${code(`action:${textValue(ref.words)}`)} means any of ${ref.ids.length} events: ${ref.ids.map((id) => code(actionName(id))).join(", ")}.`
      : undefined,
};

/** An action by name, number or words; words several actions share name them all (up to a bound). */
function readAction(token: Token): Read<ActionRef> {
  const m = matchAction(token.value);
  if (m.ok) return { ok: true, value: m.id };
  const fail = (error: Omit<QueryError, "term">): Read<ActionRef> => ({
    ok: false,
    error: { term: token.raw, ...error },
  });
  const dash = token.negated ? "-" : "";
  const key = token.key!;
  switch (m.reason) {
    case "out-of-range":
      return fail({
        code: "out-of-range",
        message: `${code(token.raw)}: there is no action with that number; actions are numbered 1 to 90.`,
        suggestions: [],
      });
    case "ambiguous": {
      if (m.ids.length <= QUERY_LIMITS.maxActionFamily) {
        const ids = [...m.ids].sort((a, b) => a - b);
        return { ok: true, value: { words: token.value.trim(), ids } };
      }
      const shown = m.candidates.slice(0, 8);
      const more =
        m.candidates.length > shown.length ? ` and ${m.candidates.length - shown.length} more` : "";
      return fail({
        code: "ambiguous-action",
        message: `${code(token.raw)} matches ${m.candidates.length} actions: ${shown.map(code).join(", ")}${more}. Pick one, or add a word to narrow it.`,
        suggestions: shown.map((name) => `${dash}${key}:${name}`),
      });
    }
    case "unknown": {
      const hint =
        m.suggestions.length > 0
          ? `Did you mean ${m.suggestions.map(code).join(" or ")}?`
          : `Use an action name such as ${code("BookingCreate")}, its number, or words such as ${code('"invoice paid"')}.`;
      return fail({
        code: "unknown-action",
        message: `${code(token.raw)} is not a webhook action. ${hint}`,
        suggestions: m.suggestions.map((name) => `${dash}${key}:${name}`),
      });
    }
  }
}

function actionWords(ref: ActionRef): string {
  return isFamily(ref) ? `“${ref.words}” events` : actionName(ref);
}

/** A location: an id when it is all digits, else a name that `resolveLocations` turns into one. */
function readLocation(token: Token): Read<LocationRef> {
  const trimmed = token.value.trim();
  if (/^\d{1,15}$/.test(trimmed) && Number(trimmed) > 0) return { ok: true, value: { id: Number(trimmed) } };
  return { ok: true, value: { name: trimmed } };
}

function locationId(ref: LocationRef): number {
  if (!("id" in ref)) throw new UnresolvedLocationError(ref.name);
  return ref.id;
}

function locationWords(ref: LocationRef, names?: ReadonlyMap<number, string>): string {
  if ("name" in ref) return ref.name;
  return names?.get(ref.id) ?? `location ${ref.id}`;
}

const locationField: Field<"location", LocationRef> = {
  key: "location",
  combine: "one",
  conflict: "a webhook belongs to one location",
  plan: (ref, plan) => plan.param("WebHook_Business", String(locationId(ref))),
  match: (ref) => {
    const id = locationId(ref);
    return (r) => r.BusinessId === id;
  },
  format: (ref) => [`location:${"id" in ref ? String(ref.id) : textValue(ref.name)}`],
  describe: (ref, names) => ({ phrase: `at ${locationWords(ref, names)}` }),
};

function countTerm(range: CountRange): string {
  const { min, max } = range;
  if (min !== undefined && max !== undefined) return min === max ? `errors:${min}` : `errors:${min}..${max}`;
  if (min !== undefined) return `errors:>=${min}`;
  return `errors:<=${max}`;
}

const errorsField: Field<"errors", CountRange> = {
  key: "errors",
  combine: "bounds",
  plan: (range, plan) => {
    if (range.min !== undefined) plan.errorsAtLeast(range.min, "errors:");
    if (range.max !== undefined) plan.errorsAtMost(range.max, "errors:");
  },
  match:
    ({ min, max }) =>
    (r) =>
      (min === undefined || r.ErrorCount >= min) && (max === undefined || r.ErrorCount <= max),
  format: (range) => (range.min !== undefined || range.max !== undefined ? [countTerm(range)] : []),
  describe: ({ min, max }) => {
    if (min !== undefined && max !== undefined)
      return { phrase: min === max ? `with ${min} errors` : `with ${min}–${max} errors` };
    if (min !== undefined) return { phrase: `with at least ${min} errors` };
    if (max !== undefined) return { phrase: `with at most ${max} errors` };
    return undefined;
  },
  validate: (range, sourceOf) => {
    if (range.min === undefined || range.max === undefined || range.min <= range.max) return undefined;
    const term = sourceOf("max") ?? "errors:";
    return {
      term,
      message: `${code(term)} ends below ${code(sourceOf("min") ?? term)}: nothing can match.`,
      suggestions: [],
      code: "reversed-range",
    };
  },
};

/** The ASCII host of a URL (no userinfo, no port), or undefined when it has none. */
function urlHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

/** Dot-separated labels of letters, digits and hyphens (any script: the URL parser makes it ASCII). */
const HOST_NAME = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*$/u;

/** `host:` takes a host name; a URL typed whole gives its host. Never echoes userinfo back. */
function readHost(token: Token): Read<string> {
  const typed = token.value.trim().toLowerCase();
  const host = typed
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
    .replace(/[/?#].*$/s, "")
    .replace(/:\d*$/, "")
    .replace(/\.+$/, "");
  if (HOST_NAME.test(host) && urlHost(`http://${host}`)) return { ok: true, value: host };
  const shown = host.includes("@") ? code("host:") : code(token.raw);
  return {
    ok: false,
    error: {
      term: host.includes("@") ? "host:" : token.raw,
      message: `${shown} is not a host name: write one such as ${code("host:hooks.zapier.com")}, without a user name or password.`,
      suggestions: [],
      code: "bad-value",
    },
  };
}

const hostField: Field<"host", string> = {
  key: "host",
  combine: "one",
  conflict: "a webhook has one target host",
  /*
   * Nexudus filters only the whole URL, exactly or as a substring (undocumented): sent as `WebHook_URL`,
   * a host would find nothing under the exact reading. Checked here instead, on every match of the rest.
   */
  plan: (host, plan) => plan.filter("host", host),
  match: (host) => {
    const wanted = urlHost(`http://${host}`) ?? host;
    return (r) => {
      const actual = urlHost(r.URL);
      return actual !== undefined && (actual === wanted || actual.endsWith(`.${wanted}`));
    };
  },
  format: (host) => [`host:${textValue(host)}`],
  describe: (host) => ({ phrase: `sending to “${host}”` }),
};

const useComparator = "it is a range already: use a comparator instead";

/** Qualifiers and bare words that filter by what a webhook is. */
export const FILTER_ROWS = [
  {
    kind: "words",
    name: "words",
    aliases: [],
    group: "filter",
    usage: "zapier",
    summary:
      'bare words search the name, each word anywhere in it; quote a phrase ("invoice sync"), or a word that is also a keyword ("failing")',
    examples: ["zapier", "xero invoice", '"invoice sync"'],
    nexudus: "WebHook_Name (the longest word; the others are checked after fetching)",
    field: wordsField,
  },
  {
    kind: "qualifier",
    name: "name",
    aliases: [],
    group: "filter",
    usage: "name:zapier",
    summary: "name, as one text",
    examples: ['name:"invoice sync"'],
    nexudus: "WebHook_Name",
    field: textField("name", "WebHook_Name", "named", (r) => r.Name),
    read: readText,
    exclude: true,
    excluded: (text: string) => `“${text}”`,
  },
  {
    kind: "qualifier",
    name: "action",
    aliases: ["event"],
    group: "filter",
    usage: "action:BookingCreate",
    summary:
      'the event: its name in any case, its number, or words such as "invoice paid"; a word several events share means any of them (action:invoice)',
    examples: ["action:BookingCreate", "action:6", 'action:"invoice paid"', "action:invoice"],
    nexudus: "WebHook_Action (an event family is checked after fetching)",
    field: actionField,
    read: readAction,
    exclude: true,
    excluded: actionWords,
  },
  {
    kind: "qualifier",
    name: "location",
    aliases: ["business"],
    group: "filter",
    usage: "location:123",
    summary: "location, by id or by name",
    examples: ["location:123", 'location:"Downtown Hub"'],
    nexudus: "WebHook_Business",
    field: locationField,
    read: readLocation,
    exclude: true,
    excluded: locationWords,
  },
  {
    kind: "qualifier",
    name: "url",
    aliases: [],
    group: "filter",
    usage: "url:zapier.com",
    summary: "target URL",
    examples: ["url:hooks.zapier.com"],
    nexudus: "WebHook_URL",
    field: textField("url", "WebHook_URL", "with URL", (r) => r.URL),
    read: readText,
    exclude: true,
    excluded: (text: string) => `URL “${text}”`,
  },
  {
    kind: "qualifier",
    name: "host",
    aliases: [],
    group: "filter",
    usage: "host:zapier.com",
    summary:
      "host of the target URL, its subdomains included (host:zapier.com finds hooks.zapier.com); checked after fetching",
    examples: ["host:hooks.zapier.com", "-host:example-coworking.com"],
    nexudus: "(checked after fetching: Nexudus filters only the whole URL)",
    field: hostField,
    read: readHost,
    exclude: true,
    excluded: (host: string) => `host “${host}”`,
  },
  {
    kind: "qualifier",
    name: "description",
    aliases: ["desc"],
    group: "filter",
    usage: "description:crm",
    summary: "description",
    examples: ["desc:crm"],
    nexudus: "WebHook_Description",
    field: textField("description", "WebHook_Description", "with description"),
    read: readText,
    exclude: "search results do not carry descriptions, so they cannot be excluded",
  },
  {
    kind: "qualifier",
    name: "error",
    aliases: ["lasterror"],
    group: "filter",
    usage: "error:timeout",
    summary: "text of the last error",
    examples: ["error:timeout", 'error:"404"'],
    nexudus: "WebHook_LastError",
    field: textField("error", "WebHook_LastError", "with error", (r) => r.LastError),
    read: readText,
    exclude: true,
    excluded: (text: string) => `error “${text}”`,
  },
  {
    kind: "qualifier",
    name: "errors",
    aliases: ["errorcount"],
    group: "filter",
    usage: "errors:3",
    summary: "ErrorCount: a number, a comparison (>3 means from 4) or a range; the most errors first",
    examples: ["errors:3", "errors:>=3", "errors:<3", "errors:3..10", "errors:3..", "errors:..10"],
    nexudus: "WebHook_ErrorCount, from_/to_WebHook_ErrorCount",
    field: errorsField,
    read: readWith(readCountRange),
    exclude: useComparator,
  },
] as const satisfies readonly CommandRow[];
