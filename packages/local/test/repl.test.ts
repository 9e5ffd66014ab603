import { PassThrough } from "node:stream";
import type { WebhookRecord } from "@nwh/core/nexudus";
import { COMMAND_TABLE } from "@nwh/core/query";
import { STUB_BOT_USER_ID } from "@nwh/slack-stub";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LOCAL_CHANNEL } from "../src/local-identity";
import { REPL_HELP, type ReplOptions, runRepl } from "../src/repl";
import { type LocalMode, startLocalMode } from "../src/start-local-mode";

/*
 * The prompt, driven through its input stream against local mode in this process: the real slack and
 * worker handlers, the embedded emulator (demo account) and Slack stub, every request signed.
 */

let mode: LocalMode;
const logged: string[] = [];

beforeAll(async () => {
  // The handlers' INFO lines are for CloudWatch; they would only clutter the test output.
  process.env.POWERTOOLS_LOG_LEVEL = "WARN";
  mode = await startLocalMode({ PORT: "0" }, { log: (line) => logged.push(line) });
});
afterAll(async () => {
  await mode?.close();
});

/** A fresh prompt on `on`: its input, what it wrote so far, and its end. */
function openPrompt(on: LocalMode, overrides: Partial<ReplOptions> = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = "";
  output.on("data", (chunk: Buffer) => {
    written += chunk.toString("utf8");
  });
  const done = runRepl({
    input,
    output,
    endpoint: on.server.endpoint,
    signingSecret: on.config.env.SLACK_SIGNING_SECRET!,
    sink: on.config.slackStub!,
    webApiOnSink: true,
    runDigest: () => on.runDigest(),
    idle: () => on.dispatcher.idle(),
    builderLink: (message) => on.builderLink(message),
    ...overrides,
  });
  return { input, written: () => written, done };
}

/** Feeds lines to a fresh prompt, waits until it ends, and returns everything it wrote. */
async function drive(lines: string[], overrides: Partial<ReplOptions> = {}): Promise<string> {
  const prompt = openPrompt(mode, overrides);
  prompt.input.end(lines.map((line) => `${line}\n`).join(""));
  await prompt.done;
  return prompt.written();
}

const webhooks = (): WebhookRecord[] => mode.config.emulator!.account.webhooks;
const byId = (id: number) => webhooks().find((w) => w.Id === id)!;
/** The part of the output after the prompt line that shows `input`. */
const after = (out: string, input: string) => out.slice(out.indexOf(`webhooks> ${input}\n`));
/** The part of the output after the confirm question's prompt that shows `input`. */
const afterConfirm = (out: string, input: string) => out.slice(out.indexOf(` [y/n]> ${input}\n`));

