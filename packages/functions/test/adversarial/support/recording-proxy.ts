import { forwardRequest, passAnswer, serveOnLoopback } from "../../support/loopback-proxy";

/**
 * A loopback HTTP proxy in front of the emulator. It learns the bearer tokens the emulator issues (so the
 * suite can look for them in logs and messages) and lets a test act when a request passes (e.g. expire
 * every token after the first page of a run). Faults pass through as they are: a dropped connection drops
 * the client's, a request never answered stays unanswered until the client gives up.
 */
export interface RecordingProxy {
  /** Base URL for NEXUDUS_BASE_URL, e.g. `http://127.0.0.1:PORT/api`. */
  url: string;
  /** Access and refresh tokens seen in `/token` answers. */
  tokens: string[];
  /** Called with each request's path (query included) before it is forwarded. */
  onRequest(hook: (path: string) => void): void;
  /**
   * The next request whose path starts with `prefix` is not forwarded: it is answered with `status` and a
   * body that echoes the request's Authorization header and body, as a careless server's error page does.
   */
  echoNext(prefix: string, status: number): void;
  close(): Promise<void>;
}

/** Starts a proxy for the emulator at `target` (its `url`, ending in `/api`). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const tokens: string[] = [];
  const hooks: Array<(path: string) => void> = [];
  const echoes: Array<{ prefix: string; status: number }> = [];

  const server = await serveOnLoopback((req, res) => {
    const path = req.url ?? "/";
    for (const hook of hooks) hook(path);
    const echo = echoes.findIndex((e) => path.startsWith(e.prefix));
    if (echo >= 0) {
      const { status } = echoes.splice(echo, 1)[0]!;
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const echoed = `${req.method} ${path} Authorization: ${req.headers.authorization ?? "-"} body: ${Buffer.concat(chunks).toString("utf8")}`;
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", "retry-after": "0" });
        res.end(JSON.stringify({ Message: echoed, error: echoed, error_description: echoed }));
      });
      return;
    }
    const isToken = /\/token\/?$/i.test(new URL(path, "http://proxy").pathname);
    const forward = forwardRequest(req, res, upstream, (answer) => {
      answer.on("error", () => res.destroy());
      answer.on("aborted", () => res.destroy());
      if (!isToken) {
        passAnswer(answer, res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("end", () => {
        const body = Buffer.concat(chunks);
        try {
          const grant = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
          for (const key of ["access_token", "refresh_token"]) {
            if (typeof grant[key] === "string") tokens.push(grant[key] as string);
          }
        } catch {
          // not a grant
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(body);
      });
    });
    res.on("close", () => {
      if (!res.writableFinished) forward.destroy();
    });
  });
  return {
    url: `http://127.0.0.1:${server.port}${upstream.pathname.replace(/\/+$/, "")}`,
    tokens,
    onRequest: (hook) => {
      hooks.push(hook);
    },
    echoNext: (prefix, status) => {
      echoes.push({ prefix, status });
    },
    close: server.close,
  };
}
