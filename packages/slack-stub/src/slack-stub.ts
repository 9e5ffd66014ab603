import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createSocketModeServer, type SocketModeServer } from "./socket-mode-server";

/** A Web API call the stub received. */
export interface StubCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  at: number;
  /** The `ts` the stub gave a posted message. */
  ts?: string;
  /** The HTTP status the stub answered (0: none, the connection was reset after the call was carried out). */
  status: number;
}

/** A post to a `response_url` the stub handed out. */
export interface StubResponse {
  path: string;
  body: Record<string, unknown>;
  at: number;
  status: number;
}

/** A canned answer for a fault: an HTTP status, optional Retry-After seconds and body. */
export interface StubFault {
  status: number;
  retryAfter?: number;
  body?: unknown;
  /**
   * The call is carried out (a post is stored) and its answer is lost: the connection is reset without an
   * answer, as a timeout or a dropped connection looks to the client. `status` is then ignored.
   */
  answerLost?: true;
}

/** A message the stub keeps per channel (what `conversations.history` returns). */
export interface StoredMessage {
  ts: string;
  channel: string;
  text?: string;
  blocks?: unknown;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload?: Record<string, unknown> };
  user?: string;
  bot_id?: string;
}

/**
 * The workspace as the bot's token sees it; tests change it to play a misconfigured install. Channels are
 * found and joined unless listed here.
 */
export interface StubWorkspace {
  /** Scopes granted to the bot token, sent back in `x-oauth-scopes` (default: the manifest's). */
  scopes: string[];
  /** Channels that do not exist (`conversations.info`, history and posts answer `channel_not_found`). */
  missingChannels: Set<string>;
  /**
   * Channels the bot is not a member of (`conversations.info` says `is_member: false`, which needs
   * `channels:read`; history and posts answer `not_in_channel`).
   */
  notMemberOf: Set<string>;
  /** Archived channels (`conversations.info` says `is_archived: true`; posts and updates answer `is_archived`). */
  archivedChannels: Set<string>;
  /** User groups (`usergroups.list`, which needs `usergroups:read`). */
  usergroups: Array<{ id: string; handle: string; name: string }>;
}

/** The bot scopes of `slack-app-manifest.yaml`. */
export const STUB_DEFAULT_SCOPES = [
  "commands",
  "chat:write",
  "channels:history",
  "groups:history",
  "channels:read",
  "groups:read",
  "usergroups:read",
];

export interface SlackStubOptions {
  port?: number;
  host?: string;
  /** When set, Web API calls with another token answer `invalid_auth`. */
  token?: string;
  /**
   * The app-level token (`xapp-…`) `apps.connections.open` accepts. Unset: any `xapp-` token. A bot token
   * there answers `not_allowed_token_type`, as Slack does.
   */
  appToken?: string;
  /** Clock for message timestamps (epoch ms). */
  now?: () => number;
}

