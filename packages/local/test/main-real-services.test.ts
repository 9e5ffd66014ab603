import { type Emulator, startEmulator } from "@nwh/emulator";
import { type SlackStub, startSlackStub } from "@nwh/slack-stub";
import { afterEach, describe, expect, it } from "vitest";
import { type LocalChild, spawnLocal } from "./support/spawn-local";

/*
 * `npm start` pointed at services it did not embed (a test's own emulator and Slack stub, standing in for
 * a real Nexudus and a real workspace): the setup check in its banner, Socket Mode, and its signals.
 */

const BOT_TOKEN = "xoxb-main-real-services";
const APP_TOKEN = "xapp-1-main-real-services";

const children: LocalChild[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.child.exitCode === null) c.child.kill("SIGKILL");
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function services(): Promise<{ emu: Emulator; stub: SlackStub }> {
  const emu = await startEmulator({ rateLimit: false });
  const stub = await startSlackStub({ token: BOT_TOKEN, appToken: APP_TOKEN });
  closers.push(
    () => emu.close(),
    () => stub.close(),
  );
  return { emu, stub };
}

function spawn(script: Parameters<typeof spawnLocal>[0], env: Record<string, string>, args: string[] = []) {
  const child = spawnLocal(script, { PORT: "0", ...env }, args);
  children.push(child);
  return child;
}

describe("npm start with a real Nexudus or Slack", () => {
  it("runs the setup check at start-up and shows its failures, with their fixes, in the banner", async () => {
    // Prepare
    const { emu } = await services();

    // Act
    const local = spawn("main.ts", {
      NEXUDUS_BASE_URL: emu.url,
      NEXUDUS_USERNAME: emu.credentials.username,
      NEXUDUS_PASSWORD: "a-wrong-password",
    });
    await local.waitFor(/Serving \(no terminal/);

    // Assess
    const out = local.stdout();
    expect(out).toContain("Setup check: problems found");
    expect(out).toContain(
      "✗ Nexudus credentials: Nexudus refused NEXUDUS_USERNAME / NEXUDUS_PASSWORD (invalid_grant)",
    );
    expect(out).toContain("fix: Check NEXUDUS_USERNAME and NEXUDUS_PASSWORD");
    // Only the configured service is checked: the embedded stub is not.
    expect(out).not.toContain("Slack bot token");
    expect(out).not.toContain("a-wrong-password");
  });

  it("says in one line when every check of the configured services passed", async () => {
    const { emu } = await services();
    const local = spawn("main.ts", {
      NEXUDUS_BASE_URL: emu.url,
      NEXUDUS_USERNAME: emu.credentials.username,
      NEXUDUS_PASSWORD: emu.credentials.password,
    });
    await local.waitFor(/Serving \(no terminal/);
    expect(local.stdout()).toMatch(/Setup check\s+✓ all \d+ checks of the configured services passed/);
  });

  it("with SLACK_APP_TOKEN, connects through Socket Mode and answers a command Slack pushes", async () => {
    // Prepare
    const { stub } = await services();
    const local = spawn("main.ts", {
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: stub.apiUrl,
    });
    await local.waitFor(/Serving \(no terminal/);
    await stub.socketMode.waitForConnection();

    // Act
    const responseUrl = stub.newResponseUrl();
    const ack = await stub.socketMode.send(
      "slash_commands",
      {
        command: "/webhooks",
        text: "failing",
        user_id: "U0SOMEONE1",
        channel_id: "C0OPS00001",
        team_id: "T0TEAM0001",
        response_url: responseUrl,
        trigger_id: "1.2.3",
      },
      { timeoutMs: 5000 },
    );
    // On a loaded machine the command may miss Slack's 3 s: then the in-process worker posts the answer.
    const acked = (ack.payload ?? {}) as { text?: string };
    const answer = /^Searching/.test(acked.text ?? "")
      ? ((await stub.waitFor(() => stub.responses.find((r) => responseUrl.endsWith(r.path)))).body as {
          text?: string;
        })
      : acked;

    // Assess
    expect(local.stdout()).toMatch(/Socket Mode\s+connected/);
    expect(answer.text).toMatch(/^Failing webhooks: \d+ found/);
  });

  it("with SLACK_APP_TOKEN but no bot token, says which name is missing and exits 1", async () => {
    const local = spawn("main.ts", { SLACK_APP_TOKEN: APP_TOKEN });
    expect((await local.exited).code).toBe(1);
    expect(local.stderr()).toContain("SLACK_BOT_TOKEN is missing: with SLACK_APP_TOKEN set");
    expect(local.stderr()).not.toContain(APP_TOKEN);
  });
});

describe("signals", () => {
  it("SIGTERM to `npm start` stops the whole tree: the endpoint and the embedded emulator close", async () => {
    // Prepare
    const local = spawn({ npm: "start" }, {});
    const [, endpoint] = await local.waitFor(/Slack endpoint\s+(http:\/\/127\.0\.0\.1:\d+\/slack\/events)/);
    const [, emulatorUrl] = await local.waitFor(
      /embedded emulator, demo account \((http:\/\/127\.0\.0\.1:\d+\/api)\)/,
    );
    await local.waitFor(/Serving \(no terminal/);
    const answers = (url: string) =>
      fetch(url).then(
        () => true,
        () => false,
      );
    expect(await answers(`${emulatorUrl}/sys/webhooks`)).toBe(true);

    // Act: the signal goes to npm only, as a process manager sends it.
    local.child.kill("SIGTERM");
    const exit = await local.exited;

    // Assess: nothing is left listening.
    expect(exit.code === 0 || exit.signal === "SIGTERM").toBe(true);
    await expect(fetch(endpoint!, { method: "POST" })).rejects.toThrow();
    expect(await answers(`${emulatorUrl}/sys/webhooks`)).toBe(false);
  });
});
