import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { createLinkStore } from "../src/link-store";
import { type LocalServer, startLocalServer } from "../src/start-local-server";

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server whose handler records what it received and answers `result`. */
async function serve(result: APIGatewayProxyResultV2 | (() => never)) {
  const seen: Array<{ event: APIGatewayProxyEventV2; context: Context }> = [];
  const errors: unknown[] = [];
  server = await startLocalServer({
    port: 0,
    handler: async (event, context) => {
      seen.push({ event, context });
      return typeof result === "function" ? result() : result;
    },
    onError: (error) => errors.push(error),
  });
  return { seen, errors, server };
}

describe("startLocalServer: request → API Gateway v2 event", () => {
  it("turns a form POST into the event API Gateway sends, body base64-encoded", async () => {
    // Prepare
    const { seen, server } = await serve({ statusCode: 200, body: "" });
    const form = "command=%2Fwebhooks&text=failing+%C3%A9";

    // Act
    const before = Date.now();
    await fetch(`${server.endpoint}?a=1&a=2&b=x`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Signature": "v0=abc",
        "User-Agent": "Slackbot 1.0",
        Cookie: "c1=v1; c2=v2",
      },
      body: form,
    });

    // Assess
    expect(seen).toHaveLength(1);
    const { event, context } = seen[0]!;
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "POST /slack/events",
      rawPath: "/slack/events",
      rawQueryString: "a=1&a=2&b=x",
      queryStringParameters: { a: "1,2", b: "x" },
      cookies: ["c1=v1", "c2=v2"],
      isBase64Encoded: true,
      requestContext: {
        routeKey: "POST /slack/events",
        stage: "$default",
        http: { method: "POST", path: "/slack/events", userAgent: "Slackbot 1.0" },
      },
    });
    expect(event.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(event.headers["x-slack-signature"]).toBe("v0=abc");
    expect(event.headers.cookie).toBeUndefined();
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(Buffer.from(event.body!, "base64").toString("utf8")).toBe(form);
    expect(event.requestContext.http.sourceIp).toMatch(/127\.0\.0\.1$/);
    expect(event.requestContext.timeEpoch).toBeGreaterThanOrEqual(before);
    expect(event.requestContext.timeEpoch).toBeLessThanOrEqual(Date.now());
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(context.functionName).toBe("slack");
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });

  it("passes a JSON body through as text, as API Gateway does", async () => {
    const { seen, server } = await serve({ statusCode: 200, body: "" });
    const json = JSON.stringify({ type: "event_callback", text: "é" });

    await fetch(server.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: json,
    });

    expect(seen[0]!.event.isBase64Encoded).toBe(false);
    expect(seen[0]!.event.body).toBe(json);
    expect(seen[0]!.event.rawQueryString).toBe("");
    expect(seen[0]!.event.queryStringParameters).toBeUndefined();
  });
});

describe("startLocalServer: handler result → HTTP response", () => {
  it("sends status, headers, cookies and body of a structured result", async () => {
    const { server } = await serve({
      statusCode: 201,
      headers: { "Content-Type": "application/json", "X-Extra": "1" },
      cookies: ["a=1", "b=2"],
      body: '{"ok":true}',
    });

    const answer = await fetch(server.endpoint, { method: "POST", body: "x" });

    expect(answer.status).toBe(201);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("x-extra")).toBe("1");
    expect(answer.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await answer.json()).toEqual({ ok: true });
  });

  it("decodes a base64 body", async () => {
    const { server } = await serve({
      statusCode: 200,
      isBase64Encoded: true,
      body: Buffer.from("héllo").toString("base64"),
    });

    const answer = await fetch(server.endpoint, { method: "POST", body: "x" });

    expect(await answer.text()).toBe("héllo");
  });

  it("answers a plain object result as JSON with status 200", async () => {
    const { server } = await serve({ text: "hi" } as unknown as APIGatewayProxyResultV2);

    const answer = await fetch(server.endpoint, { method: "POST", body: "x" });

    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(await answer.json()).toEqual({ text: "hi" });
  });

  it("answers 500 when the handler throws, and reports the error", async () => {
    const { server, errors } = await serve(() => {
      throw new Error("boom");
    });

    const answer = await fetch(server.endpoint, { method: "POST", body: "x" });

    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ message: "Internal Server Error" });
    expect(errors).toHaveLength(1);
  });
});

describe("startLocalServer: routes", () => {
  it("answers /health, and 404 or 405 for anything but POST /slack/events, without calling the handler", async () => {
    const { seen, server } = await serve({ statusCode: 200, body: "" });

    const health = await fetch(`${server.url}/health`);
    const other = await fetch(`${server.url}/slack/other`, { method: "POST", body: "x" });
    const get = await fetch(server.endpoint);

    expect([health.status, await health.text()]).toEqual([200, "ok"]);
    expect(other.status).toBe(404);
    expect(get.status).toBe(405);
    expect(seen).toHaveLength(0);
  });

  it("serves stored links under /kit/<id> as a page that forwards there, and only those", async () => {
    // Prepare
    const links = createLinkStore();
    const target = 'https://app.slack.com/block-kit-builder#%7B%22blocks%22%3A%5B%5D%7D?a=1&b="<x>"';
    const id = links.add(target);
    server = await startLocalServer({ port: 0, links, handler: async () => ({ statusCode: 200 }) });

    // Act
    const page = await fetch(`${server.url}/kit/${id}`);
    const unknown = await fetch(`${server.url}/kit/999`);

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toBe("default-src 'none'");
    const html = await page.text();
    const escaped = target
      .replace(/&/g, "&amp;")
      .replace(/"/g, "&quot;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;");
    expect(html).toContain(`<meta http-equiv="refresh" content="0; url=${escaped}">`);
    expect(html).toContain(`<a href="${escaped}">`);
    expect(unknown.status).toBe(404);
  });

  it("refuses a body over 1 MB with 413", async () => {
    const { seen, server } = await serve({ statusCode: 200, body: "" });

    const answer = await fetch(server.endpoint, { method: "POST", body: "x".repeat(1_000_001) });

    expect(answer.status).toBe(413);
    expect(seen).toHaveLength(0);
  });
});
