import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Emulator, startEmulator } from "@nwh/emulator";
import { type SlackStub, signSlackRequest, startSlackStub } from "@nwh/slack-stub";
import { afterEach, describe, expect, it } from "vitest";
import { appHomeOpenedBody } from "../src/app-home-opened-body";
import { slashCommandBody } from "../src/slash-command-body";
import { type LocalChild, spawnLocal } from "./support/spawn-local";

/*
 * `npm start` as a child process without a terminal: it serves only, prints its endpoint and dev secret,
 * answers signed requests with the real handlers, honours configuration overrides, and exits cleanly.
 */

const children: LocalChild[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.child.exitCode === null) c.child.kill("SIGKILL");
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function start(env: Record<string, string>) {
  const local = spawnLocal("main.ts", { PORT: "0", ...env });
  children.push(local);
  const [, endpoint] = await local.waitFor(/Slack endpoint\s+(http:\/\/127\.0\.0\.1:\d+\/slack\/events)/);
  await local.waitFor(/Serving \(no terminal/);
  return { local, endpoint: endpoint! };
}

async function post(
  endpoint: string,
  secret: string,
  body: string,
  contentType = "application/x-www-form-urlencoded",
) {
  const answer = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": contentType, ...signSlackRequest(secret, body) },
    body,
  });
  return { status: answer.status, body: await answer.text() };
}

/** The message the bot answered a command with: the ack's blocks, or what it posted to `response_url`. */
async function answerTo(ack: { body: string }, stub?: SlackStub, responseUrl?: string): Promise<string> {
  const inline = ack.body ? (JSON.parse(ack.body) as { text?: string; blocks?: unknown[] }) : undefined;
  if (inline?.blocks && !/Searching/i.test(inline.text ?? "")) return JSON.stringify(inline);
  if (!stub || !responseUrl) return JSON.stringify(inline ?? {});
  const path = new URL(responseUrl).pathname;
  const posted = await stub.waitFor(() => stub.responses.find((r) => r.path === path && r.status === 200));
  return JSON.stringify(posted.body);
}

describe("npm start without a terminal", () => {
  it("prints the endpoint and the generated secret, and answers a signed `/webhooks failing` with the demo account", async () => {
    // Prepare
    const { local, endpoint } = await start({});
    const [, secret] = await local.waitFor(/Signing secret\s+([0-9a-f]{64}) \(generated/);

    // Act
    const ack = await post(endpoint, secret!, slashCommandBody("failing", "http://127.0.0.1:9/response/x"));

    // Assess
    expect(ack.status).toBe(200);
    const answer = await answerTo(ack);
    expect(answer).toContain("Failing webhooks");
    expect(answer).toContain("Visitor registered → Slack #reception");
    expect(answer).toContain("webhooks_details");
    expect(local.stdout()).toContain("embedded emulator, demo account");
    expect(local.stdout()).not.toContain("webhooks>");
  });

  it("answers 401 to a request signed with another secret, and to an unsigned one", async () => {
    const { endpoint } = await start({});
    const body = slashCommandBody("failing", "http://127.0.0.1:9/response/x");

    const wrong = await post(endpoint, "not-the-secret", body);
    const unsigned = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });

    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain("Failing");
    expect(unsigned.status).toBe(401);
  });

  it("exits 0 on SIGTERM, and on SIGINT", async () => {
    const first = await start({});
    const second = await start({});

    first.local.child.kill("SIGTERM");
    second.local.child.kill("SIGINT");

    expect(await first.local.exited).toEqual({ code: 0, signal: null });
    expect(await second.local.exited).toEqual({ code: 0, signal: null });
  });

  it("stops with a message naming the key when the configuration is malformed", async () => {
    const local = spawnLocal("main.ts", { PORT: "0", DIGEST_MIN_ERRORS: "eleven" });
    children.push(local);

    const { code } = await local.exited;

    expect(code).toBe(1);
    expect(local.stderr()).toContain("DIGEST_MIN_ERRORS");
    expect(local.stderr()).not.toContain("eleven");
    expect(local.stderr()).not.toMatch(/\n\s+at /);
  });

  it("says which port is taken when PORT is in use", async () => {
    // Prepare: a port someone else holds
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise((resolve) => holder.close(() => resolve())));
    const port = (holder.address() as AddressInfo).port;

    // Act
    const local = spawnLocal("main.ts", { PORT: String(port) });
    children.push(local);
    const { code } = await local.exited;

    // Assess
    expect(code).toBe(1);
    expect(local.stderr()).toContain(`address already in use 127.0.0.1:${port}`);
    expect(local.stderr()).toContain("PORT=0 picks any free port");
  });
});

describe("npm start with overrides", () => {
  let emulator: Emulator;
  let stub: SlackStub;

  async function prepare() {
    emulator = await startEmulator({ port: 0 });
    // Names only this emulator has, to tell it from the embedded one.
    for (const webhook of emulator.account.webhooks) webhook.Name = `Override marker ${webhook.Id}`;
    stub = await startSlackStub({ port: 0, token: "xoxb-test-token" });
    closers.push(
      () => emulator.close(),
      () => stub.close(),
    );
    return {
      NEXUDUS_BASE_URL: emulator.url,
      NEXUDUS_USERNAME: emulator.credentials.username,
      NEXUDUS_PASSWORD: emulator.credentials.password,
      SLACK_API_URL: stub.apiUrl,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: "test-signing-secret",
    };
  }

  it("uses the Nexudus, Slack API and signing secret it is given, and never prints the secret", async () => {
    // Prepare
    const env = await prepare();
    const { local, endpoint } = await start(env);
    const responseUrl = stub.newResponseUrl();

    // Act
    const ack = await post(endpoint, "test-signing-secret", slashCommandBody("failing", responseUrl));

    // Assess
    expect(ack.status).toBe(200);
    expect(await answerTo(ack, stub, responseUrl)).toContain("Override marker ");
    expect(emulator.requests.some((r) => r.path.startsWith("/api/sys/webhooks"))).toBe(true);
    expect(local.stdout()).toContain("set from SLACK_SIGNING_SECRET (not shown)");
    expect(local.stdout()).not.toContain("test-signing-secret");
    expect(local.stdout()).not.toContain("embedded emulator");
    expect(local.stdout()).toMatch(/Environment\s+.*SLACK_SIGNING_SECRET.*NEXUDUS_BASE_URL/);
  });

  it("refuses a request signed with a generated-looking secret when one was configured", async () => {
    const env = await prepare();
    const { endpoint } = await start(env);

    const ack = await post(endpoint, "0".repeat(64), slashCommandBody("failing", stub.newResponseUrl()));

    expect(ack.status).toBe(401);
  });

  it("calls the configured Slack Web API with the configured token", async () => {
    const env = await prepare();
    const { endpoint } = await start(env);

    const ack = await post(endpoint, "test-signing-secret", appHomeOpenedBody(), "application/json");

    expect(ack.status).toBe(200);
    const publish = await stub.waitFor(() => stub.calls.find((c) => c.method === "views.publish"), 10_000);
    expect(publish.token).toBe("xoxb-test-token");
    expect(publish.args.user_id).toBe("ULOCAL0001");
    expect(JSON.stringify(publish.args.view)).toContain("Override marker ");
  });
});
