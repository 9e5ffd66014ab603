import type {
  ChannelCommandRow,
  CommandRow,
  Field,
  IdCommandRow,
  KeywordRow,
  QualifierRow,
  WordsRow,
} from "./row-types";
import { COMMAND_ROWS } from "./rows/command-rows";
import { DATE_ROWS } from "./rows/date-rows";
import { EXCLUDE_ROWS } from "./rows/exclude-rows";
import { FILTER_ROWS } from "./rows/filter-rows";
import { ORDER_ROWS } from "./rows/order-rows";
import { STATUS_ROWS } from "./rows/status-rows";
import { SUBSCRIPTION_ROWS } from "./rows/subscription-rows";

export type { CommandRow, HelpGroup } from "./row-types";
export { SORT_FIELDS } from "./sort-fields";

/**
 * The `/webhooks` language, row by row, in the order of the help and of canonical text. Each row says how
 * its term is typed and read, what it becomes at Nexudus or in a local filter, how it is written back and
 * what the help says; the parser, the planner, the formatter and the help only loop over these rows.
 */
export const COMMAND_TABLE = [
  ...STATUS_ROWS,
  ...FILTER_ROWS,
  ...DATE_ROWS,
  ...EXCLUDE_ROWS,
  ...ORDER_ROWS,
  ...COMMAND_ROWS,
  ...SUBSCRIPTION_ROWS,
] as const satisfies readonly CommandRow[];

/** Commands written first, about webhooks (not the channel's subscriptions). */
export type CommandName = Exclude<
  Extract<(typeof COMMAND_TABLE)[number], { kind: "command" }>,
  { takes: string }
>["name"];
/** Commands written alone. */
export type BareCommandName = Extract<
  (typeof COMMAND_TABLE)[number],
  { kind: "command"; takesId: false }
>["name"];
/** Commands written alone or followed by a search. */
export type SearchCommandName = Extract<
  (typeof COMMAND_TABLE)[number],
  { kind: "command"; takesSearch: true }
>["name"];
/** Commands followed by a webhook id. */
export type IdCommandName = Exclude<CommandName, BareCommandName>;

/** Commands about the channel's subscriptions. */
export type ChannelCommandName = Extract<(typeof COMMAND_TABLE)[number], { takes: string }>["name"];

const rows: readonly CommandRow[] = COMMAND_TABLE;

function byWords<R extends CommandRow>(list: readonly R[]): ReadonlyMap<string, R> {
  return new Map(list.flatMap((r) => [r.name, ...r.aliases].map((w) => [w, r] as const)));
}

/** Keyword word or alias (lower case) → row. */
export const KEYWORDS: ReadonlyMap<string, KeywordRow> = byWords(
  rows.filter((r): r is KeywordRow => r.kind === "keyword"),
);

/** Qualifier key or alias (lower case), and keywords that take a value (`stale:30d`), → row. */
export const QUALIFIER_KEYS: ReadonlyMap<string, QualifierRow | KeywordRow> = byWords(
  rows.filter(
    (r): r is QualifierRow | KeywordRow => r.kind === "qualifier" || (r.kind === "keyword" && !!r.readValue),
  ),
);

type CommandEntry =
  | (IdCommandRow & { name: IdCommandName; takesId?: undefined; takesSearch?: undefined })
  | (IdCommandRow & {
      name: Exclude<BareCommandName, SearchCommandName>;
      takesId: false;
      takesSearch?: undefined;
    })
  | (IdCommandRow & { name: SearchCommandName; takesId: false; takesSearch: true });

/** Command words → row. */
export const COMMANDS: ReadonlyMap<string, CommandEntry> = byWords(
  rows.filter((r): r is CommandEntry => r.kind === "command" && r.takes === undefined),
);

/** Subscription command words → row. */
export const CHANNEL_COMMANDS: ReadonlyMap<string, ChannelCommandRow & { name: ChannelCommandName }> =
  byWords(
    rows.filter(
      (r): r is ChannelCommandRow & { name: ChannelCommandName } =>
        r.kind === "command" && r.takes !== undefined,
    ),
  );

/** The row of bare words. */
export const WORDS_ROW: WordsRow = rows.find((r): r is WordsRow => r.kind === "words")!;

/** Every field, by SearchQuery key, in table order (where canonical text writes it). */
export const FIELDS: ReadonlyMap<string, Field> = new Map(
  rows.flatMap((r) => ("field" in r && r.field ? [[r.field.key, r.field as Field] as const] : [])),
);

/** The help group of each field (the title names order and paging after the exclusions). */
export const FIELD_GROUPS: ReadonlyMap<string, CommandRow["group"]> = new Map(
  rows.flatMap((r) => ("field" in r && r.field ? [[r.field.key, r.group] as const] : [])),
);
