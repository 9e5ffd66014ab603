import { signSlackRequest } from "@nwh/slack-stub";
import { describe, expect, it } from "vitest";
import { normalizeApiGatewayEvent } from "../src/lib/api-gateway-event";
import { logger, registerSecrets, scrubText } from "../src/lib/logger";
import { isAllowedResponseUrl } from "../src/lib/response-url";
import { verifySlackRequest } from "../src/lib/verify-slack-request";
import { withinBudget } from "../src/lib/within-budget";
import { parseWorkerJob } from "../src/lib/worker-job";
import { signedEvent } from "./support/api-gateway";
import { captureLines } from "./support/capture-lines";

describe("normalizeApiGatewayEvent", () => {
  it("decodes a base64 body as UTF-8, lower-cases headers and strips content-type parameters", () => {
    const event = signedEvent({ body: '{"a":"Zürich ✓"}', contentType: "application/json", base64: true });
    event.headers = { "Content-Type": "application/json; charset=utf-8", "X-Slack-Signature": "v0=x" };

    const normalized = normalizeApiGatewayEvent(event);

    expect(normalized.body).toBe('{"a":"Zürich ✓"}');
    expect(normalized.isBase64Encoded).toBe(false);
    expect(normalized.headers).toEqual({ "content-type": "application/json", "x-slack-signature": "v0=x" });
  });
});

describe("verifySlackRequest", () => {
  const secret = "s3cret";
  const now = 1_700_000_000;
  const check = (headers: Readonly<Partial<Record<string, string>>>, body = "a=1") =>
    verifySlackRequest({ signingSecret: secret, rawBody: body, headers, nowSeconds: now });

  it("accepts Slack's signature and refuses every kind of mismatch", () => {
    const good: Record<string, string> = { ...signSlackRequest(secret, "a=1", now) };

    expect(check(good)).toEqual({ ok: true });
    expect(check(good, "a=2")).toEqual({ ok: false, problem: "bad-signature" });
    expect(check({ ...good, "x-slack-signature": "v0=short" })).toEqual({
      ok: false,
      problem: "bad-signature",
    });
    expect(check({ ...good, "x-slack-request-timestamp": "12abc" })).toEqual({
      ok: false,
      problem: "bad-timestamp",
    });
    expect(check({ ...signSlackRequest(secret, "a=1", now - 301) })).toEqual({
      ok: false,
      problem: "stale-timestamp",
    });
    expect(check({ "x-slack-signature": good["x-slack-signature"] })).toEqual({
      ok: false,
      problem: "missing-headers",
    });
  });
});

describe("isAllowedResponseUrl", () => {
  it("allows Slack's hooks host and the configured API host only", () => {
    const api = "http://127.0.0.1:4000/api/";

    expect(isAllowedResponseUrl("https://hooks.slack.com/commands/T1/2/abc", api)).toBe(true);
    expect(isAllowedResponseUrl("http://127.0.0.1:4000/response/x", api)).toBe(true);
    expect(isAllowedResponseUrl("http://hooks.slack.com/commands/T1", api)).toBe(false);
    expect(isAllowedResponseUrl("https://hooks.slack.com.evil.example/x", api)).toBe(false);
    expect(isAllowedResponseUrl("https://user:pw@hooks.slack.com/x", api)).toBe(false);
    expect(isAllowedResponseUrl("http://127.0.0.1:4001/response/x", api)).toBe(false);
    expect(isAllowedResponseUrl("http://127.0.0.1:4000/response/x", undefined)).toBe(false);
    expect(isAllowedResponseUrl("not a url", api)).toBe(false);
  });
});

describe("parseWorkerJob", () => {
  it("keeps valid jobs (known fields only) and drops anything malformed", () => {
    const job = {
      kind: "command",
      text: "failing",
      userId: "U0A1B2C3",
      responseUrl: "https://hooks.slack.com/x",
    };

    expect(parseWorkerJob({ ...job, extra: "dropped" })).toEqual(job);
    expect(parseWorkerJob({ kind: "home", userId: "U0A1B2C3" })).toEqual({
      kind: "home",
      userId: "U0A1B2C3",
    });
    expect(parseWorkerJob({ ...job, userId: "<!channel>" })).toBeUndefined();
    expect(parseWorkerJob({ ...job, responseUrl: "ftp://x" })).toBeUndefined();
    expect(parseWorkerJob({ ...job, kind: "action" })).toBeUndefined();
    expect(parseWorkerJob(null)).toBeUndefined();
  });
});

describe("withinBudget", () => {
  it("returns the value on time and reports late work, having aborted and awaited it", async () => {
    let aborted = false;
    const onTime = await withinBudget(200, async () => 42);
    const late = await withinBudget(20, async ({ signal }) => {
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
      aborted = signal.aborted;
      return 1;
    });

    expect(onTime).toEqual({ late: false, value: 42 });
    expect(late).toEqual({ late: true });
    expect(aborted).toBe(true);
  });

  it("lets other errors through", async () => {
    await expect(withinBudget(200, async () => Promise.reject(new TypeError("boom")))).rejects.toThrow(
      "boom",
    );
  });
});

describe("the logger", () => {
  it("scrubs registered secrets and credentials in URLs from every line it writes", async () => {
    registerSecrets(["xoxb-live-token-777"]);
    const level = logger.getLevelName();
    logger.setLogLevel("INFO");
    const { lines } = await captureLines(() =>
      logger.info("token xoxb-live-token-777 for https://u:p4ss@h.example/?api_key=k-123", {
        password: "hunter2",
        url: "https://h.example/x?token=abc123",
      }),
    ).finally(() => logger.setLogLevel(level));

    const out = lines.join("");
    expect(out).toContain("REDACTED");
    for (const secret of ["xoxb-live-token-777", "p4ss", "k-123", "hunter2", "abc123"])
      expect(out).not.toContain(secret);
    expect(scrubText("Bearer abcdef123456")).toBe("Bearer REDACTED");
  });
});
