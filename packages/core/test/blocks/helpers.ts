import { ACTION_IDS, rowChoiceOf, type SlackMessage, type Viewer } from "@nwh/core/blocks";
import type { WebhookRecord } from "@nwh/core/nexudus";
import fc from "fast-check";
import { expect } from "vitest";
import type {
  DetailsModel,
  LocationNames,
  OverviewModel,
  SearchResultModel,
  ToggleResultModel,
} from "../../src/blocks/models";
import webhooks from "./fixtures/webhooks.json";

/** Realistic records (the last one is hostile: a broadcast in its name, secrets in URL and error). */
export const RECORDS: readonly WebhookRecord[] = webhooks;
export const [ZAPIER, MAKE_DISABLED, HEALTHY, NEVER_DELIVERED, HOSTILE] = RECORDS as [
  WebhookRecord,
  WebhookRecord,
  WebhookRecord,
  WebhookRecord,
  WebhookRecord,
];

export const LOCATIONS: LocationNames = new Map([
  [1001, "Downtown Hub"],
  [1002, "Riverside <!here>"],
  [1003, "Airport"],
]);

/** 2025-03-10 08:00 UTC: the fixtures' dates are relative to it. */
export const NOW = Date.parse("2025-03-10T08:00:00Z");

/** Values from the hostile fixture that must never appear in any rendered message. */
export const SECRETS = ["S3cr3t", "tok_live_4f8a9b", "eyJhbGciOiJIUzI1NiJ9"];

/** A record with sensible defaults. */
export function record(overrides: Partial<WebhookRecord> = {}): WebhookRecord {
  return { ...ZAPIER, ...overrides };
}

export const MEMBER: Viewer = { userId: "U0MEMBER", isAdmin: false };
export const ADMIN: Viewer = { userId: "U0ADMIN", isAdmin: true };

/** What every render model carries: the fixtures' location names and their clock. */
const SCENE = { locations: LOCATIONS, now: NOW };

/**
 * The overview of 42 webhooks (7 failing, 3 disabled by Nexudus, 2 paused, 4 stale) whose worst are the
 * first three fixtures.
 */
export function overviewModel(overrides: Partial<OverviewModel> = {}): OverviewModel {
  return {
    kind: "overview",
    totals: { all: 42, failing: 7, disabled: 3, paused: 2, stale: 4 },
    worst: RECORDS.slice(0, 3),
    ...SCENE,
    ...overrides,
  };
}

/** The details of the Zapier fixture. */
export function detailsModel(overrides: Partial<DetailsModel> = {}): DetailsModel {
  return { kind: "details", record: ZAPIER, ...SCENE, ...overrides };
}

/** Page 1 of 3 (12 found, 5 a page) of the `failing` search, listing every fixture. */
export function resultsModel(overrides: Partial<SearchResultModel> = {}): SearchResultModel {
  return {
    kind: "results",
    query: "failing",
    title: "failing webhooks",
    records: RECORDS,
    page: 1,
    size: 5,
    totalItems: 12,
    totalPages: 3,
    ...SCENE,
    ...overrides,
  };
}

/** The Zapier fixture, just paused by U024BE7LH. */
export function toggledModel(overrides: Partial<ToggleResultModel> = {}): ToggleResultModel {
  return {
    kind: "toggled",
    record: { ...ZAPIER, Active: false },
    active: false,
    actorUserId: "U024BE7LH",
    ...SCENE,
    ...overrides,
  };
}

type Button = {
  type: "button";
  action_id: string;
  value?: string;
  text: { text: string };
  confirm?: unknown;
};

/** Every button of a message, in order (section accessories and actions elements). */
export function buttons(message: { blocks: unknown[] }): Button[] {
  const out: Button[] = [];
  for (const b of message.blocks as Array<{ accessory?: Button; elements?: Button[] }>) {
    if (b.accessory?.type === "button") out.push(b.accessory);
    for (const e of b.elements ?? []) if (e.type === "button") out.push(e);
  }
  return out;
}

type RowMenu = {
  type: "overflow";
  action_id: string;
  options: Array<{ text: { type: string; text: string }; value: string }>;
};

/** Every row menu (an overflow accessory) of a message, in order. */
export function rowMenus(message: { blocks: unknown[] }): RowMenu[] {
  return (message.blocks as Array<{ accessory?: RowMenu }>)
    .map((b) => b.accessory)
    .filter((a): a is RowMenu => a?.type === "overflow");
}

const CHOICE_ACTION = { details: ACTION_IDS.details, pause: ACTION_IDS.pause, resume: ACTION_IDS.resume };

