import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";

/** The kinds of Socket Mode envelope Slack sends. */
export type SocketEnvelopeType = "slash_commands" | "interactive" | "events_api";

/** What the app sent back for an envelope: its id and, for a command, the answer. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** Slack's side of Socket Mode, for tests: envelopes pushed to the connected app and its acks. */
export interface SocketModeServer {
  /** Open connections. */
  readonly connections: number;
  /** Resolves once an app is connected (and has been sent `hello`); rejects after `timeoutMs`. */
  waitForConnection(timeoutMs?: number): Promise<void>;
  /**
   * Sends one envelope to the connected app, as Slack does, and resolves with the app's ack; rejects when
   * no app is connected or no ack comes within `timeoutMs` (Slack waits 3 s, then retries an event).
   */
  send(
    type: SocketEnvelopeType,
    payload: Record<string, unknown>,
    options?: { timeoutMs?: number; retryAttempt?: number; retryReason?: string },
  ): Promise<SocketAck>;
  /** Handles an HTTP upgrade to the socket path; false when the request is not one. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** A fresh connection URL, as `apps.connections.open` returns it. */
  newUrl(base: string): string;
  close(): void;
}

const SOCKET_PATH = "/socket-mode";

/**
 * A loopback Socket Mode endpoint on the `ws` package: one WebSocket per `apps.connections.open` ticket,
 * `hello` on connect, envelopes sent on request, acks matched by `envelope_id`. Pings are answered by
 * `ws` itself, as Slack's servers answer the client's.
 */
export function createSocketModeServer(): SocketModeServer {
  const wss = new WebSocketServer({ noServer: true });
  const tickets = new Set<string>();
  const open = new Set<WebSocket>();
  const pending = new Map<string, (ack: SocketAck) => void>();
  const waiting = new Set<() => void>();

  wss.on("connection", (ws) => {
    open.add(ws);
    ws.on("close", () => open.delete(ws));
    ws.on("message", (data) => {
      let ack: SocketAck;
      try {
        ack = JSON.parse(String(data)) as SocketAck;
      } catch {
        return;
      }
      const resolve = pending.get(ack.envelope_id);
      if (resolve) {
        pending.delete(ack.envelope_id);
        resolve(ack);
      }
    });
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: open.size,
        debug_info: { host: "stub", approximate_connection_time: 3600 },
        connection_info: { app_id: "A0STUBAPP1" },
      }),
    );
    for (const wake of waiting) wake();
  });

  return {
    get connections() {
      return open.size;
    },
    waitForConnection(timeoutMs = 5000) {
      if (open.size > 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(wake);
          reject(new Error(`slack stub: no Socket Mode connection within ${timeoutMs} ms`));
        }, timeoutMs);
        const wake = () => {
          clearTimeout(timer);
          waiting.delete(wake);
          resolve();
        };
        waiting.add(wake);
      });
    },
    send(type, payload, options = {}) {
      const ws = [...open].at(-1);
      if (!ws) return Promise.reject(new Error("slack stub: no Socket Mode connection"));
      const envelopeId = randomUUID();
      const timeoutMs = options.timeoutMs ?? 3000;
      return new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(envelopeId);
          reject(new Error(`slack stub: no ack for the ${type} envelope within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(envelopeId, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
        ws.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type !== "events_api",
            ...(type === "events_api"
              ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? "" }
              : {}),
          }),
        );
      });
    },
    upgrade(req, socket, head) {
      const url = new URL(req.url ?? "/", "http://stub");
      if (url.pathname !== SOCKET_PATH) return false;
      const ticket = url.searchParams.get("ticket") ?? "";
      if (!tickets.delete(ticket)) {
        socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
        return true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
      return true;
    },
    newUrl(base) {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `${base.replace(/^http/, "ws")}${SOCKET_PATH.slice(1)}?ticket=${ticket}`;
    },
    close() {
      for (const ws of open) ws.terminate();
      wss.close();
    },
  };
}
