import { readFileSync } from "node:fs";
import { startEmulator } from "@nwh/emulator";
import { startSlackStub } from "@nwh/slack-stub";
import { afterEach, describe, expect, it } from "vitest";
import { type LocalChild, spawnLocal } from "./support/spawn-local";

/* `npm run digest` as a child process: one run with local mode's configuration rules, then exit. */

const children: LocalChild[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.child.exitCode === null) c.child.kill("SIGKILL");
  await Promise.all(closers.splice(0).map((close) => close()));
});

function run(env: Record<string, string>): LocalChild {
  const local = spawnLocal("digest-once.ts", env);
  children.push(local);
  return local;
}

/**
 * The lines of `stderr` other than the client waiting out a throttle. The embedded emulator counts arrivals
 * against Nexudus's 100 ms spacing: on a busy machine two requests the client sent far enough apart can
 * arrive closer, and the client then waits out the 409 as it must, saying so in one WARN line.
 */
function unexpectedLines(stderr: string): string[] {
  const isThrottleRetry = (line: string) => {
    try {
      const { level, message } = JSON.parse(line) as { level?: string; message?: string };
      return level === "WARN" && /^Nexudus [A-Z]+ \S+ → (409|429); retrying in \d+ ms$/.test(message ?? "");
    } catch {
      return false;
    }
  };
  return stderr.split("\n").filter((line) => line !== "" && !isThrottleRetry(line));
}

describe("npm run digest", () => {
  it("posts the demo account's digest to the embedded stub, shows it, and exits 0", async () => {
    // Act
    const local = run({});
    const { code } = await local.exited;

    // Assess
    expect(unexpectedLines(local.stderr())).toEqual([]);
    expect(code).toBe(0);
    const out = local.stdout();
    expect(out).toContain("── 1. chat.postMessage → #CLOCAL0001 ──");
    expect(out).toContain("── 2. chat.postMessage → #CLOCAL0001 · in a thread ──");
    expect(out).toContain("Visitor registered → Slack #reception");
    expect(out).toMatch(
      /Digest for \d{4}-\d{2}-\d{2}: posted; 2 messages posted \(\d+ disabled, \d+ failing, \d+ new\)\./,
    );
    // One short line names a local file of builder links, instead of kilobytes of URL per message.
    const [, file] = /Block Kit Builder: open (\S+\.html) for a link to each message\./.exec(out) ?? [];
    expect(out).not.toContain("https://app.slack.com/block-kit-builder#");
    expect(Math.max(...out.split("\n").map((l) => l.length))).toBeLessThan(400);
    const page = readFileSync(file!, "utf8");
    expect(page.match(/<li><a href="https:\/\/app\.slack\.com\/block-kit-builder#/g)).toHaveLength(2);
    expect(page).toContain("2. chat.postMessage → #CLOCAL0001 · in a thread");
  });

  it("posts to the configured Slack API and channel, reading the configured Nexudus", async () => {
    // Prepare
    const emulator = await startEmulator({ port: 0 });
    const stub = await startSlackStub({ port: 0, token: "xoxb-digest-test" });
    closers.push(
      () => emulator.close(),
      () => stub.close(),
    );

    // Act
    const local = run({
      NEXUDUS_BASE_URL: emulator.url,
      NEXUDUS_USERNAME: emulator.credentials.username,
      NEXUDUS_PASSWORD: emulator.credentials.password,
      SLACK_API_URL: stub.apiUrl,
      SLACK_BOT_TOKEN: "xoxb-digest-test",
      DIGEST_CHANNEL: "C0TESTDIGEST",
    });
    const { code } = await local.exited;

    // Assess
    expect(code).toBe(0);
    expect(stub.channels.get("C0TESTDIGEST")?.length).toBeGreaterThan(0);
    expect(emulator.requests.some((r) => r.path.startsWith("/api/sys/webhooks"))).toBe(true);
    expect(local.stdout()).toMatch(/posted to the configured Slack API/);
    expect(local.stdout()).toContain(
      "From the environment: SLACK_BOT_TOKEN, SLACK_API_URL, NEXUDUS_BASE_URL",
    );
    expect(local.stdout()).not.toContain("xoxb-digest-test");
  });

  it("exits non-zero with a readable message when Nexudus refuses the credentials", async () => {
    // Prepare: an emulator that knows other credentials
    const emulator = await startEmulator({ port: 0 });
    closers.push(() => emulator.close());

    // Act
    const local = run({
      NEXUDUS_BASE_URL: emulator.url,
      NEXUDUS_USERNAME: "someone@example.com",
      NEXUDUS_PASSWORD: "wrong-password",
    });
    const { code } = await local.exited;

    // Assess
    expect(code).toBe(1);
    expect(local.stderr()).toMatch(/^Digest failed: .+/m);
    expect(local.stderr()).not.toContain("wrong-password");
    expect(local.stderr()).not.toMatch(/\n\s+at /);
  });
});
