import { signSlackRequest } from "@nwh/slack-stub";
import { describe, expect, it } from "vitest";
import { normalizeApiGatewayEvent } from "../src/lib/api-gateway-event";
import { createLogger } from "../src/lib/logger";
import { requesterOf } from "../src/lib/requester-of";
import { verifySlackRequest } from "../src/lib/verify-slack-request";
import { isAllowedResponseUrl } from "../src/outbox/response-url";
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
  it("allows Slack's hooks host, and the configured API host only when it is not Slack's own", () => {
    const api = "http://127.0.0.1:4000/api/";

    expect(isAllowedResponseUrl("https://hooks.slack.com/commands/T1/2/abc", api)).toBe(true);
    expect(isAllowedResponseUrl("http://127.0.0.1:4000/response/x", api)).toBe(true);
    expect(isAllowedResponseUrl("http://hooks.slack.com/commands/T1", api)).toBe(false);
    expect(isAllowedResponseUrl("https://hooks.slack.com.evil.example/x", api)).toBe(false);
    expect(isAllowedResponseUrl("https://user:pw@hooks.slack.com/x", api)).toBe(false);
    expect(isAllowedResponseUrl("http://127.0.0.1:4001/response/x", api)).toBe(false);
    expect(isAllowedResponseUrl("http://127.0.0.1:4000/response/x", undefined)).toBe(false);
    expect(isAllowedResponseUrl("not a url", api)).toBe(false);
    expect(isAllowedResponseUrl("https://slack.com/api/x", "https://slack.com/api/")).toBe(false);
    expect(isAllowedResponseUrl("https://hooks.slack.com/x", "https://slack.com/api/")).toBe(true);
  });
});

describe("the logger", () => {
  it("scrubs its secrets and credentials in URLs from every line it writes", async () => {
    const logger = createLogger({ secrets: ["xoxb-live-token-777"], logLevel: "INFO" });
    const { lines } = await captureLines(() =>
      logger.info(
        "token xoxb-live-token-777 for https://u:p4ss@h.example/?api_key=k-123 Bearer abcdef123456",
        {
          password: "hunter2",
          url: "https://h.example/x?token=abc123",
        },
      ),
    );

    const out = lines.join("");
    expect(out).toContain("REDACTED");
    expect(out).toContain("Bearer REDACTED");
    for (const secret of ["xoxb-live-token-777", "p4ss", "k-123", "hunter2", "abc123", "abcdef123456"])
      expect(out).not.toContain(secret);
  });

  it("names its service: the function's (POWERTOOLS_SERVICE_NAME, set by the stack), else the bot's", async () => {
    const before = process.env.POWERTOOLS_SERVICE_NAME;
    try {
      delete process.env.POWERTOOLS_SERVICE_NAME;
      const plain = await captureLines(() => createLogger({ logLevel: "INFO" }).info("a"));
      process.env.POWERTOOLS_SERVICE_NAME = "nexudus-webhooks-watch";
      const named = await captureLines(() => createLogger({ logLevel: "INFO" }).info("b"));

      expect(JSON.parse(plain.lines.join("")).service).toBe("nexudus-webhooks");
      expect(JSON.parse(named.lines.join("")).service).toBe("nexudus-webhooks-watch");
    } finally {
      if (before === undefined) delete process.env.POWERTOOLS_SERVICE_NAME;
      else process.env.POWERTOOLS_SERVICE_NAME = before;
    }
  });

  it("puts the Lambda request id and function name on every line once given the invocation's context", async () => {
    const logger = createLogger({ logLevel: "INFO" });
    logger.addContext({
      functionName: "nwh-slack",
      awsRequestId: "req-42",
      functionVersion: "$LATEST",
      invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:nwh-slack",
      memoryLimitInMB: "1024",
    } as never);

    const { lines } = await captureLines(() => {
      logger.info("one");
      logger.warn("two");
    });

    const records = lines
      .join("")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record.function_request_id).toBe("req-42");
      expect(record.function_name).toBe("nwh-slack");
    }
  });
});

describe("requesterOf", () => {
  const form = "application/x-www-form-urlencoded";
  it("reads the user of a command, a click and a Home tab opened, and nothing from anything else", () => {
    const click = new URLSearchParams({ payload: JSON.stringify({ user: { id: "U0CLICKER" } }) });

    expect(requesterOf(new URLSearchParams({ user_id: "U0COMMAND" }).toString(), form)).toBe("U0COMMAND");
    expect(requesterOf(click.toString(), form)).toBe("U0CLICKER");
    expect(
      requesterOf(
        JSON.stringify({ event: { type: "app_home_opened", user: "U0EVENT01" } }),
        "application/json",
      ),
    ).toBe("U0EVENT01");
    // A member joining a channel the bot is in asks nothing of the bot: Nexudus is not got ready for it.
    const joined = { event: { type: "member_joined_channel", user: "U0EVENT01", channel: "C0ALERTS01" } };
    expect(requesterOf(JSON.stringify(joined), "application/json")).toBeUndefined();
    expect(requesterOf("payload=%7Bnot-json", form)).toBeUndefined();
    expect(requesterOf(JSON.stringify({ event: { user: 5 } }), "application/json")).toBeUndefined();
    expect(requesterOf("user_id=U0COMMAND", "text/plain")).toBeUndefined();
    expect(requesterOf('{"type":"url_verification"}', "application/json")).toBeUndefined();
  });
});
