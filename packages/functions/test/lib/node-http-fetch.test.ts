import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { nodeHttpFetch } from "../../src/lib/node-http-fetch";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A loopback server answering each request with `answer`; it records requests and connections. */
async function serve(answer: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void) {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const one = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      seen.push(one);
      answer(req, res, one);
    });
  });
  server.on("connection", (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  servers.push(close);
  return { url, seen, connections: () => connections, close };
}

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

const get = (signal = new AbortController().signal) => ({ method: "GET", headers: {}, signal });

describe("nodeHttpFetch", () => {
  it("sends the method, headers and body, and gives back the status, headers and text", async () => {
    // Prepare
    const server = await serve((_req, res) => {
      res.writeHead(201, { "Content-Type": "application/json", "X-RateLimit-Remaining": "7" });
      res.end('{"ok":true}');
    });
    const body = "name=Café&x=1";

    // Act
    const answer = await nodeHttpFetch()(`${server.url}/token?a=1`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body,
      signal: new AbortController().signal,
    });

    // Assess
    expect(answer.status).toBe(201);
    expect(await answer.text()).toBe('{"ok":true}');
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("X-RATELIMIT-REMAINING")).toBe("7");
    expect(answer.headers.get("absent")).toBeNull();
    const names: string[] = [];
    answer.headers.forEach((_value, name) => {
      names.push(name);
    });
    expect(names).toContain("x-ratelimit-remaining");
    const [request] = server.seen;
    expect(request).toMatchObject({ method: "POST", url: "/token?a=1", body });
    expect(request?.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
    expect(request?.headers.accept).toBe("application/json");
    expect(request?.headers["accept-encoding"]).toBe("gzip, deflate, br");
    expect(request?.headers["user-agent"]).toBe("node");
  });

  it("lets the caller's headers win over the defaults, whatever their case", async () => {
    const server = await serve((_req, res) => res.end("{}"));

    await nodeHttpFetch()(server.url, {
      ...get(),
      headers: { "User-Agent": "probe/1", "Accept-Encoding": "identity" },
    });

    expect(server.seen[0]?.headers["user-agent"]).toBe("probe/1");
    expect(server.seen[0]?.headers["accept-encoding"]).toBe("identity");
  });

  it("reads an empty encoded answer as empty text (an empty 409 may still name an encoding)", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(409, { "Content-Encoding": "gzip", "Retry-After": "1" });
      res.end();
    });

    const answer = await nodeHttpFetch()(server.url, get());

    expect(answer.status).toBe(409);
    expect(await answer.text()).toBe("");
  });

  it("reads a raw deflate answer, as some servers send for deflate", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "Content-Encoding": "deflate" });
      res.end(deflateRawSync(Buffer.from('{"raw":true}')));
    });

    const answer = await nodeHttpFetch()(server.url, get());

    expect(await answer.text()).toBe('{"raw":true}');
  });

  /** A server that drops a kept connection, unanswered, when a second request comes on it. */
  async function droppingKeptConnections() {
    const perSocket = new WeakMap<Socket, number>();
    const server = await serve((req, res) => {
      const socket = req.socket;
      const count = (perSocket.get(socket) ?? 0) + 1;
      perSocket.set(socket, count);
      if (count > 1) socket.destroy();
      else res.end(`{"n":${server.seen.length}}`);
    });
    return server;
  }

  it("by default, fails on a kept connection the server closed, and the next request takes a new one", async () => {
    const server = await droppingKeptConnections();
    const send = nodeHttpFetch();
    await (await send(server.url, get())).text();

    await expect(send(server.url, get())).rejects.toMatchObject({ code: "ECONNRESET" });
    const again = await send(server.url, get());

    expect(again.status).toBe(200);
    expect(server.seen).toHaveLength(3);
    expect(server.connections()).toBe(2);
  });

  it("with resendOnStale, sends the request once more on a new connection when the kept one turns out closed", async () => {
    // Prepare
    const server = await droppingKeptConnections();
    const send = nodeHttpFetch({ resendOnStale: true });
    await (await send(server.url, get())).text();

    // Act
    const answer = await send(server.url, {
      method: "POST",
      headers: {},
      body: "a=1",
      signal: new AbortController().signal,
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(server.seen.map((r) => r.method)).toEqual(["GET", "POST", "POST"]);
    expect(server.connections()).toBe(2);
  });

  it("does not send again when a fresh connection fails", async () => {
    const server = await serve((req) => req.socket.destroy());

    await expect(nodeHttpFetch()(server.url, get())).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(server.seen).toHaveLength(1);
  });

  it.each([
    ["gzip", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ])("undoes a %s answer", async (coding, compress) => {
    const text = JSON.stringify({
      Records: Array.from({ length: 50 }, (_, i) => ({ Id: i, Name: "Zürich" })),
    });
    const server = await serve((_req, res) => {
      res.writeHead(200, { "Content-Encoding": coding });
      res.end(compress(Buffer.from(text, "utf8")));
    });

    const answer = await nodeHttpFetch()(server.url, get());

    expect(await answer.text()).toBe(text);
  });

  it("refuses an encoding it cannot undo, rather than hand back bytes as text", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "Content-Encoding": "zstd" });
      res.end("????");
    });

    await expect(nodeHttpFetch()(server.url, get())).rejects.toMatchObject({ code: "ERR_ENCODING" });
  });

  it("decodes UTF-8 as Response.text() does: a BOM dropped, a character split across chunks kept, bad bytes as U+FFFD", async () => {
    const euro = Buffer.from("€", "utf8");
    const server = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write(Buffer.from([0xef, 0xbb, 0xbf]));
      res.write(Buffer.concat([Buffer.from('"a'), euro.subarray(0, 1)]));
      res.write(Buffer.concat([euro.subarray(1), Buffer.from([0xff]), Buffer.from('"')]));
      res.end();
    });

    const answer = await nodeHttpFetch()(server.url, get());

    expect(await answer.text()).toBe('"a€\uFFFD"');
  });

  it("keeps the connection for the next request", async () => {
    const server = await serve((_req, res) => res.end("{}"));
    const send = nodeHttpFetch();

    await (await send(server.url, get())).text();
    await (await send(server.url, get())).text();

    expect(server.seen).toHaveLength(2);
    expect(server.connections()).toBe(1);
  });

  it("does not follow a redirect (it would carry the Authorization header elsewhere)", async () => {
    const elsewhere = await serve((_req, res) => res.end("{}"));
    const server = await serve((_req, res) => {
      res.writeHead(301, { Location: `${elsewhere.url}/api` });
      res.end();
    });

    const answer = await nodeHttpFetch()(server.url, { ...get(), headers: { Authorization: "Bearer t" } });

    expect(answer.status).toBe(301);
    expect(answer.headers.get("location")).toBe(`${elsewhere.url}/api`);
    expect(elsewhere.seen).toHaveLength(0);
  });

  it("stops when the signal fires while it waits for the answer", async () => {
    const server = await serve(() => {
      // Never answers.
    });
    const controller = new AbortController();

    const pending = nodeHttpFetch()(server.url, get(controller.signal));
    await expect.poll(() => server.seen.length).toBe(1);
    controller.abort();

    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects an answer cut off before its end", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "Content-Length": "100" });
      res.write("{");
      setImmediate(() => res.socket?.destroy());
    });

    await expect(nodeHttpFetch()(server.url, get())).rejects.toMatchObject({ code: "ECONNRESET" });
  });

  it("rejects with the socket's code when nothing listens", async () => {
    const server = await serve((_req, res) => res.end("{}"));
    await server.close();

    await expect(nodeHttpFetch()(server.url, get())).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("refuses a URL that is neither http nor https", async () => {
    await expect(nodeHttpFetch()("ftp://127.0.0.1/x", get())).rejects.toMatchObject({
      code: "ERR_INVALID_URL",
    });
  });
});