/**
 * The action_ids of a message's buttons, in order; a row menu counts as the actions its options lead to
 * (Details, Pause…, Resume…), so "every row offers Details" holds whichever layout a page uses.
 */
export function actionIds(message: { blocks: unknown[] }): string[] {
  const out: string[] = [];
  for (const b of message.blocks as Array<{ accessory?: Button | RowMenu; elements?: Button[] }>) {
    if (b.accessory?.type === "button") out.push(b.accessory.action_id);
    if (b.accessory?.type === "overflow") {
      for (const o of b.accessory.options) {
        const choice = rowChoiceOf(o.value);
        out.push(choice ? CHOICE_ACTION[choice] : b.accessory.action_id);
      }
    }
    for (const e of b.elements ?? []) if (e.type === "button") out.push(e.action_id);
  }
  return out;
}

/** All the text a user could see (fallback included), as one string. */
export function serialized(message: SlackMessage | { blocks: unknown[] }): string {
  return JSON.stringify(message);
}

/**
 * Asserts that a message has no Slack control sequence except the ones the bot writes on purpose (date
 * tokens and well-formed user mentions), and none of the fixture secrets. Button values are data, never
 * shown; they carry the user's own query verbatim, so `visibleOnly` leaves them out of the check.
 */
export function expectSafe(
  message: SlackMessage | { blocks: unknown[] },
  options: { visibleOnly?: boolean } = {},
): void {
  const json = options.visibleOnly
    ? JSON.stringify(message, (key, value) => (key === "value" ? "" : value))
    : serialized(message);
  for (const secret of SECRETS) expect(json).not.toContain(secret);
  const withoutTokens = json
    .replace(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>|]*>/g, "")
    .replace(/<@[UW][A-Z0-9]+>/g, "");
  expect(withoutTokens).not.toMatch(/[<>]/);
  expect(json).not.toContain("<!channel");
  expect(json).not.toContain("<!here");
  expect(json).not.toContain("<https://evil");
}

const FRAGMENTS = [
  "<!channel>",
  "<!here|here>",
  "<https://evil.example|click>",
  "&",
  "&amp;",
  "*",
  "_",
  "`",
  "```",
  "~",
  "\n",
  "\t",
  "😀",
  "é",
  "\u200d",
  "https://u:S3cr3t@x.example/p?token=tok_live_4f8a9b&x=1",
  " Bearer eyJhbGciOiJIUzI1NiJ9 ",
  "password=S3cr3t",
];

/** Untrusted text: short or huge (up to `max` chars), unicode, with Slack control sequences and secrets. */
export function hostileText(max: number): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 10 }),
    fc.constantFrom(...FRAGMENTS),
  );
  const short = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(""));
  const huge = fc
    .tuple(short, fc.integer({ min: 1, max: 5000 }))
    .map(([s, n]) => (s || "x").repeat(Math.ceil(n / Math.max(1, s.length / 20))).slice(0, max));
  return fc.oneof({ arbitrary: short, weight: 2 }, { arbitrary: huge, weight: 1 });
}

const isoDate = fc
  .integer({ min: Date.parse("2015-01-01T00:00:00Z"), max: Date.parse("2026-01-01T00:00:00Z") })
  .map((ms) => new Date(ms).toISOString());

/** Arbitrary webhook records: huge and hostile names (10,000 chars), errors (100,000), URLs and dates. */
export const arbRecord: fc.Arbitrary<WebhookRecord> = fc.record({
  Id: fc.integer({ min: 1, max: 2_147_483_647 }),
  BusinessId: fc.integer({ min: 1000, max: 1005 }),
  Name: hostileText(10_000),
  Action: fc.integer({ min: 0, max: 120 }),
  URL: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), hostileText(3000)),
  Active: fc.boolean(),
  ErrorCount: fc.integer({ min: -1, max: 40 }),
  LastError: fc.option(hostileText(100_000)),
  LastTrigger: fc.option(fc.oneof(isoDate, fc.string({ maxLength: 20 }))),
  CreatedOn: fc.option(isoDate),
  UpdatedOn: fc.option(isoDate),
  UpdatedBy: fc.option(hostileText(500)),
  UniqueId: fc.option(fc.uuid()),
  Description: fc.option(hostileText(20_000)),
});

/** Location names as hostile as webhook names. */
export const arbLocations: fc.Arbitrary<LocationNames> = fc
  .array(hostileText(2000), { minLength: 0, maxLength: 4 })
  .map((names) => new Map(names.map((n, i) => [1000 + i, n])));