describe("the prompt", () => {
  it("answers `failing` with the demo account's failing webhooks, worst first, buttons numbered", async () => {
    // Prepare: what the demo account holds
    const failing = webhooks()
      .filter((w) => w.ErrorCount >= 1)
      .sort((a, b) => b.ErrorCount - a.ErrorCount);

    // Act
    const out = await drive(["failing"]);

    // Assess
    expect(out).toContain("Failing webhooks");
    expect(out).toContain(`${failing.length} found`);
    const worst = failing.filter((w) => w.ErrorCount === failing[0]!.ErrorCount);
    expect(worst.some((w) => out.includes(`#${w.Id}`))).toBe(true);
    expect(out).toMatch(/^\[b1\] Details$/m);
    expect(out).toMatch(/^\[b2\] (Pause|Resume)$/m);
    expect(out).not.toContain("\x1b");
    expect(out).toMatch(/Block Kit Builder: http:\/\/127\.0\.0\.1:\d+\/kit\/\d+/);
    expect(logged).toEqual([]);
  });

  it("takes `/webhooks …` and bare text alike", async () => {
    const out = await drive(["/webhooks disabled", "disabled"]);

    const first = after(out, "/webhooks disabled").split("webhooks> ")[1]!;
    const second = after(out, "disabled").split("webhooks> ")[1]!;
    expect(first).toContain("Disabled webhooks");
    expect(second.replace(/\/kit\/\d+/g, "")).toBe(
      first.replace(/\/kit\/\d+/g, "").replace("/webhooks disabled", "disabled"),
    );
  });

  it("clicks a numbered button: Details of the first row", async () => {
    // Act
    const out = await drive(["failing", "b1"]);

    // Assess: the row the first button belongs to, and its details in place of the list
    const list = after(out, "failing");
    const rowId = /#(\d+)[^\n]*\n(?:[^\n]*\n)*?\[b1\] Details/.exec(list)?.[1];
    expect(rowId).toBeDefined();
    const details = after(out, "b1");
    expect(details).toContain("response_url · only visible to you · replaces the message");
    expect(details).toContain(byId(Number(rowId)).Name);
    expect(details).toContain("Target URL");
  });

  it("asks before a button with a confirm dialog, and does nothing when denied", async () => {
    // Prepare: the first row's second button is Pause or Resume
    const probe = await drive(["failing"]);
    const rowId = Number(/#(\d+)[^\n]*\n(?:[^\n]*\n)*?\[b1\] Details/.exec(after(probe, "failing"))![1]);
    const before = byId(rowId).Active;

    // Act
    const out = await drive(["failing", "b2", "n"]);

    // Assess
    expect(after(out, "b2")).toMatch(
      /(Pause|Resume) this webhook\?\n.*\n\[y\] (Pause|Resume) {2}\[n\] Cancel/,
    );
    expect(afterConfirm(out, "n")).toContain("Cancelled.");
    expect(byId(rowId).Active).toBe(before);
  });

  it("pauses or resumes for real when confirmed (the local user is an admin)", async () => {
    const probe = await drive(["failing"]);
    const rowId = Number(/#(\d+)[^\n]*\n(?:[^\n]*\n)*?\[b1\] Details/.exec(after(probe, "failing"))![1]);
    const before = byId(rowId).Active;

    const out = await drive(["failing", "b2", "y"]);

    expect(byId(rowId).Active).toBe(!before);
    expect(afterConfirm(out, "y")).toContain(before ? "paused" : "resumed");
    expect(afterConfirm(out, "y")).toContain("@ULOCAL0001");
  });

  it("reads a bare number as a webhook id, never as a button: `1` after a list shows webhook 1", async () => {
    const out = await drive(["failing", "1"]);

    const answer = after(out, "1");
    expect(answer).toContain("No webhook has the id 1");
    expect(answer).not.toContain("Target URL");
    // The list had a button b1: the prompt says how to click it.
    expect(answer).toContain("To click [b1], type b1.");
  });

  it("shows a webhook by its id whatever the last answer's buttons", async () => {
    const hook = webhooks().find((w) => w.Description)!;

    const out = await drive(["failing", String(hook.Id)]);

    expect(after(out, String(hook.Id))).toContain(hook.Description!);
    expect(after(out, String(hook.Id))).toContain("Target URL");
  });

  it("answers a button the last answer does not have without sending anything", async () => {
    const requests = mode.config.emulator!.requests.length;

    const out = await drive(["b7"]);

    expect(after(out, "b7")).toContain("There is no button b7");
    expect(mode.config.emulator!.requests.length).toBe(requests);
  });

  it("asks a confirm question in the prompt itself, and runs what was typed instead after cancelling", async () => {
    const probe = await drive(["failing"]);
    const rowId = Number(/#(\d+)[^\n]*\n(?:[^\n]*\n)*?\[b1\] Details/.exec(after(probe, "failing"))![1]);
    const before = byId(rowId).Active;

    const out = await drive(["failing", "b2", "disabled"]);

    // The pending question is the prompt the search was typed at.
    expect(out).toMatch(/(Pause|Resume) this webhook\? \[y\/n\]> disabled\n/);
    const rest = afterConfirm(out, "disabled");
    expect(rest).toContain("Cancelled.");
    expect(rest).toContain("Disabled webhooks");
    expect(byId(rowId).Active).toBe(before);
    // Back to the usual prompt afterwards.
    expect(rest.indexOf("Cancelled.")).toBeLessThan(rest.indexOf("Disabled webhooks"));
    expect(rest).toMatch(/\nwebhooks> $/);
  });

  it("answers an empty line with the overview, as a bare /webhooks does in Slack", async () => {
    const out = await drive([""]);

    expect(after(out, "")).toContain("Nexudus webhooks");
    expect(after(out, "")).toContain("Show failing");
  });

  it("pauses from a full page's row menu: Pause… asks, the confirm button pauses", async () => {
    // Prepare: a full page (admin: each row has a menu), and the menu options of an active webhook.
    const probe = after(await drive(["all size:25"]), "all size:25");
    const row =
      / {2}· {2}#(\d+) {2}·[^\n]*\n(?:(?!⋯)[^\n]*\n)*?⋯ \[b(\d+)\] Details {2}\[b(\d+)\] Pause…/.exec(probe)!;
    const id = Number(row[1]);
    expect(byId(id).Active).toBe(true);

    // Act: choose Pause…, then click the confirm message's first button and say yes.
    const out = await drive(["all size:25", `b${row[3]}`, "b1", "y"]);

    // Assess
    expect(after(out, `b${row[3]}`)).toContain("Pause this webhook?");
    expect(after(out, `b${row[3]}`)).toMatch(/\[b1\] Pause webhook #\d+/);
    expect(byId(id).Active).toBe(false);
    expect(afterConfirm(out, "y")).toContain(`(#${id}).`);
  });

  it("shows a hostile webhook name as the literal text, not as a ping or a link", async () => {
    // Prepare: a webhook whose name tries a broadcast and a forged link
    const hostile = webhooks().find((w) => w.Name.includes("<!channel>"));
    expect(hostile).toBeDefined();

    // Act
    const out = await drive([`show ${hostile!.Id}`]);

    // Assess
    expect(out).toContain("<!channel>");
    expect(out).not.toContain("@channel");
    expect(out).not.toContain("click here (https://evil.example)");
  });

  it("runs the digest with `digest` and shows what it posted, thread included", async () => {
    const out = await drive(["digest"]);

    expect(out).toContain("chat.postMessage → #webhooks-local ──");
    expect(out).toContain("chat.postMessage → #webhooks-local · in a thread ──");
    expect(out).toMatch(/Digest for \d{4}-\d{2}-\d{2}: (posted|already posted today)/);
    expect(mode.config.slackStub!.channels.get("CLOCAL0001")?.length).toBeGreaterThan(0);
  });

  it("subscribes another channel with a #channel prefix or `channel`, and the digest says where each went", async () => {
    const out = await drive([
      "#paris-team subscribe failing digest at:00:00",
      "channel",
      "channel #paris-team",
      "channel",
      "subscriptions",
      "digest",
      "unsubscribe 1",
    ]);

    const subscribed = after(out, "#paris-team subscribe failing digest at:00:00");
    expect(subscribed).toContain("is subscribed to");
    // The audit line lands in the channel subscribed, named as the prompt knows it.
    expect(subscribed).toContain("chat.postMessage → #paris-team ──");
    expect(after(out, "channel")).toContain(
      "Commands are typed in #webhooks-local (CLOCAL0001). Also here: #paris-team.",
    );
    expect(after(out, "channel #paris-team")).toContain(
      "Commands are typed in #paris-team (CLOCAL0002) from now on.",
    );
    expect(after(out, "subscriptions")).toMatch(/1\. .*failing webhooks/);
    const digest = after(out, "digest");
    expect(digest).toContain("chat.postMessage → #paris-team ──");
    expect(digest).toContain("Subscription digests: 1 posted.");
    expect(after(out, "unsubscribe 1")).toContain("Removed");
    expect(mode.config.slackStub!.channels.get("CLOCAL0002")?.some((m) => m.thread_ts === undefined)).toBe(
      true,
    );
  });

  it("opens the App Home tab with `home`", async () => {
    const out = await drive(["home"]);

    expect(out).toContain("App Home of ULOCAL0001");
    expect(out).toMatch(/\[b1\] Show failing/);
  });

  it("Add subscription and Edit show their form (views.open) and the command that does the same here", async () => {
    // Prepare: a subscription of a channel of its own, and the Home tab's buttons for it.
    const home = await drive(["#forms subscribe healthy at:07:45", "home"]);
    const settings = home.slice(home.lastIndexOf("Settings: channel subscriptions"));
    const add = /\[b(\d+)\] Add subscription/.exec(settings)![1];
    const edit = /healthy webhooks: .*at 07:45.*\n\[b(\d+)\] Edit/.exec(settings)![1];

    // Act: the channel named again first, so that this prompt knows #forms too.
    const out = await drive(["#forms subscriptions", "home", `b${add}`, "home", `b${edit}`]);

    // Assess
    const added = after(out, `b${add}`);
    expect(added).toContain("── views.open · a form ──\nForm: Add subscription\n  Channel: (empty)");
    expect(added).toContain("Forms open only in a real Slack workspace");
    expect(added).toMatch(/Type the same here: #ops subscribe failing at:08:00 tz:UTC\n/);
    const edited = after(out, `b${edit}`);
    expect(edited).toContain(
      "Form: Edit subscription\n  Channel: #forms\n  Webhooks (a /webhooks search): healthy",
    );
    expect(edited).toMatch(/Type the same here: #forms subscribe healthy at:07:45 tz:UTC\n.*remove it first/);
    expect(mode.config.slackStub!.openedViews.length).toBeGreaterThanOrEqual(2);
  });

  it("shows its help, refuses other slash commands, and stops at `exit`", async () => {
    const out = await drive(["help", "/other thing", "exit", "failing"]);

    expect(out).toContain(REPL_HELP);
    expect(out).toContain("Only /webhooks is a command here");
    expect(out).not.toContain("Failing webhooks");
  });

  it("its help lists every /webhooks command of the command table, and watch and tick", () => {
    const commands = COMMAND_TABLE.filter((row) => row.kind === "command").map((row) => row.name);
    expect(commands).toEqual(expect.arrayContaining(["incidents", "muted", "doctor", "subscribe"]));
    for (const name of [...commands, "watch", "tick"])
      expect(REPL_HELP).toMatch(new RegExp(`^ +${name}\\b`, "m"));
  });

  it("snoozes an incident from its select menu: each length is a button, the click sends the select's choice", async () => {
    // Prepare: a local mode of its own (ticks change its account), a prompt fed line by line.
    const own = await startLocalMode({ PORT: "0" }, { log: () => {} });
    const { input, written, done } = openPrompt(own, {
      runWatch: () => own.runWatch(),
      tick: () => own.config.emulator!.deliveries.tick({ recoverEvery: 4 }),
    });
    const polls = () => written().split("Watch: read").length - 1;
    const SNOOZE = /Snooze: \[b(\d+)\] 1 h {2}\[b\d+\] 4 h {2}\[b\d+\] 1 day {2}\[b\d+\] 1 week/;
    try {
      // Act: a first poll, then rounds of deliveries until an incident gets a message; click "1 h".
      input.write("watch\n");
      await vi.waitFor(() => expect(polls()).toBe(1));
      for (let round = 1; round <= 8 && !SNOOZE.exec(written()); round++) {
        input.write("tick\n");
        await vi.waitFor(() => expect(polls()).toBe(round + 1));
      }
      const last = [...written().matchAll(new RegExp(SNOOZE, "g"))].at(-1);
      expect(last).toBeDefined();
      const before = written().length;
      input.write(`b${last![1]}\n`);
      await vi.waitFor(() => expect(written().slice(before)).toContain("Snoozed until"), { timeout: 10_000 });
    } finally {
      input.end();
      await done;
      await own.close();
    }

    // Assess: the stub saw the message updated with the snooze; nothing refused the click.
    const clicked = written().slice(written().lastIndexOf("webhooks> b"));
    expect(clicked).not.toMatch(/not one of|refused|failed/i);
    expect(clicked).toContain("chat.update");
  });

  it("`invite` plays the bot invited back: the channel held since the bot was removed takes alerts at the next watch", async () => {
    // Prepare: a local mode of its own; a first poll; the bot removed from the local channel; rounds of
    // deliveries until a poll's message there is refused (which holds the channel).
    const own = await startLocalMode({ PORT: "0" }, { log: () => {} });
    const stub = own.config.slackStub!;
    const { input, written, done } = openPrompt(own, {
      runWatch: () => own.runWatch(),
      tick: () => own.config.emulator!.deliveries.tick({ recoverEvery: 4 }),
      invite: { botUserId: STUB_BOT_USER_ID, join: (c) => stub.workspace.notMemberOf.delete(c) },
    });
    const prompts = () => written().split("webhooks> ").length - 1;
    const refusedPosts = () =>
      stub.calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === LOCAL_CHANNEL.id)
        .length - (stub.channels.get(LOCAL_CHANNEL.id) ?? []).length;
    const messages = () => (stub.channels.get(LOCAL_CHANNEL.id) ?? []).length;
    try {
      input.write("watch\n");
      await vi.waitFor(() => expect(prompts()).toBe(2), { timeout: 10_000 });
      stub.workspace.notMemberOf.add(LOCAL_CHANNEL.id);
      for (let round = 1; round <= 8 && refusedPosts() === 0; round++) {
        input.write("tick\n");
        await vi.waitFor(() => expect(prompts()).toBe(round + 2), { timeout: 10_000 });
      }
      expect(refusedPosts()).toBeGreaterThan(0);
      const heldMessages = messages();

      // Act: the bot is invited back; a poll.
      input.write("invite\n");
      await vi.waitFor(() => expect(written()).toContain("The bot joined #webhooks-local"), {
        timeout: 10_000,
      });
      input.write("watch\n");
      await vi.waitFor(() => expect(messages()).toBeGreaterThan(heldMessages), { timeout: 10_000 });
    } finally {
      input.end();
      await done;
      await own.close();
    }

    // Assess: the bot's own id was asked once; nothing was refused after the invite.
    expect(stub.calls.filter((c) => c.method === "auth.test")).toHaveLength(1);
    expect(written().slice(written().lastIndexOf("webhooks> invite"))).not.toMatch(/failed|refused/i);
  });

  it("its help says how buttons, numbers and an empty line work now", () => {
    expect(REPL_HELP).toContain("b1");
    expect(REPL_HELP).toMatch(/12345 +one webhook in full/);
    expect(REPL_HELP).toMatch(/empty line/i);
  });

  it("ends at the end of its input (Ctrl-D)", async () => {
    const out = await drive([]);

    expect(out).toContain("Type failing to list the failing webhooks");
  });

  it("says so when the endpoint refuses the signature", async () => {
    const out = await drive(["failing"], { signingSecret: "not-the-secret" });

    expect(out).toContain("The endpoint refused the request (401)");
    expect(out).not.toContain("Failing webhooks");
  });

  it("colours the answer when asked, and the Block Kit Builder link leads to the message", async () => {
    const out = await drive(["failing"], { color: true });

    expect(out).toContain("\x1b[1mFailing webhooks\x1b[22m");
    const link = /Block Kit Builder: (http:\/\/127\.0\.0\.1:\d+\/kit\/\d+)/.exec(out)![1]!;
    const answer = await fetch(link);
    expect(answer.status).toBe(200);
    const location = /<a href="([^"]+)">/.exec(await answer.text())![1]!.replace(/&amp;/g, "&");
    expect(location.startsWith("https://app.slack.com/block-kit-builder#")).toBe(true);
    const { blocks } = JSON.parse(decodeURIComponent(location.split("#")[1]!));
    expect(blocks[0]).toMatchObject({ type: "header", text: { text: "Failing webhooks" } });
  });
});
