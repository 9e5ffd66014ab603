import type * as z from "zod/mini";
import { systemClock } from "../clock";
import { basicCredentials, createBasicAuthorizer, createBearerAuthorizer } from "./authorizers";
import type {
  BusinessSearchEnvelope,
  CallOptions,
  NexudusClient,
  NexudusClientOptions,
  SearchAllOptions,
  SearchParams,
  WalkResult,
} from "./client-types";
import { normalizeDates } from "./dates";
import {
  NexudusAbortedError,
  NexudusTimeoutError,
  NexudusTooManyRecordsError,
  NexudusWriteNotAppliedError,
  NexudusWriteUnconfirmedError,
} from "./errors";
import { createZoneDirectory, type ZoneOf } from "./location-zones";
import { createRateLimiter, DEFAULT_LIMITS } from "./rate-limiter";
import { createRedactor } from "./redactor";
import { parseAnswer } from "./schema-issues";
import {
  type Business,
  BusinessSchema,
  SimpleTimeZoneSchema,
  type WebhookListRecord,
  WebhookListRecordSchema,
  type WebhookRecord,
  WebhookRecordSchema,
} from "./schemas";
import { pageRequestOf, parseSearchPage, type SearchPage } from "./search-page";
import { singleFlight } from "./single-flight";
import { type CallContext, timerSleep } from "./timing";
import { createTransport } from "./transport";
import { readWriteAnswer, writableFields } from "./write-answer";

const WEBHOOKS = "/sys/webhooks";
const BUSINESSES = "/sys/businesses";
const TIME_ZONES = "/sys/simpletimezones";
const DEFAULT_PAGE_SIZE = 1000;
// A guard against a server that never stops announcing a next page.
const MAX_PAGES = 10_000;