export interface SlackStub {
  /** Base URL, e.g. `http://127.0.0.1:PORT/`. */
  url: string;
  /** Web API base for WebClient's `slackApiUrl`: `${url}api/`. */
  apiUrl: string;
  /** A fresh `response_url` on this stub (accepts 5 posts, like Slack's). */
  newResponseUrl(): string;
  /** Makes a `response_url` answer 404 from now on, as an expired one does. */
  expireResponseUrl(url: string): void;
  calls: StubCall[];
  responses: StubResponse[];
  /** Messages per channel, oldest first. */
  channels: Map<string, StoredMessage[]>;
  /** Published App Home views per user. */
  homeViews: Map<string, unknown>;
  /** Modals opened with `views.open`, in order, with the `trigger_id` each was opened with. */
  openedViews: Array<{ triggerId: string; view: unknown }>;
  /** The workspace the bot token sees (scopes, channels, groups); change it to play a misconfiguration. */
  workspace: StubWorkspace;
  /** Slack's side of Socket Mode: the connection `apps.connections.open` hands out. */
  socketMode: Omit<SocketModeServer, "upgrade" | "newUrl" | "close">;
  faults: {
    /** The next calls of `method` ("response_url" for response URLs) get these answers, in order. */
    next(method: string, answers: StubFault[]): void;
    reset(): void;
  };
  /** Resolves with the predicate's first defined value, polling; rejects after `timeoutMs`. */
  waitFor<T>(predicate: () => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  /**
   * A person deletes a message, as in Slack's client (no Web API call is recorded): it leaves the channel
   * (its replies stay, out of the history as before), `chat.update` of it answers `message_not_found`, a
   * read of its thread `thread_not_found`, and a reply to it is posted outside any thread, as a top-level
   * message, which is what Slack does rather than refuse it (the answer's `message` has no `thread_ts`).
   * Slack's tombstone ("This message was deleted.") for a parent with replies is not kept. False: no such
   * message.
   */
  deleteMessage(channel: string, ts: string): boolean;
  /** Subscribes to every recorded call and response post; returns the unsubscribe function. */
  onMessage(listener: (event: StubCall | StubResponse) => void): () => void;
  close(): Promise<void>;
}

const JSON_FIELDS = new Set(["blocks", "attachments", "metadata", "view", "unfurl_media"]);
const MAX_RESPONSE_POSTS = 5;
const BOT_ID = "BSTUB0001";
/** The bot's user id on the stub, as its `auth.test` says (a `member_joined_channel` of the bot names it). */
export const STUB_BOT_USER_ID = "U0STUBBOT";

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseArgs(contentType: string, raw: string): Record<string, unknown> {
  if (contentType.includes("application/json")) {
    const parsed = raw ? JSON.parse(raw) : {};
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(key) && /^[[{]/.test(value)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // keep the raw string: Slack would answer invalid_blocks; tests see what was sent
      }
    }
    args[key] = value;
  }
  return args;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/plain" : "application/json; charset=utf-8",
    ...headers,
  });
  res.end(text);
}

/**
 * Starts a loopback stand-in for Slack's Web API and `response_url`s, recording everything it receives.
 * It keeps channel history (with message metadata) so idempotency and threading can be checked for real.
 */
