import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A loopback proxy in front of the Slack stub that holds `response_url` posts for `delayMs` before
 * forwarding them (Web API calls pass at once): a slow Slack edge. Point `SLACK_API_URL` at `apiUrl` so
 * the worker accepts its `response_url`s, and set `target` to the stub's base URL once it runs.
 */
export interface SlowSlack {
  url: string;
  apiUrl: string;
  /** The stub's base URL (`stub.url`). */
  target: string;
  /** How long a `response_url` post is held. */
  delayMs: number;
  /** The same `response_url` on this proxy. */
  via(responseUrl: string): string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the proxy on loopback. */
export async function startSlowSlack(delayMs: number): Promise<SlowSlack> {
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? "/";
    if (path.startsWith("/response/")) await new Promise((resolve) => setTimeout(resolve, proxy.delayMs));
    try {
      const answer = await fetch(new URL(path.slice(1), proxy.target), {
        method: req.method ?? "POST",
        headers: {
          "content-type": String(req.headers["content-type"] ?? "application/json"),
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        },
        body: req.method === "GET" ? undefined : body,
      });
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const proxy: SlowSlack = {
    url,
    apiUrl: `${url}api/`,
    target: url,
    delayMs,
    via: (responseUrl) => new URL(new URL(responseUrl).pathname, url).toString(),
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
