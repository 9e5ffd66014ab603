import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { promisify } from "node:util";
import { brotliDecompress, gunzip, inflate, inflateRaw } from "node:zlib";
import type { HttpAnswer, HttpFetch } from "@nwh/core/nexudus";
import { TIMING } from "@nwh/core/time";

const inflateAny = promisify(inflate);
const inflateRawAny = promisify(inflateRaw);

/** `deflate` is zlib-wrapped by the standard, and raw in some servers' answers: both are read, as fetch does. */
function isZlibWrapped(data: Buffer): boolean {
  const [cmf = 0, flg = 0] = data;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

const decoders: Record<string, (data: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  "x-gzip": promisify(gunzip),
  deflate: (data) => (isZlibWrapped(data) ? inflateAny(data) : inflateRawAny(data)),
  br: promisify(brotliDecompress),
};

/**
 * What the global `fetch` sends when the caller sets none, kept so that Nexudus's CDN and firewall (API-NOTES:
 * CloudFront with a WAF) see the same client as before: `Accept-Encoding` so that answers come compressed,
 * and `User-Agent: node` (a WAF's managed rules refuse requests with no User-Agent).
 */
const FETCH_DEFAULTS = { "accept-encoding": "gzip, deflate, br", "user-agent": "node" };

/** Errors of a kept connection the server had already closed (Node's docs: retry such a request once). */
const STALE_SOCKET = new Set(["ECONNRESET", "EPIPE"]);

function headersOf(raw: IncomingHttpHeaders): HttpAnswer["headers"] {
  const joined = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) joined.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return {
    get: (name) => joined.get(name.toLowerCase()) ?? null,
    forEach: (callback) => {
      for (const [name, value] of joined) callback(value, name);
    },
  };
}

/** Undoes each `Content-Encoding` in turn (last applied, first undone); `identity` is none, an empty body stays empty. */
async function decoded(body: Buffer, encoding: string | undefined): Promise<Buffer> {
  if (body.length === 0) return body;
  const codings = (encoding ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity")
    .reverse();
  let data = body;
  for (const coding of codings) {
    const decode = decoders[coding];
    if (!decode)
      throw Object.assign(new Error(`unsupported content-encoding ${coding}`), { code: "ERR_ENCODING" });
    data = await decode(data);
  }
  return data;
}

/** Options of {@link nodeHttpFetch}. */
export interface NodeHttpFetchOptions {
  /**
   * Send a request once more, at once, when the kept connection it went out on had been closed by the
   * server. For `response_url` posts, which nothing else retries; not for Nexudus, whose transport retries
   * through its limiter (a resend here could arrive within 100 ms of the first, or repeat a write).
   */
  resendOnStale?: boolean;
}

const codeOf = (error: unknown) => (error as { code?: unknown }).code;

/**
 * The Nexudus client's HTTP port on `node:http`/`node:https`, with keep-alive agents of its own. The global
 * `fetch` loads Node's built-in undici on its first call, which a fresh Lambda environment then compiles
 * on its first Nexudus request (tens of ms on the critical path); `node:http` is loaded already (Bolt and
 * the AWS SDK use it). It does what the client needs of `fetch`: the same default headers, gzip, deflate
 * and br undone, UTF-8 decoded as `Response.text()` does (a BOM dropped, bad bytes as U+FFFD), TLS with
 * Node's checks and `http/1.1` offered by ALPN as undici does, and a stop on the signal. A kept connection
 * the server had closed (after a Lambda was frozen, say) fails with `ECONNRESET` and the idle ones are
 * dropped; with `resendOnStale` the request is sent once more at once on a new one. It does not follow redirects: a Nexudus API that answers 3xx is misconfigured, and the client
 * says so (following would also carry the Authorization header to wherever it points).
 */
export function nodeHttpFetch(options: NodeHttpFetchOptions = {}): HttpFetch {
  // Idle connections are closed after a while, so that a reused one is rarely one the server dropped.
  const kept = { keepAlive: true, timeout: TIMING.httpIdleSocketMs, scheduling: "lifo" as const };
  const agents = {
    "http:": new HttpAgent(kept),
    "https:": new HttpsAgent({ ...kept, ALPNProtocols: ["http/1.1"] }),
  };
  /** Closes every idle connection: after one turned out dead, the others kept as long are likely dead too. */
  const dropIdle = (agent: HttpAgent) => {
    for (const sockets of Object.values(agent.freeSockets))
      for (const socket of sockets ?? []) socket.destroy();
  };

  return (url, init) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === "https:";
      if (!secure && target.protocol !== "http:") {
        reject(
          Object.assign(new TypeError(`unsupported protocol ${target.protocol}`), {
            code: "ERR_INVALID_URL",
          }),
        );
        return;
      }
      const agent = agents[secure ? "https:" : "http:"];
      const headers: Record<string, string> = { ...FETCH_DEFAULTS };
      for (const [name, value] of Object.entries(init.headers)) headers[name.toLowerCase()] = value;
      if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
      const send = secure ? httpsRequest : httpRequest;

      const attempt = (retried: boolean) => {
        let answered = false;
        const req: ClientRequest = send(
          target,
          { method: init.method, headers, agent, signal: init.signal },
          (res) => {
            answered = true;
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("error", reject);
            // Cut off mid-answer (the server closed, or the signal fired): no `end` comes.
            res.on("close", () => {
              if (!res.complete)
                reject(Object.assign(new Error("the answer was cut off"), { code: "ECONNRESET" }));
            });
            res.on("end", () => {
              decoded(Buffer.concat(chunks), res.headers["content-encoding"]).then((body) => {
                const text = new TextDecoder().decode(body);
                resolve({
                  status: res.statusCode ?? 0,
                  headers: headersOf(res.headers),
                  text: async () => text,
                });
              }, reject);
            });
          },
        );
        req.on("error", (error) => {
          const stale = req.reusedSocket && !answered && STALE_SOCKET.has(String(codeOf(error)));
          if (stale) dropIdle(agent);
          if (stale && options.resendOnStale && !retried && !init.signal.aborted) attempt(true);
          else reject(error);
        });
        req.end(init.body);
      };
      attempt(false);
    });
}