/** Creates the Nexudus client: the only code that talks to Nexudus. Pure apart from the injected `fetch`. */
export function createNexudusClient(options: NexudusClientOptions): NexudusClient {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? timerSleep;
  const basic = basicCredentials(options.auth);
  const redactor = createRedactor([options.auth.password, basic, options.auth.totpSecret]);
  const limits = options.limiter === undefined ? DEFAULT_LIMITS : options.limiter;
  const logger = options.logger;
  const transport = createTransport({
    baseUrl: options.baseUrl,
    // Redirects are not followed, as by nodeHttpFetch: they would carry the Authorization header elsewhere.
    fetch: options.fetch ?? ((url, init) => fetch(url, { ...init, redirect: "manual" })),
    clock,
    sleep,
    random: options.random ?? Math.random,
    requestTimeoutMs: options.requestTimeoutMs ?? 5000,
    maxAttempts: Math.max(1, options.maxAttempts ?? 4),
    maxRetryAfterMs: options.maxRetryAfterMs ?? 10_000,
    backoffBaseMs: options.backoffBaseMs ?? 200,
    backoffMaxMs: options.backoffMaxMs ?? 4000,
    limiter: limits === false ? undefined : createRateLimiter(limits, clock, sleep),
    logger,
    redactor,
  });
  const auth =
    options.auth.scheme === "basic"
      ? createBasicAuthorizer(options.auth)
      : createBearerAuthorizer({
          auth: options.auth,
          transport,
          clock,
          redactor,
          ...(options.tokenCache ? { cache: options.tokenCache } : {}),
        });

  const context = (call?: CallOptions): CallContext => ({
    deadline: call?.deadline,
    signal: call?.signal,
    startedAt: clock.now(),
  });
  const callOf = (ctx: CallContext): CallOptions => ({
    ...(ctx.deadline !== undefined ? { deadline: ctx.deadline } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });

  async function get(path: string, ctx: CallContext, query?: SearchParams, renewOn401 = true) {
    return (await transport.send({ method: "GET", path, query, renewOn401 }, ctx, auth)).body;
  }

  /** One search page, normalised; unreadable records are skipped and logged (paths of the fields, no values). */
  async function page<T>(
    path: string,
    schema: z.ZodMiniType<T>,
    params: SearchParams,
    ctx: CallContext,
    renewOn401 = true,
  ): Promise<SearchPage<T>> {
    const issues: string[] = [];
    const parsed = parseSearchPage(
      await get(path, ctx, params, renewOn401),
      schema,
      pageRequestOf(params),
      path,
      (_index, found) => issues.push(...found),
    );
    if (parsed.skipped > 0) {
      logger?.warn(
        redactor.redact(`Nexudus GET ${path}: skipped ${parsed.skipped} record(s) the bot could not read`),
        {
          method: "GET",
          path,
          attempt: 1,
          skipped: parsed.skipped,
          issues: issues.slice(0, 10).map((issue) => redactor.redact(issue)),
        },
      );
    }
    return parsed;
  }

  /**
   * Every page of a search, in order, without duplicates (records can shift between pages). Page 1 says how
   * many pages there are (`TotalPages`, or `TotalItems` and the page size): the rest are then asked for
   * together and the limiter spaces them; when only `HasNextPage` is known, one after another.
   */
  async function walk<T extends { Id: number }>(
    path: string,
    schema: z.ZodMiniType<T>,
    params: SearchParams,
    ctx: CallContext,
    pageSize: number,
    maxRecords?: number,
  ): Promise<WalkResult<T>> {
    const query = (n: number) => ({ ...params, page: String(n), size: String(pageSize) });
    const seen = new Set<number>();
    const records: T[] = [];
    let skipped = 0;
    const take = (envelope: SearchPage<T>) => {
      skipped += envelope.skipped;
      for (const record of envelope.Records) {
        if (seen.has(record.Id)) continue;
        seen.add(record.Id);
        records.push(record);
      }
      if (maxRecords !== undefined && records.length > maxRecords)
        throw new NexudusTooManyRecordsError(maxRecords, Math.max(records.length, envelope.TotalItems ?? 0));
    };

    const first = await page(path, schema, query(1), ctx);
    if (maxRecords !== undefined && first.TotalItems !== undefined && first.TotalItems > maxRecords)
      throw new NexudusTooManyRecordsError(maxRecords, first.TotalItems);
    take(first);
    let last = first;
    let next = 2;
    const pages = Math.min(first.TotalPages ?? 0, MAX_PAGES);
    if (first.HasNextPage && first.Records.length + first.skipped > 0 && pages >= 2) {
      // The pages after the first, asked for together; the first failure stops the others.
      const controller = new AbortController();
      const stop = () => controller.abort();
      ctx.signal?.addEventListener("abort", stop, { once: true });
      const shared: CallContext = { ...ctx, signal: controller.signal };
      try {
        const rest = Array.from({ length: pages - 1 }, (_, i) => page(path, schema, query(i + 2), shared));
        for (const p of rest) p.catch(stop);
        const settled = await Promise.allSettled(rest);
        const failed = settled.find((s) => s.status === "rejected");
        if (failed) {
          if (ctx.signal?.aborted) throw new NexudusAbortedError(path);
          // The first real failure, not the aborts it caused.
          const real = settled.find(
            (s) => s.status === "rejected" && !(s.reason instanceof NexudusAbortedError),
          ) as PromiseRejectedResult | undefined;
          throw (real ?? failed).reason;
        }
        for (const s of settled) if (s.status === "fulfilled") take(s.value);
        const tail = settled.at(-1);
        if (tail?.status === "fulfilled") last = tail.value;
        next = pages + 1;
      } finally {
        ctx.signal?.removeEventListener("abort", stop);
      }
    }
    // Sequential from here: only HasNextPage is known, or the account grew while the pages were read.
    while (last.HasNextPage && last.Records.length + last.skipped > 0 && next <= MAX_PAGES) {
      last = await page(path, schema, query(next), ctx);
      take(last);
      next += 1;
    }
    return { records, skipped };
  }

  // Concurrent callers (a location lookup and the zones of `NEXUDUS_DATES=local`) share one walk.
  const businessesWalk = singleFlight<Business[]>();
  function allBusinesses(ctx: CallContext): Promise<Business[]> {
    return businessesWalk(() =>
      walk(BUSINESSES, BusinessSchema, {}, ctx, DEFAULT_PAGE_SIZE).then((r) => r.records),
    );
  }

  const dates = options.dates ?? { reading: "utc" };
  const zones =
    dates.reading === "local"
      ? createZoneDirectory({
          clock,
          fallback: dates.timeZone ?? "UTC",
          ...(logger ? { logger } : {}),
          sources: {
            businesses: (call) => allBusinesses(context(call)),
            // Best effort: a 401 (no SimpleTimeZone-List role) must not cost a token renewal.
            timeZones: async (call) =>
              (
                await page(
                  TIME_ZONES,
                  SimpleTimeZoneSchema,
                  { size: String(DEFAULT_PAGE_SIZE) },
                  context(call),
                  false,
                )
              ).Records,
          },
        })
      : undefined;

  /** The zone in which each location's dates are read (`undefined`: UTC reading). */
  async function zoneReader(ctx: CallContext): Promise<ZoneOf | undefined> {
    return zones ? zones(callOf(ctx)) : undefined;
  }

  function withDates<T extends WebhookListRecord>(record: T, zoneOf: ZoneOf | undefined): T {
    return normalizeDates(record, zoneOf?.(record.BusinessId));
  }

  /** Runs a read and the zone lookup together, then reads the dates of every record. */
  async function readWithDates<R>(
    ctx: CallContext,
    read: Promise<R>,
    convert: (value: R, zoneOf: ZoneOf | undefined) => R,
  ): Promise<R> {
    const [value, zoneOf] = await Promise.all([read, zoneReader(ctx)]);
    return convert(value, zoneOf);
  }

  function checkId(id: number): void {
    if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError(`Not a Nexudus record id: ${id}`);
  }

  async function readWebhook(id: number, ctx: CallContext): Promise<WebhookRecord> {
    checkId(id);
    const path = `${WEBHOOKS}/${id}`;
    return parseAnswer(WebhookRecordSchema, await get(path, ctx), path);
  }

  const client: NexudusClient = {
    async searchWebhooks(params, call) {
      const ctx = context(call);
      return readWithDates(ctx, page(WEBHOOKS, WebhookListRecordSchema, params, ctx), (p, zoneOf) => ({
        ...p,
        Records: p.Records.map((r) => withDates(r, zoneOf)),
      }));
    },

    async searchAllWebhooks(params, call?: SearchAllOptions) {
      const ctx = context(call);
      const read = walk(
        WEBHOOKS,
        WebhookListRecordSchema,
        params,
        ctx,
        call?.pageSize ?? DEFAULT_PAGE_SIZE,
        call?.maxRecords,
      );
      return readWithDates(ctx, read, (r, zoneOf) => ({
        ...r,
        records: r.records.map((w) => withDates(w, zoneOf)),
      }));
    },

    async getWebhook(id, call) {
      const ctx = context(call);
      return readWithDates(ctx, readWebhook(id, ctx), withDates);
    },

    async setWebhookActive(id, active, call) {
      const ctx = context(call);
      // The full record first: a PUT clears the writable fields it does not carry (Description).
      const record = await readWebhook(id, ctx);
      const answer = await transport.send(
        { method: "PUT", path: WEBHOOKS, json: { ...writableFields(record), Active: active }, accept: [400] },
        ctx,
        auth,
      );
      readWriteAnswer(answer, WEBHOOKS, redactor);
      // Some writes answer success and store something else: only the record read back says what happened.
      // When it cannot be read, the change may have been made: that is said, not taken as a failure.
      const after = await readWebhook(id, ctx).catch((error: unknown) => {
        throw new NexudusWriteUnconfirmedError(id, active, error);
      });
      if (after.Active !== active) throw new NexudusWriteNotAppliedError(id, active, after.Active);
      return withDates(after, await zoneReader(ctx));
    },

    async searchBusinesses(params, call): Promise<BusinessSearchEnvelope> {
      return page(BUSINESSES, BusinessSchema, params, context(call));
    },

    async listAllBusinesses(call) {
      return allBusinesses(context(call));
    },

    async prepare() {
      await auth.prepare?.();
    },

    async getBusiness(id, call) {
      checkId(id);
      const path = `${BUSINESSES}/${id}`;
      return parseAnswer(BusinessSchema, await get(path, context(call)), path);
    },
  };
  return timeoutsNamed(client, clock);
}

/**
 * A caller's deadline usually comes with a signal that aborts at the same moment (see core's `Deadline`):
 * whichever of the two the client notices first, a call stopped by its deadline is a timeout (the user
 * reads "did not answer in time"), not a cancellation.
 */
function timeoutsNamed(client: NexudusClient, clock: { now(): number }): NexudusClient {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(client) as Array<
    [string, (...args: unknown[]) => Promise<unknown>]
  >) {
    wrapped[name] = async (...args: unknown[]) => {
      const call = args.find((a): a is CallOptions => typeof a === "object" && a !== null && "deadline" in a);
      const startedAt = clock.now();
      try {
        return await method(...args);
      } catch (error) {
        const deadline = call?.deadline;
        if (error instanceof NexudusAbortedError && deadline !== undefined && clock.now() >= deadline - 1)
          throw new NexudusTimeoutError(error.path, Math.max(0, deadline - startedAt));
        throw error;
      }
    };
  }
  return wrapped as unknown as NexudusClient;
}
