import {
  type ClientRequest,
  createServer,
  type IncomingMessage,
  type RequestListener,
  request,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A test proxy's server on loopback. */
export interface LoopbackServer {
  port: number;
  /** Drops every open connection first, so a client still waiting cannot keep the server open. */
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1 at a free port. */
export async function serveOnLoopback(handler: RequestListener): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = createServer(handler);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Forwards `req` as it came (method, path, headers, body) to `upstream` and hands the answer to
 * `onAnswer`. A failed upstream connection drops the client's.
 */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: URL,
  onAnswer: (answer: IncomingMessage) => void,
): ClientRequest {
  const forward = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url ?? "/",
      headers: req.headers,
      // One connection per request: a dropped or hung upstream socket affects that request only.
      agent: false,
    },
    onAnswer,
  );
  forward.on("error", () => res.destroy());
  req.pipe(forward);
  return forward;
}

/** Passes the upstream answer on as it is. */
export function passAnswer(answer: IncomingMessage, res: ServerResponse): void {
  res.writeHead(answer.statusCode ?? 502, answer.headers);
  answer.pipe(res);
}
