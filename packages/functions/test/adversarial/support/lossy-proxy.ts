import { forwardRequest, passAnswer, serveOnLoopback } from "../../support/loopback-proxy";

/**
 * A loopback proxy in front of the Slack stub that can lose answers: the request reaches the stub (which
 * acts on it: a message is stored) but the client gets a 5xx or a reset connection instead of the answer.
 * That is what a Slack 5xx or a timeout after the work was done looks like from the bot.
 */
export interface LossyProxy {
  /** Web API base for SLACK_API_URL, e.g. `http://127.0.0.1:PORT/api/`. */
  apiUrl: string;
  /** The next `count` calls of `method` are carried out, but answered with `status` (0 = reset). */
  loseAnswers(method: string, count: number, status: number): void;
  close(): Promise<void>;
}

/** Starts a lossy proxy for the stub at `target` (its `url`, ending in `/`). */
export async function startLossyProxy(target: string): Promise<LossyProxy> {
  const upstream = new URL(target);
  const pending = new Map<string, number[]>();

  const server = await serveOnLoopback((req, res) => {
    const method = /^\/api\/([A-Za-z.]+)/.exec(req.url ?? "/")?.[1] ?? "";
    const lost = pending.get(method)?.shift();
    forwardRequest(req, res, upstream, (answer) => {
      if (lost === undefined) {
        passAnswer(answer, res);
        return;
      }
      // Let the stub finish its work, then lose its answer.
      answer.resume();
      answer.on("end", () => {
        if (lost === 0) res.socket?.destroy();
        else {
          res.writeHead(lost, { "content-type": "text/plain" });
          res.end("upstream error");
        }
      });
    });
  });
  return {
    apiUrl: `http://127.0.0.1:${server.port}/api/`,
    loseAnswers(method, count, status) {
      pending.set(method, [...(pending.get(method) ?? []), ...Array.from({ length: count }, () => status)]);
    },
    close: server.close,
  };
}
