import { QUERY_LIMITS } from "./query-limits";
import type { SortField } from "./query-types";

/** The sections of the help, in order. */
export type HelpGroup = "status" | "filter" | "date" | "exclude" | "order" | "one";

/** One row of the `/webhooks` language: what the parser accepts and what the help says about it. */
export interface CommandRow {
  /** `keyword`: a bare word; `qualifier`: `key:value`; `command`: `word <id>` first; `syntax`: help only. */
  readonly kind: "keyword" | "qualifier" | "command" | "syntax";
  /** The canonical word or key (without the colon). */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly group: HelpGroup;
  /** How it is typed, as shown in the help. */
  readonly usage: string;
  readonly summary: string;
  readonly examples: readonly string[];
  /** What it becomes at Nexudus. */
  readonly nexudus: string;
  /** For keywords: whether `word:value` is accepted too (`stale:30d`). */
  readonly value?: "optional";
  /** For qualifiers: `true` when `-key:value` is allowed, else why it is not (mrkdwn-safe, no `<>&`). */
  readonly exclude?: true | string;
}

/** `sort:` fields and the Nexudus property each orders by. */
export const SORT_FIELDS: Readonly<Record<SortField, string>> = {
  name: "Name",
  action: "Action",
  errors: "ErrorCount",
  triggered: "LastTrigger",
  created: "CreatedOn",
  updated: "UpdatedOn",
  url: "URL",
};

const sortFieldList = Object.keys(SORT_FIELDS).join(" ");
const useComparator = "it is a range already: use a comparator instead";

/**
 * The `/webhooks` language, row by row. The parser looks keys, keywords and aliases up here and the help is
 * generated from it, so the two cannot drift apart.
 */
