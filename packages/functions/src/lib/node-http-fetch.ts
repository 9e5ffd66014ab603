import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { promisify } from "node:util";
import { brotliDecompress, gunzip, inflate } from "node:zlib";
import type { HttpAnswer, HttpFetch } from "@nwh/core/nexudus";
import { TIMING } from "@nwh/core/time";

const decoders: Record<string, (data: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  "x-gzip": promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

/** What `fetch` asks for by default, so that Nexudus compresses its answers as it does for `fetch`. */
const ACCEPT_ENCODING = "gzip, deflate, br";

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

/** Undoes each `Content-Encoding` in turn (last applied, first undone); `identity` is none. */
async function decoded(body: Buffer, encoding: string | undefined): Promise<Buffer> {
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

/**
 * The Nexudus client's HTTP port on `node:http`/`node:https`, with keep-alive agents of its own. The global
 * `fetch` loads Node's built-in undici on its first call, which a fresh Lambda environment then compiles
 * on its first Nexudus request (tens of ms on the critical path); `node:http` is loaded already (Bolt and
 * the AWS SDK use it). It does what the client needs of `fetch`: asks for and undoes gzip, deflate and br,
 * decodes UTF-8 as `Response.text()` does (a BOM dropped, bad bytes as U+FFFD), and stops on the signal.
 * It does not follow redirects: a Nexudus API that answers 3xx is misconfigured, and the client says so
 * (following would also carry the Authorization header to wherever it points).
 */
export function nodeHttpFetch(): HttpFetch {
  // Idle sockets are closed before a server would (IIS: 120 s) so that a reused one is rarely dead.
  const options = { keepAlive: true, timeout: TIMING.httpIdleSocketMs, scheduling: "lifo" as const };
  const agents = { "http:": new HttpAgent(options), "https:": new HttpsAgent(options) };
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
      const headers: Record<string, string> = { "accept-encoding": ACCEPT_ENCODING, ...init.headers };
      if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
      const send = secure ? httpsRequest : httpRequest;
      const req = send(
        target,
        { method: init.method, headers, agent: agents[secure ? "https:" : "http:"], signal: init.signal },
        (res) => {
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
      req.on("error", reject);
      req.end(init.body);
    });
}
