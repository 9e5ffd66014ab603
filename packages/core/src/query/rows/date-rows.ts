import { dateTerms, rangeWords } from "../date-text";
import { dateInRange } from "../match-dates";
import { code } from "../mrkdwn";
import { isReversed, readDateRange } from "../parse-values";
import type { DateProperty } from "../plan-builder";
import { lowerInstant, upperInstant } from "../plan-dates";
import type { DateRange } from "../query-types";
import type { CommandRow, Field } from "../row-types";
import { readWith } from "./row-helpers";

/** A date qualifier: a range on one of Nexudus's date properties; `label` names it in the title. */
function dateField<K extends string>(key: K, property: DateProperty, label: string): Field<K, DateRange> {
  return {
    key,
    combine: "bounds",
    plan: (range, plan) => {
      if (range.from) plan.datesFrom(property, lowerInstant(range.from, plan.ctx), `${key}:`);
      if (range.to) plan.datesTo(property, upperInstant(range.to, plan.ctx), `${key}:`);
    },
    matchIn: (range, ctx) =>
      dateInRange(
        (r) => r[property],
        range.from && lowerInstant(range.from, ctx),
        range.to && upperInstant(range.to, ctx),
      ),
    format: (range) => dateTerms(key, range),
    describe: (range) => {
      const words = rangeWords(range);
      return words ? { phrase: `${label} ${words}` } : undefined;
    },
    validate: (range, sourceOf) => {
      if (!range.from || !range.to || !isReversed(range.from.spec, range.to.spec)) return undefined;
      const term = sourceOf("to") ?? `${key}:`;
      return {
        term,
        message: `${code(term)} ends before ${code(sourceOf("from") ?? term)} starts: nothing can match.`,
        suggestions: [],
        code: "reversed-range",
      };
    },
  };
}

const useComparator = "it is a range already: use a comparator instead";

/** Qualifiers by date, and how dates are written. */
export const DATE_ROWS = [
  {
    kind: "qualifier",
    name: "triggered",
    aliases: ["lasttrigger"],
    group: "date",
    usage: "triggered:within:7d",
    summary: "last successful delivery",
    examples: [
      "triggered:within:7d",
      "triggered:before:30d",
      "triggered:yesterday",
      "triggered:2025-01-01..2025-01-31",
    ],
    nexudus: "from_/to_WebHook_LastTrigger",
    field: dateField("triggered", "LastTrigger", "last triggered"),
    read: readWith(readDateRange),
    exclude: useComparator,
  },
  {
    kind: "qualifier",
    name: "created",
    aliases: ["createdon"],
    group: "date",
    usage: "created:>=2025-01-01",
    summary: "creation date",
    examples: ["created:>=2025-01-01", "created:today", "created:within:2w"],
    nexudus: "from_/to_WebHook_CreatedOn",
    field: dateField("created", "CreatedOn", "created"),
    read: readWith(readDateRange),
    exclude: useComparator,
  },
  {
    kind: "qualifier",
    name: "updated",
    aliases: ["updatedon"],
    group: "date",
    usage: "updated:within:2w",
    summary: "last change",
    examples: ["updated:within:2w", "updated:before:90d", "updated:2025-01-01T08:30..2025-01-01T12:00"],
    nexudus: "from_/to_WebHook_UpdatedOn",
    field: dateField("updated", "UpdatedOn", "updated"),
    read: readWith(readDateRange),
    exclude: useComparator,
  },
  {
    kind: "syntax",
    name: "dates",
    aliases: [],
    group: "date",
    usage: "2025-01-01, 2025-01-01T08:30, 12h, 7d, 2w, today, yesterday",
    summary:
      "dates are local times; a span counts back from now: `within:7d` is the last 7 days, `before:7d` earlier than that " +
      "(`triggered:<7d` and `triggered:>7d` still read as within and before); compare dates with > >= < <= or give a range A..B " +
      "(a date alone runs from 00:00 to 23:59)",
    examples: ["created:2025-01-01..2025-03-31", "triggered:>=today", "triggered:30d..7d"],
    nexudus: "YYYY-MM-DDTHH:mm in UTC",
  },
] as const satisfies readonly CommandRow[];
