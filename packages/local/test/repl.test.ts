import { PassThrough } from "node:stream";
import type { WebhookRecord } from "@nwh/core/nexudus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

/** Feeds lines to a fresh prompt, waits until it ends, and returns everything it wrote. */
async function drive(lines: string[], overrides: Partial<ReplOptions> = {}): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = "";
  output.on("data", (chunk: Buffer) => {
    written += chunk.toString("utf8");
  });
  const done = runRepl({
    input,
    output,
    endpoint: mode.server.endpoint,
    signingSecret: mode.config.env.SLACK_SIGNING_SECRET!,
    sink: mode.config.slackStub!,
    webApiOnSink: true,
    runDigest: () => mode.runDigest(),
    idle: () => mode.dispatcher.idle(),
    builderLink: (message) => mode.builderLink(message),
    ...overrides,
  });
  input.end(lines.map((line) => `${line}\n`).join(""));
  await done;
  return written;
}

const webhooks = (): WebhookRecord[] => mode.config.emulator!.account.webhooks;
const byId = (id: number) => webhooks().find((w) => w.Id === id)!;
/** The part of the output after the prompt line that shows `input`. */
const after = (out: string, input: string) => out.slice(out.indexOf(`webhooks> ${input}\n`));

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
    expect(out).toMatch(/^\[1\] Details$/m);
    expect(out).toMatch(/^\[2\] (Pause|Resume)$/m);
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
    const out = await drive(["failing", "1"]);

    // Assess: the row the first button belongs to, and its details in place of the list
    const list = after(out, "failing");
    const rowId = /#(\d+)[^\n]*\n(?:[^\n]*\n)*?\[1\] Details/.exec(list)?.[1];
    expect(rowId).toBeDefined();
    const details = after(out, "1");
    expect(details).toContain("response_url · only visible to you · replaces the message");
    expect(details).toContain(byId(Number(rowId)).Name);
    expect(details).toContain("Target URL");
  });

  it("asks before a button with a confirm dialog, and does nothing when denied", async () => {
    // Prepare: the first row's second button is Pause or Resume
    const probe = await drive(["failing"]);
    const rowId = Number(/#(\d+)[^\n]*\n(?:[^\n]*\n)*?\[1\] Details/.exec(after(probe, "failing"))![1]);
    const before = byId(rowId).Active;

    // Act
    const out = await drive(["failing", "2", "n"]);

    // Assess
    expect(after(out, "2")).toMatch(
      /(Pause|Resume) this webhook\?\n.*\n\[y\] (Pause|Resume) {2}\[n\] Cancel/,
    );
    expect(after(out, "n")).toContain("Cancelled.");
    expect(byId(rowId).Active).toBe(before);
  });

  it("pauses or resumes for real when confirmed (the local user is an admin)", async () => {
    const probe = await drive(["failing"]);
    const rowId = Number(/#(\d+)[^\n]*\n(?:[^\n]*\n)*?\[1\] Details/.exec(after(probe, "failing"))![1]);
    const before = byId(rowId).Active;

    const out = await drive(["failing", "2", "y"]);

    expect(byId(rowId).Active).toBe(!before);
    expect(after(out, "y")).toContain(before ? "paused" : "resumed");
    expect(after(out, "y")).toContain("@ULOCAL0001");
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

    expect(out).toContain("chat.postMessage → #CLOCAL0001 ──");
    expect(out).toContain("chat.postMessage → #CLOCAL0001 · in a thread ──");
    expect(out).toMatch(/Digest for \d{4}-\d{2}-\d{2}: (posted|already posted today)/);
    expect(mode.config.slackStub!.channels.get("CLOCAL0001")?.length).toBeGreaterThan(0);
  });

  it("opens the App Home tab with `home`", async () => {
    const out = await drive(["home"]);

    expect(out).toContain("App Home of ULOCAL0001");
    expect(out).toMatch(/\[1\] Show failing/);
  });

  it("shows its help, refuses other slash commands, and stops at `exit`", async () => {
    const out = await drive(["help", "/other thing", "exit", "failing"]);

    expect(out).toContain(REPL_HELP);
    expect(out).toContain("Only /webhooks is a command here");
    expect(out).not.toContain("Failing webhooks");
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
