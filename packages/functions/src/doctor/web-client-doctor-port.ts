import type { SlackAnswer, SlackDoctorPort } from "@nwh/core/doctor";
import { TIMING } from "@nwh/core/time";
import { type Logger as SlackLogger, WebClient } from "@slack/web-api";

/** Slack's answer as the checks see it: an error code only (WebClient errors can quote request details). */
function failureOf(error: unknown): { ok: false; error: string; network?: boolean } {
  const e = error as {
    code?: string;
    data?: { error?: unknown };
    original?: { code?: unknown };
    statusCode?: unknown;
  };
  if (e.code === "slack_webapi_platform_error" && typeof e.data?.error === "string")
    return { ok: false, error: e.data.error };
  if (e.code === "slack_webapi_http_error") return { ok: false, error: `HTTP ${String(e.statusCode)}` };
  if (e.code === "slack_webapi_rate_limited_error") return { ok: false, error: "ratelimited" };
  const original = typeof e.original?.code === "string" ? e.original.code : undefined;
  return {
    ok: false,
    error: original ?? (error instanceof Error ? error.name : "request_failed"),
    network: true,
  };
}

async function answer<T>(
  call: () => Promise<T & { response_metadata?: { scopes?: string[] } }>,
): Promise<SlackAnswer<T>> {
  try {
    const result = await call();
    const scopes = result.response_metadata?.scopes;
    return { ok: true, value: result, ...(scopes ? { scopes } : {}) };
  } catch (error) {
    return failureOf(error);
  }
}

/** Options of the Slack port. */
export interface WebClientDoctorPortOptions {
  botToken: string;
  slackApiUrl: string;
  /** `SLACK_APP_TOKEN`: adds the Socket Mode check. */
  appToken?: string;
  logger?: SlackLogger;
}

/** The setup check's read-only Web API calls, on WebClients without retries and with short timeouts. */
export function webClientDoctorPort(options: WebClientDoctorPortOptions): SlackDoctorPort {
  const clientOptions = {
    slackApiUrl: options.slackApiUrl,
    timeout: TIMING.backgroundCallTimeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const web = new WebClient(options.botToken, clientOptions);
  const port: SlackDoctorPort = {
    async authTest() {
      const a = await answer(() => web.auth.test());
      return a.ok
        ? {
            ...a,
            value: {
              userId: a.value.user_id ?? "?",
              team: a.value.team ?? a.value.team_id ?? "the workspace",
            },
          }
        : a;
    },
    async channelInfo(id) {
      const a = await answer(() => web.conversations.info({ channel: id }));
      if (!a.ok) return a;
      const c = a.value.channel ?? {};
      return {
        ok: true,
        value: {
          name: c.name ?? id,
          isMember: c.is_member === true,
          isPrivate: c.is_private === true,
          isArchived: c.is_archived === true,
        },
      };
    },
    async channelHistory(id) {
      const a = await answer(() => web.conversations.history({ channel: id, limit: 1 }));
      return a.ok ? { ok: true, value: undefined } : a;
    },
    async userGroups() {
      const a = await answer(() => web.usergroups.list({}));
      if (!a.ok) return a;
      return {
        ok: true,
        value: (a.value.usergroups ?? []).map((g) => ({ id: g.id ?? "", handle: g.handle ?? "" })),
      };
    },
  };
  if (options.appToken) {
    const app = new WebClient(options.appToken, clientOptions);
    port.appConnection = async () => {
      const a = await answer(() => app.apps.connections.open({}));
      return a.ok ? { ok: true, value: undefined } : a;
    };
  }
  return port;
}
