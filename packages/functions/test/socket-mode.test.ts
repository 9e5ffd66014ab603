import { ACTION_IDS } from "@nwh/core/blocks";
import { parseConfig } from "@nwh/core/config";
import { type LocalTable, startLocalTable } from "@nwh/dynamo-local";
import { type Emulator, startEmulator } from "@nwh/emulator";
import { type SlackStub, type SocketAck, startSlackStub } from "@nwh/slack-stub";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  buildAppDeps,
  createLogger,
  createSocketModeApp,
  createWorkerHandler,
  DEFAULT_TUNING,
  type SocketModeApp,
} from "../src";
import { SIGNING_SECRET } from "./support/api-gateway";
import { ADMIN, BOT_TOKEN, tableValues, USER } from "./support/bot";

/*
 * Socket Mode end to end, on loopback: Bolt's SocketModeReceiver (the real @slack/socket-mode client) asks
 * the Slack stub for a connection, the stub pushes envelopes as Slack does, and the same listeners and
 * pipeline as the Lambda's answer them.
 */

const APP_TOKEN = "xapp-1-A0STUBAPP1-test";

let emu: Emulator;
let stub: SlackStub;
let table: LocalTable;
let app: SocketModeApp;
const jobs: unknown[] = [];

beforeEach(async () => {
  emu = await startEmulator({ rateLimit: false });
  stub = await startSlackStub({ token: BOT_TOKEN, appToken: APP_TOKEN });
  table = await startLocalTable();
  const config = parseConfig({
    ...tableValues(table),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: stub.apiUrl,
    NEXUDUS_BASE_URL: emu.url,
    NEXUDUS_USERNAME: emu.credentials.username,
    NEXUDUS_PASSWORD: emu.credentials.password,
    SLACK_ALLOWED_USER_IDS: USER,
    SLACK_ADMIN_USER_IDS: ADMIN,
  });
  // A command that misses Slack's 3 s (a loaded machine) is handed to the worker, run here at once.
  const deps = buildAppDeps(config, {
    tuning: { ...DEFAULT_TUNING, nexudusLimiter: false },
    logger: createLogger({ logLevel: "SILENT" }),
    dispatcher: {
      dispatch: async (job) => {
        jobs.push(job);
        void worker(job);
      },
    },
  });
  const worker = createWorkerHandler(async () => deps);
  app = createSocketModeApp(deps, { appToken: APP_TOKEN });
  await app.start();
});

afterEach(async () => {
  await app.stop();
  await Promise.all([emu.close(), stub.close(), table.close()]);
  jobs.length = 0;
});

const command = (text: string, userId: string, responseUrl: string) => ({
  token: "legacy",
  team_id: "T0TEST0001",
  team_domain: "test",
  channel_id: "C0TEST0001",
  channel_name: "ops",
  user_id: userId,
  user_name: "someone",
  command: "/webhooks",
  text,
  api_app_id: "A0STUBAPP1",
  is_enterprise_install: "false",
  response_url: responseUrl,
  trigger_id: "1.2.3",
});

/** A command's answer: the ack's message, or (when it was handed to the worker) what the worker posted. */
async function answerOf(ack: SocketAck, responseUrl: string): Promise<{ text?: string; blocks?: unknown[] }> {
  const message = (ack.payload ?? {}) as { text?: string; blocks?: unknown[] };
  if (!/^Searching/.test(message.text ?? "")) return message;
  const posted = await stub.waitFor(() => stub.responses.find((r) => responseUrl.endsWith(r.path)));
  return posted.body as { text?: string; blocks?: unknown[] };
}

interface Button {
  action_id: string;
  value?: string;
}

function buttonsOf(message: { blocks?: unknown[] }): Button[] {
  return (message.blocks ?? []).flatMap((block) => {
    const b = block as { elements?: Button[]; accessory?: Button };
    return [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])];
  });
}

describe("Socket Mode through the real @slack/socket-mode client", () => {
  it("connects with the app token and answers a slash command in its ack", async () => {
    // Act
    const responseUrl = stub.newResponseUrl();
    const ack = await stub.socketMode.send("slash_commands", command("failing", USER, responseUrl));

    // Assess
    expect(stub.calls.find((c) => c.method === "apps.connections.open")?.token).toBe(APP_TOKEN);
    expect(ack.payload).toMatchObject({ response_type: "ephemeral" });
    expect((await answerOf(ack, responseUrl)).text).toMatch(/^Failing webhooks: \d+ found/);
  });

  it("runs a click from that answer and posts the result to its response_url", async () => {
    // Prepare
    const first = stub.newResponseUrl();
    const answer = await answerOf(
      await stub.socketMode.send("slash_commands", command("failing", USER, first)),
      first,
    );
    const details = buttonsOf(answer).find((b) => b.action_id === ACTION_IDS.details)!;
    const responseUrl = stub.newResponseUrl();

    // Act
    const ack = await stub.socketMode.send("interactive", {
      type: "block_actions",
      user: { id: USER, username: "someone", team_id: "T0TEST0001" },
      api_app_id: "A0STUBAPP1",
      token: "legacy",
      team: { id: "T0TEST0001", domain: "test" },
      trigger_id: "1.2.3",
      container: { type: "message", message_ts: "1.2", channel_id: "C0TEST0001", is_ephemeral: true },
      channel: { id: "C0TEST0001", name: "ops" },
      response_url: responseUrl,
      actions: [
        {
          type: "button",
          action_id: details.action_id,
          block_id: "b1",
          value: details.value,
          text: { type: "plain_text", text: "Details" },
          action_ts: "1.3",
        },
      ],
    });
    const post = await stub.waitFor(() => stub.responses.find((r) => responseUrl.endsWith(r.path)));

    // Assess
    expect(ack.payload ?? {}).toEqual({});
    expect(post.body).toMatchObject({ replace_original: true });
    expect(JSON.stringify(post.body.blocks)).toContain("Description");
  });

  it("publishes the Home tab when it is opened", async () => {
    // Act
    const ack = await stub.socketMode.send("events_api", {
      token: "legacy",
      team_id: "T0TEST0001",
      api_app_id: "A0STUBAPP1",
      type: "event_callback",
      event_id: "Ev0SOCKET01",
      event_time: 1_700_000_000,
      event: { type: "app_home_opened", user: USER, channel: "D0HOME0001", tab: "home", event_ts: "1.4" },
    });
    const view = await stub.waitFor(() => stub.homeViews.get(USER) as { type?: string; blocks?: unknown[] });

    // Assess
    expect(ack.envelope_id).toEqual(expect.any(String));
    expect(view.type).toBe("home");
    expect(view.blocks?.length).toBeGreaterThan(1);
  });

  it("applies the same rights: a stranger's command is refused", async () => {
    // Act
    const ack = await stub.socketMode.send(
      "slash_commands",
      command("failing", "U0STRANGER1", stub.newResponseUrl()),
    );

    // Assess
    expect(ack.payload?.text).toBe(
      "You are not allowed to search webhooks. Ask an admin of this bot for access.",
    );
    expect(emu.requests).toEqual([]);
  });
});
