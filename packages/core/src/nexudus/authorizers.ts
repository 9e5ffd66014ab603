import type { Clock } from "../clock";
import type { NexudusAuthOptions, StoredToken, TokenCache } from "./client-types";
import {
  NexudusAbortedError,
  NexudusAuthError,
  type NexudusAuthReason,
  NexudusTimeoutError,
  NexudusTwoFactorError,
} from "./errors";
import type { Redactor } from "./redactor";
import { parseAnswer } from "./schema-issues";
import { TokenAnswerSchema } from "./schemas";
import { singleFlight } from "./single-flight";
import { type CallContext, within } from "./timing";
import { totpFromBase32 } from "./totp";
import type { Authorizer, Transport } from "./transport";

const TOKEN_PATH = "/token";
// Renew a little before Nexudus would refuse the token: a tenth of its life, at most a minute.
const MAX_SAFETY_MARGIN_MS = 60_000;

/** `Authorization: Basic base64(user:password)`; a 401 is final (renewing cannot help). */
export function createBasicAuthorizer(auth: NexudusAuthOptions): Authorizer {
  const header = `Basic ${basicCredentials(auth)}`;
  return {
    header: async () => header,
    renew: async () => false,
  };
}

/** The base64 of `user:password`, as the Basic scheme sends it (also known to the redactor). */
export function basicCredentials(auth: NexudusAuthOptions): string {
  return Buffer.from(`${auth.username}:${auth.password}`, "utf8").toString("base64");
}

/** A token store in memory: the default, one per client (so one per Lambda environment). */
export function memoryTokenCache(): TokenCache {
  let stored: StoredToken | undefined;
  return {
    get: async () => stored,
    put: async (token) => {
      stored = token;
    },
  };
}

interface BearerDeps {
  auth: NexudusAuthOptions;
  transport: Transport;
  clock: Clock;
  redactor: Redactor;
  cache?: TokenCache;
}

/** `/sys/webhooks/12` → `/sys/webhooks`: roles are per collection. */
function collectionOf(path: string): string {
  return path.split("/").slice(0, 3).join("/");
}

function grantReason(code: string): NexudusAuthReason {
  if (code === "invalid_grant") return "bad_credentials";
  if (code === "must_reset_password") return "password_reset";
  return "rejected";
}

/**
 * Bearer tokens from `POST /token`, kept in a `TokenCache` until shortly before they expire. Concurrent
 * callers share one token request. An expired token is refreshed (`grant_type=refresh_token`, with the
 * `client_id` header Nexudus requires), falling back to a password login only when the refresh is refused.
 *
 * A 401 costs at most one renewal, and none when it cannot help: a token Nexudus refuses at its first use
 * was not expired, it lacks "API access" or a role; and a collection (`/sys/businesses`) that refused a
 * renewed token too is remembered as missing its role until a request to it succeeds.
 */
