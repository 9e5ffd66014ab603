import type { Clock } from "../clock";
import type { NexudusAuthOptions } from "./client-types";
import { NexudusAbortedError, NexudusAuthError, NexudusTimeoutError } from "./errors";
import type { Redactor } from "./redactor";
import { parseAnswer } from "./schema-issues";
import { TokenAnswerSchema } from "./schemas";
import { type CallContext, within } from "./timing";
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

interface Token {
  access: string;
  refresh?: string;
  /** Epoch ms after which the token is not used any more. */
  renewAt: number;
}

interface BearerDeps {
  auth: NexudusAuthOptions;
  transport: Transport;
  clock: Clock;
  redactor: Redactor;
}

/**
 * Bearer tokens from `POST /token`, cached until shortly before they expire. Concurrent callers share one
 * token request; after a 401 the token is refreshed (or, failing that, a new one requested) once.
 */
export function createBearerAuthorizer(deps: BearerDeps): Authorizer {
  const { auth, transport, clock, redactor } = deps;
  let token: Token | undefined;
  let pending: Promise<Token> | undefined;

  async function requestToken(form: Record<string, string>): Promise<Token> {
    // Shared by every waiting caller, so it is bound by no single caller's deadline or signal.
    const answer = await transport.send(
      { method: "POST", path: TOKEN_PATH, form, accept: [400] },
      { startedAt: clock.now() },
    );
    if (answer.status === 400) {
      const body = answer.body as { error?: unknown } | undefined;
      const code =
        body && typeof body === "object" && typeof body.error === "string" ? body.error : "bad request";
      throw new NexudusAuthError(400, redactor.redact(code));
    }
    const parsed = parseAnswer(TokenAnswerSchema, answer.body, TOKEN_PATH);
    redactor.add(parsed.access_token);
    redactor.add(parsed.refresh_token);
    const lifeMs = Math.max(0, parsed.expires_in * 1000);
    return {
      access: parsed.access_token,
      refresh: parsed.refresh_token,
      renewAt: clock.now() + lifeMs - Math.min(MAX_SAFETY_MARGIN_MS, lifeMs / 10),
    };
  }

  const login = () =>
    requestToken({ grant_type: "password", username: auth.username, password: auth.password });

  async function refreshOrLogin(refresh: string | undefined): Promise<Token> {
    if (!refresh) return login();
    try {
      return await requestToken({
        grant_type: "refresh_token",
        refresh_token: refresh,
        client_id: auth.username,
      });
    } catch (error) {
      if (error instanceof NexudusAuthError) return login();
      throw error;
    }
  }

  function share(obtain: () => Promise<Token>, ctx: CallContext): Promise<Token> {
    if (!pending) {
      const started = obtain();
      pending = started;
      started
        .then(
          (fresh) => {
            token = fresh;
          },
          () => {},
        )
        .finally(() => {
          if (pending === started) pending = undefined;
        });
    }
    return within(pending, ctx, clock, {
      timeout: () =>
        new NexudusTimeoutError(TOKEN_PATH, Math.max(0, (ctx.deadline ?? ctx.startedAt) - ctx.startedAt)),
      aborted: () => new NexudusAbortedError(TOKEN_PATH),
    });
  }

  return {
    async header(ctx) {
      const current = token;
      if (current && clock.now() < current.renewAt) return `Bearer ${current.access}`;
      const fresh = await share(login, ctx);
      return `Bearer ${fresh.access}`;
    },
    async renew(rejected, ctx) {
      const current = token;
      // Another caller already replaced the rejected token.
      if (current && `Bearer ${current.access}` !== rejected && clock.now() < current.renewAt) return true;
      if (current && `Bearer ${current.access}` === rejected) token = undefined;
      await share(() => refreshOrLogin(current?.refresh), ctx);
      return true;
    },
  };
}