export const COMMAND_TABLE = [
  {
    kind: "keyword",
    name: "failing",
    aliases: [],
    group: "status",
    usage: "failing",
    summary: "ErrorCount at or above the failing threshold (DIGEST_MIN_ERRORS, default 1), worst first",
    examples: ["failing", 'failing location:"Downtown Hub"'],
    nexudus: "from_WebHook_ErrorCount=<min>&orderBy=ErrorCount&dir=-1",
  },
  {
    kind: "keyword",
    name: "disabled",
    aliases: ["inactive", "paused"],
    group: "status",
    usage: "disabled",
    summary: "not active: paused by hand, or switched off by Nexudus after 10 failures",
    examples: ["disabled"],
    nexudus: "WebHook_Active=false",
  },
  {
    kind: "keyword",
    name: "active",
    aliases: ["enabled"],
    group: "status",
    usage: "active",
    summary: "active webhooks",
    examples: ["active failing"],
    nexudus: "WebHook_Active=true",
  },
  {
    kind: "keyword",
    name: "healthy",
    aliases: [],
    group: "status",
    usage: "healthy",
    summary: "no errors (ErrorCount = 0)",
    examples: ["healthy"],
    nexudus: "to_WebHook_ErrorCount=0",
  },
  {
    kind: "keyword",
    name: "stale",
    aliases: [],
    group: "status",
    usage: "stale, stale:30d",
    summary: `no successful delivery for ${QUERY_LIMITS.defaultStaleDays} days, or for the span given`,
    examples: ["stale", "stale:30d active"],
    nexudus: "to_WebHook_LastTrigger=<now minus span>",
    value: "optional",
  },
  {
    kind: "keyword",
    name: "all",
    aliases: [],
    group: "status",
    usage: "all",
    summary: "every webhook, no filter",
    examples: ["all sort:name"],
    nexudus: "(no filter)",
  },
  {
    kind: "keyword",
    name: "help",
    aliases: [],
    group: "status",
    usage: "help",
    summary: "this help",
    examples: ["help"],
    nexudus: "(none)",
  },
  {
    kind: "syntax",
    name: "words",
    aliases: [],
    group: "filter",
    usage: "zapier",
    summary: 'bare words search the name, like name: (quote a word that is also a keyword: "failing")',
    examples: ["zapier", '"invoice sync"'],
    nexudus: "WebHook_Name",
  },
  {
    kind: "qualifier",
    name: "name",
    aliases: [],
    group: "filter",
    usage: "name:zapier",
    summary: "name",
    examples: ['name:"invoice sync"'],
    nexudus: "WebHook_Name",
    exclude: true,
  },
  {
    kind: "qualifier",
    name: "action",
    aliases: ["event"],
    group: "filter",
    usage: "action:BookingCreate",
    summary: 'the event: its name in any case, its number, or words such as "invoice paid"',
    examples: ["action:BookingCreate", "action:6", 'action:"invoice paid"'],
    nexudus: "WebHook_Action",
    exclude: true,
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
    exclude: true,
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
    exclude: true,
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
    exclude: true,
  },
  {
    kind: "qualifier",
    name: "errors",
    aliases: ["errorcount"],
    group: "filter",
    usage: "errors:3",
    summary: "ErrorCount: a number, a comparison (>3 means from 4) or a range",
    examples: ["errors:3", "errors:>=3", "errors:<3", "errors:3..10", "errors:3..", "errors:..10"],
    nexudus: "WebHook_ErrorCount, from_/to_WebHook_ErrorCount",
    exclude: useComparator,
  },
  {
    kind: "qualifier",
    name: "triggered",
    aliases: ["lasttrigger"],
    group: "date",
    usage: "triggered:<7d",
    summary: "last successful delivery",
    examples: ["triggered:<7d", "triggered:>30d", "triggered:yesterday", "triggered:2025-01-01..2025-01-31"],
    nexudus: "from_/to_WebHook_LastTrigger",
    exclude: useComparator,
  },
  {
    kind: "qualifier",
    name: "created",
    aliases: ["createdon"],
    group: "date",
    usage: "created:>=2025-01-01",
    summary: "creation date",
    examples: ["created:>=2025-01-01", "created:today"],
    nexudus: "from_/to_WebHook_CreatedOn",
    exclude: useComparator,
  },
  {
    kind: "qualifier",
    name: "updated",
    aliases: ["updatedon"],
    group: "date",
    usage: "updated:<2w",
    summary: "last change",
    examples: ["updated:<2w", "updated:2025-01-01T08:30..2025-01-01T12:00"],
    nexudus: "from_/to_WebHook_UpdatedOn",
    exclude: useComparator,
  },
  {
    kind: "syntax",
    name: "dates",
    aliases: [],
    group: "date",
    usage: "2025-01-01, 2025-01-01T08:30, 12h, 7d, 2w, today, yesterday",
    summary:
      "dates are local times; 7d means 7 days ago, so <7d is within the last 7 days and >7d before that; " +
      "compare with > >= < <= or give a range A..B (a date alone runs from 00:00 to 23:59)",
    examples: ["created:2025-01-01..2025-03-31", "triggered:>=today"],
    nexudus: "YYYY-MM-DDTHH:mm in UTC",
  },
  {
    kind: "syntax",
    name: "exclude",
    aliases: [],
    group: "exclude",
    usage: "-action:BookingCreate",
    summary:
      "a minus before name:, action:, location:, url:, error: or a bare word leaves matches out; " +
      `it needs every matching webhook fetched, at most ${QUERY_LIMITS.maxExclusionRecords.toLocaleString("en-US")}`,
    examples: ["failing -action:BookingCreate", "-location:12", "-name:test", "-test"],
    nexudus: "(applied after fetching)",
  },
  {
    kind: "qualifier",
    name: "sort",
    aliases: ["order", "orderby"],
    group: "order",
    usage: "sort:errors",
    summary: `order by ${sortFieldList}; a leading - sorts descending`,
    examples: ["sort:errors", "sort:-updated"],
    nexudus: "orderBy, dir",
    exclude: "for descending order write sort:-field",
  },
  {
    kind: "qualifier",
    name: "page",
    aliases: [],
    group: "order",
    usage: "page:2",
    summary: `page number (1 to ${QUERY_LIMITS.maxPage})`,
    examples: ["failing page:2"],
    nexudus: "page",
    exclude: "paging cannot be excluded",
  },
  {
    kind: "qualifier",
    name: "size",
    aliases: [],
    group: "order",
    usage: "size:20",
    summary: `results per page (${QUERY_LIMITS.minSize} to ${QUERY_LIMITS.maxSize}, default ${QUERY_LIMITS.defaultSize})`,
    examples: ["size:25"],
    nexudus: "size",
    exclude: "paging cannot be excluded",
  },
  {
    kind: "command",
    name: "show",
    aliases: [],
    group: "one",
    usage: "show 87654321",
    summary: "one webhook in full, with its description; a bare id does the same",
    examples: ["show 87654321", "87654321"],
    nexudus: "GET /sys/webhooks/{id}",
  },
  {
    kind: "command",
    name: "pause",
    aliases: [],
    group: "one",
    usage: "pause 87654321",
    summary: "switch a webhook off (admins, after a confirmation)",
    examples: ["pause 87654321"],
    nexudus: "GET, then PUT with Active=false",
  },
  {
    kind: "command",
    name: "resume",
    aliases: [],
    group: "one",
    usage: "resume 87654321",
    summary: "switch a webhook back on (admins, after a confirmation)",
    examples: ["resume 87654321"],
    nexudus: "GET, then PUT with Active=true",
  },
] as const satisfies readonly CommandRow[];

type Row = (typeof COMMAND_TABLE)[number];
/** Canonical keyword words. */
export type KeywordName = Extract<Row, { kind: "keyword" }>["name"];
/** Canonical qualifier keys. */
export type QualifierName = Extract<Row, { kind: "qualifier" }>["name"];
/** Commands written first, followed by an id. */
export type CommandName = Extract<Row, { kind: "command" }>["name"];

const rows: readonly CommandRow[] = COMMAND_TABLE;

/** Keyword word or alias (lower case) → row. */
export const KEYWORDS: ReadonlyMap<string, CommandRow & { name: KeywordName }> = new Map(
  rows
    .filter((r) => r.kind === "keyword")
    .flatMap((r) => [r.name, ...r.aliases].map((w) => [w, r as CommandRow & { name: KeywordName }])),
);

/** Qualifier key or alias (lower case), and keywords that take a value, → row. */
export const QUALIFIER_KEYS: ReadonlyMap<string, CommandRow & { name: QualifierName | KeywordName }> =
  new Map(
    rows
      .filter((r) => r.kind === "qualifier" || (r.kind === "keyword" && r.value === "optional"))
      .flatMap((r) =>
        [r.name, ...r.aliases].map((k) => [k, r as CommandRow & { name: QualifierName | KeywordName }]),
      ),
  );

/** Command words → row. */
export const COMMANDS: ReadonlyMap<string, CommandRow & { name: CommandName }> = new Map(
  rows.filter((r) => r.kind === "command").map((r) => [r.name, r as CommandRow & { name: CommandName }]),
);