export function createBearerAuthorizer(deps: BearerDeps): Authorizer {
  const { auth, transport, clock, redactor } = deps;
  const cache = deps.cache ?? memoryTokenCache();
  // The token this client last used; the cache is read only when it is missing or due for renewal.
  let local: StoredToken | undefined;
  // A token obtained here that no request has used successfully yet.
  let unproven: string | undefined;
  const refused = new Set<string>();
  const shared = singleFlight<StoredToken>();
  // Concurrent first requests (a search and the locations, or `prepare` and a request) share one read.
  const reading = singleFlight<StoredToken | undefined>();

  async function requestToken(form: Record<string, string>, headers?: Record<string, string>) {
    // Shared by every waiting caller, so it is bound by no single caller's deadline or signal.
    const answer = await transport.send(
      { method: "POST", path: TOKEN_PATH, form, accept: [400, 401], ...(headers ? { headers } : {}) },
      { startedAt: clock.now() },
    );
    if (answer.status === 400 || answer.status === 401) {
      const body = answer.body as { error?: unknown } | undefined;
      const code =
        body && typeof body === "object" && typeof body.error === "string" ? body.error : "bad request";
      if (code === "two_factor_auth_check") throw new NexudusTwoFactorError(form.totp !== undefined);
      // An older Nexudus page answers bad credentials with a bare 401.
      const reason = answer.status === 401 && code === "bad request" ? "bad_credentials" : grantReason(code);
      throw new NexudusAuthError(answer.status, redactor.redact(code), reason, TOKEN_PATH);
    }
    const parsed = parseAnswer(TokenAnswerSchema, answer.body, TOKEN_PATH);
    redactor.add(parsed.access_token);
    redactor.add(parsed.refresh_token);
    const lifeMs = Math.max(0, parsed.expires_in * 1000);
    const token: StoredToken = {
      access: parsed.access_token,
      renewAt: clock.now() + lifeMs - Math.min(MAX_SAFETY_MARGIN_MS, lifeMs / 10),
      ...(parsed.refresh_token ? { refresh: parsed.refresh_token } : {}),
    };
    return token;
  }

  const login = () => {
    const form: Record<string, string> = {
      grant_type: "password",
      username: auth.username,
      password: auth.password,
    };
    if (auth.totpSecret) form.totp = totpFromBase32(auth.totpSecret, clock.now());
    return requestToken(form);
  };

  async function refreshOrLogin(refresh: string | undefined): Promise<StoredToken> {
    if (!refresh) return login();
    try {
      // The body's client_id is what OWIN reads elsewhere; Nexudus requires the header.
      return await requestToken(
        { grant_type: "refresh_token", refresh_token: refresh, client_id: auth.username },
        { client_id: auth.username },
      );
    } catch (error) {
      // Rotated away (another process refreshed) or expired: a password login is the way back.
      if (error instanceof NexudusAuthError) return login();
      throw error;
    }
  }

  function obtain(refresh: string | undefined, ctx: CallContext, replaces?: string): Promise<StoredToken> {
    const run = () => refreshOrLogin(refresh);
    const token = shared(() =>
      (cache.singleFlight ? cache.singleFlight(run, replaces) : run()).then(async (fresh) => {
        // Another environment's token (from the shared cache) is as secret as one obtained here.
        learn(fresh);
        local = fresh;
        unproven = fresh.access;
        // A cache with its own single flight has stored the token already (without making us wait).
        if (!cache.singleFlight) await cache.put(fresh);
        return fresh;
      }),
    );
    return within(token, ctx, clock, {
      timeout: () =>
        new NexudusTimeoutError(TOKEN_PATH, Math.max(0, (ctx.deadline ?? ctx.startedAt) - ctx.startedAt)),
      aborted: () => new NexudusAbortedError(TOKEN_PATH),
    });
  }

  const bearer = (token: StoredToken) => `Bearer ${token.access}`;
  /** Tells the redactor a token's values: no error or log line may show them, wherever they came from. */
  function learn(token: StoredToken): void {
    redactor.add(token.access);
    redactor.add(token.refresh);
  }
  // Not a type guard on purpose: an expired token still carries its refresh token.
  const usable = (token: StoredToken | undefined): boolean =>
    token !== undefined && clock.now() < token.renewAt;

  async function header(ctx: CallContext): Promise<string> {
    if (local && usable(local)) return bearer(local);
    const stored = await reading(() => cache.get());
    if (stored && usable(stored)) {
      learn(stored);
      local = stored;
      return bearer(stored);
    }
    // Another caller got a token while this one read the cache (a slow answer from the table): asking
    // again would wait on that caller's renewal lease, or get a second token and rotate the first away.
    if (local && usable(local)) return bearer(local);
    // Expired: its refresh token gets a new one in one request, no password needed.
    return bearer(await obtain(stored?.refresh ?? local?.refresh, ctx, (stored ?? local)?.access));
  }

  return {
    header,

    async prepare() {
      if (local && usable(local)) return;
      try {
        await header({ startedAt: clock.now() });
      } catch {
        // The request that needs the token meets the same failure and reports it.
      }
    },

    accepted(used, path) {
      if (unproven !== undefined && used === `Bearer ${unproven}`) unproven = undefined;
      refused.delete(collectionOf(path));
    },

    async renew(rejected, ctx, path) {
      if (refused.has(collectionOf(path))) return false;
      // A token refused at its first use was not expired: renewing cannot help.
      if (unproven !== undefined && rejected === `Bearer ${unproven}`) return false;
      const current = local;
      // Another caller already replaced the rejected token.
      if (current && usable(current) && bearer(current) !== rejected) return true;
      await obtain(current?.refresh, ctx, rejected.replace(/^Bearer /, ""));
      return true;
    },

    refusal(path) {
      refused.add(collectionOf(path));
      return "not_authorized";
    },
  };
}
