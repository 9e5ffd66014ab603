import { forwardRequest, passAnswer, serveOnLoopback } from "./loopback-proxy";

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

/** Starts the proxy on loopback. */
export async function startSlowSlack(delayMs: number): Promise<SlowSlack> {
  const server = await serveOnLoopback(async (req, res) => {
    // The request body waits, buffered, in the paused stream while the post is held.
    if ((req.url ?? "/").startsWith("/response/"))
      await new Promise((resolve) => setTimeout(resolve, proxy.delayMs));
    forwardRequest(req, res, new URL(proxy.target), (answer) => passAnswer(answer, res));
  });
  const url = `http://127.0.0.1:${server.port}/`;
  const proxy: SlowSlack = {
    url,
    apiUrl: `${url}api/`,
    target: url,
    delayMs,
    via: (responseUrl) => new URL(new URL(responseUrl).pathname, url).toString(),
    close: () => server.close(),
  };
  return proxy;
}
