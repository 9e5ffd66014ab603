import { afterMs, type Clock } from "@nwh/core/clock";
import { forwardRequest, passAnswer, serveOnLoopback } from "./loopback-proxy";

/**
 * A loopback proxy in front of the Slack stub that holds `response_url` posts for `delayMs` on `clock`
 * before forwarding them (Web API calls pass at once): a slow Slack edge. On a `TestClock` a post is held
 * until the test moves the clock, so what the bot gives up on is decided by the clock, not by a busy
 * machine. Point `SLACK_API_URL` at `apiUrl` so the worker accepts its `response_url`s, and set `target` to
 * the stub's base URL once it runs.
 */
export interface SlowSlack {
  url: string;
  apiUrl: string;
  /** The stub's base URL (`stub.url`). */
  target: string;
  /** How long a `response_url` post is held. */
  delayMs: number;
  /** `response_url` posts held so far (the path of each). */
  held: string[];
  /** Held posts the client gave up on before they were forwarded (never forwarded). */
  abandoned: string[];
  /** The same `response_url` on this proxy. */
  via(responseUrl: string): string;
  close(): Promise<void>;
}

/** Starts the proxy on loopback. */
export async function startSlowSlack(delayMs: number, clock: Clock): Promise<SlowSlack> {
  const server = await serveOnLoopback((req, res) => {
    const path = req.url ?? "/";
    const forward = () =>
      forwardRequest(req, res, new URL(proxy.target), (answer) => passAnswer(answer, res));
    if (!path.startsWith("/response/")) return forward();
    proxy.held.push(path);
    // The request body waits, buffered, in the paused stream while the post is held.
    let forwarded = false;
    const cancel = afterMs(clock, proxy.delayMs, () => {
      forwarded = true;
      forward();
    });
    res.on("close", () => {
      if (forwarded) return;
      cancel();
      proxy.abandoned.push(path);
    });
  });
  const url = `http://127.0.0.1:${server.port}/`;
  const proxy: SlowSlack = {
    url,
    apiUrl: `${url}api/`,
    target: url,
    delayMs,
    held: [],
    abandoned: [],
    via: (responseUrl) => new URL(new URL(responseUrl).pathname, url).toString(),
    close: () => server.close(),
  };
  return proxy;
}
