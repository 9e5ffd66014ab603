import type { z } from "zod";
import { systemClock } from "../clock";
import { basicCredentials, createBasicAuthorizer, createBearerAuthorizer } from "./authorizers";
import type {
  CallOptions,
  NexudusClient,
  NexudusClientOptions,
  SearchAllOptions,
  SearchParams,
} from "./client-types";
import {
  NexudusAbortedError,
  NexudusTimeoutError,
  NexudusTooManyRecordsError,
  NexudusWriteError,
} from "./errors";
import { createRateLimiter, DEFAULT_LIMITS } from "./rate-limiter";
import { createRedactor } from "./redactor";
import { parseAnswer } from "./schema-issues";
import {
  BusinessSchema,
  BusinessSearchEnvelopeSchema,
  WebhookRecordSchema,
  WebhookSearchEnvelopeSchema,
  WriteEnvelopeSchema,
} from "./schemas";
import { type CallContext, timerSleep } from "./timing";
import { createTransport } from "./transport";

const WEBHOOKS = "/sys/webhooks";
const BUSINESSES = "/sys/businesses";
const DEFAULT_PAGE_SIZE = 1000;
/** What a page walk needs from a search envelope. */
interface Page<T> {
  Records: T[];
  TotalItems: number;
  HasNextPage: boolean;
}

// A guard against a server that never stops announcing a next page.
const MAX_PAGES = 10_000;

/** Creates the Nexudus client: the only code that talks to Nexudus. Pure apart from the injected `fetch`. */
export function createNexudusClient(options: NexudusClientOptions): NexudusClient {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? timerSleep;
  const basic = basicCredentials(options.auth);
  const redactor = createRedactor([options.auth.password, basic]);
  const limits = options.limiter === undefined ? DEFAULT_LIMITS : options.limiter;
  const transport = createTransport({
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    clock,
    sleep,
    random: options.random ?? Math.random,
    requestTimeoutMs: options.requestTimeoutMs ?? 5000,
    maxAttempts: Math.max(1, options.maxAttempts ?? 4),
    maxRetryAfterMs: options.maxRetryAfterMs ?? 10_000,
    backoffBaseMs: options.backoffBaseMs ?? 200,
    backoffMaxMs: options.backoffMaxMs ?? 4000,
    limiter: limits === false ? undefined : createRateLimiter(limits, clock, sleep),
    logger: options.logger,
    redactor,
  });
  const auth =
    options.auth.scheme === "basic"
      ? createBasicAuthorizer(options.auth)
      : createBearerAuthorizer({ auth: options.auth, transport, clock, redactor });

  const context = (call?: CallOptions): CallContext => ({
    deadline: call?.deadline,
    signal: call?.signal,
    startedAt: clock.now(),
  });

  async function get(path: string, ctx: CallContext, query?: SearchParams): Promise<unknown> {
    return (await transport.send({ method: "GET", path, query }, ctx, auth)).body;
  }

  /** Walks every page of a search, in order, without duplicates (records can shift between pages). */
  async function walk<T extends { Id: number }>(
    path: string,
    schema: z.ZodType<Page<T>>,
    params: SearchParams,
    ctx: CallContext,
    pageSize: number,
    maxRecords?: number,
  ): Promise<T[]> {
    const seen = new Set<number>();
    const out: T[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const query = { ...params, page: String(page), size: String(pageSize) };
      const envelope = parseAnswer(schema, await get(path, ctx, query), path);
      if (maxRecords !== undefined && envelope.TotalItems > maxRecords)
        throw new NexudusTooManyRecordsError(maxRecords, envelope.TotalItems);
      for (const record of envelope.Records) {
        if (seen.has(record.Id)) continue;
        seen.add(record.Id);
        out.push(record);
      }
      if (maxRecords !== undefined && out.length > maxRecords)
        throw new NexudusTooManyRecordsError(maxRecords, Math.max(out.length, envelope.TotalItems));
      if (envelope.Records.length === 0 || !envelope.HasNextPage) break;
    }
    return out;
  }

  function checkId(id: number): void {
    if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError(`Not a Nexudus record id: ${id}`);
  }

  async function readWebhook(id: number, ctx: CallContext): Promise<Record<string, unknown>> {
    checkId(id);
    const path = `${WEBHOOKS}/${id}`;
    const body = await get(path, ctx);
    parseAnswer(WebhookRecordSchema, body, path);
    return body as Record<string, unknown>;
  }

  const client: NexudusClient = {
    async searchWebhooks(params, call) {
      return parseAnswer(WebhookSearchEnvelopeSchema, await get(WEBHOOKS, context(call), params), WEBHOOKS);
    },

    async searchAllWebhooks(params, call?: SearchAllOptions) {
      return walk(
        WEBHOOKS,
        WebhookSearchEnvelopeSchema,
        params,
        context(call),
        call?.pageSize ?? DEFAULT_PAGE_SIZE,
        call?.maxRecords,
      );
    },

    async getWebhook(id, call) {
      return parseAnswer(WebhookRecordSchema, await readWebhook(id, context(call)), `${WEBHOOKS}/${id}`);
    },

    async setWebhookActive(id, active, call) {
      const ctx = context(call);
      // The full record, unknown fields included: a PUT replaces every field it carries.
      const record = await readWebhook(id, ctx);
      const answer = await transport.send(
        { method: "PUT", path: WEBHOOKS, json: { ...record, Active: active }, accept: [400] },
        ctx,
        auth,
      );
      const write = parseAnswer(WriteEnvelopeSchema, answer.body, WEBHOOKS);
      if (answer.status === 400 || !write.WasSuccessful) {
        const messages = (write.Errors ?? [])
          .map((e) => fieldMessage(e.PropertyName, e.Message))
          .filter((m) => m.length > 0);
        if (messages.length === 0 && write.Message) messages.push(write.Message);
        throw new NexudusWriteError(
          WEBHOOKS,
          messages.map((m) => redactor.redact(m)),
        );
      }
      const path = `${WEBHOOKS}/${id}`;
      return parseAnswer(WebhookRecordSchema, await readWebhook(id, ctx), path);
    },

    async searchBusinesses(params, call) {
      return parseAnswer(
        BusinessSearchEnvelopeSchema,
        await get(BUSINESSES, context(call), params),
        BUSINESSES,
      );
    },

    async listAllBusinesses(call) {
      return walk(BUSINESSES, BusinessSearchEnvelopeSchema, {}, context(call), DEFAULT_PAGE_SIZE);
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

/** `Name: is a required field`, without doubling a property name the message already starts with. */
function fieldMessage(property: string | null | undefined, message: string | null | undefined): string {
  const text = message?.trim() ?? "";
  if (!property || text.startsWith(property)) return text || (property ?? "");
  return text ? `${property}: ${text}` : property;
}