export async function startSlackStub(options: SlackStubOptions = {}): Promise<SlackStub> {
  const now = options.now ?? Date.now;
  const calls: StubCall[] = [];
  const responses: StubResponse[] = [];
  const channels = new Map<string, StoredMessage[]>();
  const homeViews = new Map<string, unknown>();
  const openedViews: SlackStub["openedViews"] = [];
  const responseUrls = new Map<string, { posts: number; expired: boolean }>();
  const pendingFaults = new Map<string, StubFault[]>();
  const listeners = new Set<(event: StubCall | StubResponse) => void>();
  const sockets = new Set<Socket>();
  const socketMode = createSocketModeServer();
  const workspace: StubWorkspace = {
    scopes: [...STUB_DEFAULT_SCOPES],
    missingChannels: new Set(),
    notMemberOf: new Set(),
    archivedChannels: new Set(),
    usergroups: [],
  };
  /** `<channel>#<ts>` of every message deleted (by a person or `chat.delete`). */
  const deleted = new Set<string>();
  let baseUrl = "";
  let seq = 0;

  const nextTs = (): string => {
    seq += 1;
    return `${Math.floor(now() / 1000)}.${String(seq).padStart(6, "0")}`;
  };
  const emit = (event: StubCall | StubResponse): void => {
    for (const listener of listeners) listener(event);
  };
  const takeFault = (key: string): StubFault | undefined => {
    const queue = pendingFaults.get(key);
    const fault = queue?.shift();
    if (queue && queue.length === 0) pendingFaults.delete(key);
    return fault;
  };
  const sendFault = (res: ServerResponse, fault: StubFault): void => {
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
    const body =
      fault.body ?? (fault.status === 429 ? { ok: false, error: "ratelimited" } : "upstream error");
    send(res, fault.status, body, headers);
  };

  function store(channel: string, message: Omit<StoredMessage, "channel" | "ts">): StoredMessage {
    const stored: StoredMessage = { ...message, channel, ts: nextTs(), bot_id: BOT_ID };
    const list = channels.get(channel) ?? [];
    list.push(stored);
    channels.set(channel, list);
    return stored;
  }

  function remove(channel: string, ts: string): boolean {
    const list = channels.get(channel) ?? [];
    const at = list.findIndex((m) => m.ts === ts);
    if (at < 0) return false;
    list.splice(at, 1);
    deleted.add(`${channel}#${ts}`);
    return true;
  }

  /** Why a post to `channel` fails in this workspace, if it does. */
  const postRefusal = (channel: string): string | undefined =>
    workspace.missingChannels.has(channel)
      ? "channel_not_found"
      : workspace.notMemberOf.has(channel)
        ? "not_in_channel"
        : workspace.archivedChannels.has(channel)
          ? "is_archived"
          : undefined;
  /** Why reading `channel` fails: an archived channel stays readable to its members, as in Slack. */
  const readRefusal = (channel: string): string | undefined =>
    postRefusal(channel) === "is_archived" ? undefined : postRefusal(channel);

  function webApi(
    method: string,
    args: Record<string, unknown>,
  ): { body: Record<string, unknown>; ts?: string } {
    const channel = typeof args.channel === "string" ? args.channel : undefined;
    switch (method) {
      case "conversations.info": {
        // As Slack: reading a channel's details needs channels:read (groups:read for a private one).
        const needed = channel?.startsWith("G") ? "groups:read" : "channels:read";
        if (!workspace.scopes.includes(needed))
          return { body: { ok: false, error: "missing_scope", needed } };
        if (!channel || workspace.missingChannels.has(channel))
          return { body: { ok: false, error: "channel_not_found" } };
        return {
          body: {
            ok: true,
            channel: {
              id: channel,
              name: `channel-${channel.toLowerCase()}`,
              is_channel: channel.startsWith("C"),
              is_private: channel.startsWith("G"),
              is_archived: workspace.archivedChannels.has(channel),
              is_member: !workspace.notMemberOf.has(channel),
            },
          },
        };
      }
      case "views.open": {
        const triggerId = args.trigger_id;
        if (typeof triggerId !== "string" || !triggerId)
          return { body: { ok: false, error: "invalid_trigger_id" } };
        const view = args.view;
        if (typeof view !== "object" || view === null || (view as { type?: unknown }).type !== "modal")
          return { body: { ok: false, error: "invalid_arguments" } };
        seq += 1;
        openedViews.push({ triggerId, view });
        return { body: { ok: true, view: { id: `V${seq}`, ...(view as object) } } };
      }
      case "usergroups.list":
        if (!workspace.scopes.includes("usergroups:read"))
          return { body: { ok: false, error: "missing_scope", needed: "usergroups:read" } };
        return {
          body: { ok: true, usergroups: workspace.usergroups.map((g) => ({ ...g, date_delete: 0 })) },
        };
      case "auth.test":
        return {
          body: {
            ok: true,
            url: "https://stub.slack.local/",
            team: "Stub",
            user: "bot",
            team_id: "T0STUB",
            user_id: STUB_BOT_USER_ID,
            bot_id: BOT_ID,
          },
        };
      case "chat.postMessage": {
        if (!channel) return { body: { ok: false, error: "channel_not_found" } };
        const refused = postRefusal(channel);
        if (refused) return { body: { ok: false, error: refused } };
        if (!args.text && !args.blocks) return { body: { ok: false, error: "no_text" } };
        // A reply to a deleted message is not refused: Slack posts it in the channel, outside any thread.
        const parentGone = deleted.has(`${channel}#${String(args.thread_ts)}`);
        const stored = store(channel, {
          text: args.text as string | undefined,
          blocks: args.blocks,
          thread_ts: parentGone ? undefined : (args.thread_ts as string | undefined),
          metadata: args.metadata as StoredMessage["metadata"],
        });
        return { body: { ok: true, channel, ts: stored.ts, message: stored }, ts: stored.ts };
      }
      case "chat.postEphemeral": {
        if (!channel) return { body: { ok: false, error: "channel_not_found" } };
        return { body: { ok: true, message_ts: nextTs() } };
      }
      case "chat.update": {
        const refused = channel ? postRefusal(channel) : undefined;
        if (refused) return { body: { ok: false, error: refused } };
        const found = channel ? channels.get(channel)?.find((m) => m.ts === args.ts) : undefined;
        if (!found) return { body: { ok: false, error: "message_not_found" } };
        if (args.text !== undefined) found.text = args.text as string;
        if (args.blocks !== undefined) found.blocks = args.blocks;
        if (args.metadata !== undefined) found.metadata = args.metadata as StoredMessage["metadata"];
        return { body: { ok: true, channel, ts: found.ts }, ts: found.ts };
      }
      case "chat.delete": {
        // As Slack: the bot deletes its own messages with chat:write.
        const refused = channel ? postRefusal(channel) : undefined;
        if (refused) return { body: { ok: false, error: refused } };
        const ts = String(args.ts ?? "");
        if (!channel || !remove(channel, ts)) return { body: { ok: false, error: "message_not_found" } };
        return { body: { ok: true, channel, ts }, ts };
      }
      case "conversations.replies": {
        // As Slack: the thread of `ts` (its parent first, then the replies, oldest first) within
        // oldest/latest (exclusive unless `inclusive`), metadata only with include_all_metadata.
        const needed = channel?.startsWith("G") ? "groups:history" : "channels:history";
        if (!workspace.scopes.includes(needed))
          return { body: { ok: false, error: "missing_scope", needed } };
        if (!channel) return { body: { ok: false, error: "channel_not_found" } };
        const refused = readRefusal(channel);
        if (refused) return { body: { ok: false, error: refused } };
        const all = channels.get(channel) ?? [];
        const parent = all.find((m) => m.ts === args.ts);
        if (!parent) return { body: { ok: false, error: "thread_not_found" } };
        const root = parent.thread_ts ?? parent.ts;
        const inclusive = String(args.inclusive) === "true";
        const oldest = Number(args.oldest ?? 0);
        const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
        const within = (ts: number) =>
          inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
        const withMetadata = String(args.include_all_metadata) === "true";
        const limit = Math.min(Number(args.limit ?? 1000) || 1000, 1000);
        const messages = all
          .filter((m) => (m.ts === root || m.thread_ts === root) && within(Number(m.ts)))
          .slice(0, limit)
          .map((m) => (withMetadata ? m : { ...m, metadata: undefined }));
        return { body: { ok: true, messages, has_more: false } };
      }
      case "conversations.history": {
        if (!channel) return { body: { ok: false, error: "channel_not_found" } };
        const refused = readRefusal(channel);
        if (refused) return { body: { ok: false, error: refused } };
        const oldest = Number(args.oldest ?? 0);
        const withMetadata = String(args.include_all_metadata) === "true";
        const limit = Math.min(Number(args.limit ?? 100) || 100, 1000);
        const messages = (channels.get(channel) ?? [])
          .filter((m) => !m.thread_ts && Number(m.ts) >= oldest)
          .reverse()
          .slice(0, limit)
          .map((m) => (withMetadata ? m : { ...m, metadata: undefined }));
        return { body: { ok: true, messages, has_more: false } };
      }
      case "views.publish": {
        const user = args.user_id;
        if (typeof user !== "string") return { body: { ok: false, error: "invalid_arguments" } };
        homeViews.set(user, args.view);
        return { body: { ok: true, view: { id: `V${seq}`, ...(args.view as object) } } };
      }
      default:
        return { body: { ok: true } };
    }
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://stub");
      const raw = await readBody(req);
      const contentType = String(req.headers["content-type"] ?? "");

      if (url.pathname.startsWith("/response/")) {
        const entry = responseUrls.get(url.pathname);
        const body = parseArgs("application/json", raw);
        const fault = takeFault("response_url");
        let status = 200;
        if (fault) status = fault.status;
        else if (!entry || entry.expired || entry.posts >= MAX_RESPONSE_POSTS) status = 404;
        if (entry && status === 200) entry.posts += 1;
        const record: StubResponse = { path: url.pathname, body, at: now(), status };
        responses.push(record);
        emit(record);
        if (fault) return sendFault(res, fault);
        return status === 200 ? send(res, 200, "ok") : send(res, 404, "expired_url");
      }

      const match = /^\/api\/([A-Za-z.]+)$/.exec(url.pathname);
      if (!match || req.method !== "POST") return send(res, 404, { ok: false, error: "unknown_method" });
      const method = match[1]!;
      const args = parseArgs(contentType, raw);
      const auth = String(req.headers.authorization ?? "");
      const token = auth.startsWith("Bearer ") ? auth.slice(7) : (args.token as string | undefined);
      const fault = takeFault(method);
      if (fault?.answerLost) {
        // Carried out, then the connection is reset before any answer: the client cannot tell.
        const { ts } = webApi(method, args);
        const record: StubCall = { method, args, token, at: now(), status: 0, ...(ts ? { ts } : {}) };
        calls.push(record);
        emit(record);
        req.socket.destroy();
        return;
      }
      if (fault) {
        const record: StubCall = { method, args, token, at: now(), status: fault.status };
        calls.push(record);
        emit(record);
        return sendFault(res, fault);
      }
      if (method === "apps.connections.open") {
        const record: StubCall = { method, args, token, at: now(), status: 200 };
        calls.push(record);
        emit(record);
        return send(res, 200, connectionsOpen(token), { "x-oauth-scopes": "connections:write" });
      }
      if (options.token && token !== options.token) {
        const record: StubCall = { method, args, token, at: now(), status: 200 };
        calls.push(record);
        emit(record);
        return send(res, 200, { ok: false, error: "invalid_auth" });
      }
      const { body, ts } = webApi(method, args);
      const record: StubCall = { method, args, token, at: now(), ts, status: 200 };
      calls.push(record);
      emit(record);
      // Slack names the token's scopes on every answer to a call made with it.
      send(res, 200, body, { "x-oauth-scopes": workspace.scopes.join(",") });
    } catch {
      send(res, 400, { ok: false, error: "invalid_request" });
    }
  });
  /** `apps.connections.open`: an app-level token gets a one-use WebSocket URL on this stub. */
  function connectionsOpen(token: string | undefined): Record<string, unknown> {
    if (!token?.startsWith("xapp-"))
      return { ok: false, error: token?.startsWith("xox") ? "not_allowed_token_type" : "invalid_auth" };
    if (options.appToken && token !== options.appToken) return { ok: false, error: "invalid_auth" };
    return { ok: true, url: socketMode.newUrl(baseUrl) };
  }

  server.on("upgrade", (req, socket, head) => {
    if (!socketMode.upgrade(req, socket, head)) socket.destroy();
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}/`;
  baseUrl = url;

  return {
    url,
    apiUrl: `${url}api/`,
    newResponseUrl() {
      const path = `/response/${randomUUID()}`;
      responseUrls.set(path, { posts: 0, expired: false });
      return `${url.slice(0, -1)}${path}`;
    },
    expireResponseUrl(responseUrl: string) {
      const entry = responseUrls.get(new URL(responseUrl).pathname);
      if (entry) entry.expired = true;
    },
    calls,
    responses,
    channels,
    homeViews,
    openedViews,
    workspace,
    socketMode: {
      get connections() {
        return socketMode.connections;
      },
      waitForConnection: (timeoutMs) => socketMode.waitForConnection(timeoutMs),
      send: (type, payload, sendOptions) => socketMode.send(type, payload, sendOptions),
    },
    faults: {
      next(method, answers) {
        pendingFaults.set(method, [...(pendingFaults.get(method) ?? []), ...answers]);
      },
      reset() {
        pendingFaults.clear();
      },
    },
    async waitFor<T>(predicate: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = predicate();
        if (value !== undefined && value !== false && value !== null) return value;
        if (Date.now() > deadline) throw new Error(`slack stub: condition not met within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    deleteMessage: (channel, ts) => remove(channel, ts),
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      socketMode.close();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
