import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Emulator, type EmulatorOptions, startEmulator } from "@nwh/emulator";
import { type SlackStub, STUB_DEFAULT_SCOPES, startSlackStub } from "@nwh/slack-stub";
import { afterEach, describe, expect, it } from "vitest";
import { runDoctorCommand } from "../src/run-doctor-command";

/*
 * `npm run doctor` (the function its entry file runs) against the emulator and the Slack stub on loopback,
 * one failure mode at a time: each gives its ✗ line and exit code 1; a healthy setup gives ✓ and 0.
 */

const BOT_TOKEN = "xoxb-doctor-test-token";
const ADMIN = "U0ADMIN001";
const TOTP = "JBSWY3DPEHPK3PXPJBSWY3DP";

let emu: Emulator | undefined;
let stub: SlackStub | undefined;
afterEach(async () => {
  await Promise.all([emu?.close(), stub?.close()]);
  emu = undefined;
  stub = undefined;
});

async function services(options: EmulatorOptions = {}) {
  emu = await startEmulator({ rateLimit: false, ...options });
  stub = await startSlackStub({ token: BOT_TOKEN });
  return { emu, stub };
}

function envFor(e: Emulator, s: SlackStub, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PORT: "0",
    NEXUDUS_BASE_URL: e.url,
    NEXUDUS_USERNAME: e.credentials.username,
    NEXUDUS_PASSWORD: e.credentials.password,
    SLACK_API_URL: s.apiUrl,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: "doctor-test-signing-secret",
    SLACK_ADMIN_USER_IDS: ADMIN,
    DIGEST_CHANNEL: "C0DIGEST01",
    ...extra,
  };
}

/**
 * Runs the command; its output, split into lines, and its exit code. Each Nexudus exchange has the
 * production budget unless `nexudusTimeoutMs` says less: a healthy exchange must never race a short timer
 * on a busy machine.
 */
async function doctor(env: NodeJS.ProcessEnv, argv: string[] = [], nexudusTimeoutMs?: number) {
  const outLines: string[] = [];
  const errLines: string[] = [];
  const code = await runDoctorCommand(
    env,
    argv,
    { out: (t) => outLines.push(t), err: (t) => errLines.push(t) },
    nexudusTimeoutMs ? { nexudusTimeoutMs } : {},
  );
  const out = `${outLines.join("\n")}\n`;
  const err = `${errLines.join("\n")}\n`;
  // A check's line as "<symbol> <finding>".
  const line = (title: string) => {
    const found = out.split("\n").find((l) => l.includes(` ${title}: `));
    return found?.trim().replace(` ${title}: `, " ");
  };
  return { code, out, err, line };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("npm run doctor: a healthy setup", () => {
  it("passes every check with --write and exits 0", async () => {
    // Prepare
    const { emu: e, stub: s } = await services();

    // Act
    const run = await doctor(envFor(e, s), ["--write"]);

    // Assess
    expect(run.code).toBe(0);
    const nexudusAndSlack = run.out.split("\nAWS\n")[0]!;
    expect(nexudusAndSlack).not.toMatch(/[⚠✗–] /);
    expect(nexudusAndSlack.match(/✓ /g)?.length).toBe(14);
    expect(run.line("Role WebHook-Edit")).toMatch(/✓ .*written back unchanged and read again: the same/);
    expect(run.line("Dates (UTC or local)")).toMatch(/✓ .*matches Nexudus's clock/);
    // The embedded table is checked too; the secret and the worker are not deployed here.
    expect(run.line("State table reachable")).toBe("✓ reachable and ACTIVE");
    expect(run.out).toMatch(/Setup check: 15 passed, 2 not tested here\.$/m);
    expect(e.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
  });

  it("without --write, writes nothing and says WebHook-Edit is not tested", async () => {
    // Prepare
    const { emu: e, stub: s } = await services();

    // Act
    const run = await doctor(envFor(e, s));

    // Assess
    expect(run.code).toBe(0);
    expect(run.line("Role WebHook-Edit")).toMatch(/– .*not tested: `npm run doctor -- --write`/);
    expect(e.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/token"))).toEqual([]);
  });

  it("with nothing configured, checks the embedded emulator and stub", async () => {
    // Act
    const run = await doctor({ PORT: "0" });

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).toContain("Checking Nexudus at the embedded emulator, Slack at the embedded Slack stub");
    expect(run.line("Bot in DIGEST_CHANNEL")).toMatch(/^✓ /);
  });
});

describe("npm run doctor: Nexudus failure modes", () => {
  it("a host that refuses connections", async () => {
    const { emu: e, stub: s } = await services();
    const run = await doctor(envFor(e, s, { NEXUDUS_BASE_URL: `http://127.0.0.1:${await freePort()}/api` }));
    expect(run.code).toBe(1);
    expect(run.line("Nexudus reachable")).toMatch(/✗ .*refused the connection \(ECONNREFUSED\)/);
    expect(run.line("Nexudus credentials")).toMatch(/– not tested: Nexudus could not be reached/);
  });

  it("TLS that cannot be negotiated (https to a plain HTTP port)", async () => {
    const { emu: e, stub: s } = await services();
    const run = await doctor(envFor(e, s, { NEXUDUS_BASE_URL: e.url.replace("http:", "https:") }));
    expect(run.code).toBe(1);
    expect(run.line("Nexudus reachable")).toMatch(/✗ no TLS connection to 127\.0\.0\.1:\d+ \(/);
    expect(run.out).toContain("fix: Check NEXUDUS_BASE_URL (https, and the port if any)");
  });

  it("no answer in time", async () => {
    const { emu: e, stub: s } = await services();
    // Both are real timers started together: the 400 ms one always fires first, however busy the machine.
    e.faults.setLatency(1500);
    const run = await doctor(envFor(e, s), [], 400);
    expect(run.code).toBe(1);
    expect(run.line("Nexudus reachable")).toMatch(/✗ .*did not answer in time/);
  });

  it("an HTML page from the firewall, recognised as such", async () => {
    const { emu: e, stub: s } = await services();
    e.faults.sequence(["html-403", "html-403"]);
    const run = await doctor(envFor(e, s));
    expect(run.code).toBe(1);
    expect(run.line("Nexudus reachable")).toMatch(
      /✗ an HTML page came back \(HTTP 403\), not Nexudus's API: its firewall \(CloudFront\/WAF\)/,
    );
    expect(run.line("Nexudus credentials")).toMatch(/– not tested/);
    expect(run.out).not.toMatch(/<html|<HTML|cloudfront \(CloudFront\)/);
  });

  it("wrong credentials", async () => {
    const { emu: e, stub: s } = await services();
    const run = await doctor(envFor(e, s, { NEXUDUS_PASSWORD: "not-the-password" }));
    expect(run.code).toBe(1);
    expect(run.line("Nexudus credentials")).toMatch(
      /✗ Nexudus refused NEXUDUS_USERNAME \/ NEXUDUS_PASSWORD \(invalid_grant\)/,
    );
  });

  it("a two-factor account without NEXUDUS_TOTP_SECRET, then with a wrong one, then with the right one", async () => {
    // Prepare
    const { emu: e, stub: s } = await services({
      credentials: { username: "bot@example.com", password: "pw-2fa", totpSecret: TOTP },
    });

    // Act
    const without = await doctor(envFor(e, s));
    const wrong = await doctor(envFor(e, s, { NEXUDUS_TOTP_SECRET: "GEZDGNBVGY3TQOJQGEZDGNBVGY" }));
    const right = await doctor(envFor(e, s, { NEXUDUS_TOTP_SECRET: TOTP }));

    // Assess
    expect(without.code).toBe(1);
    expect(without.line("Two-factor authentication")).toMatch(
      /✗ the user has two-factor authentication and NEXUDUS_TOTP_SECRET is not set/,
    );
    expect(without.line("Nexudus credentials")).toMatch(/✓ Nexudus accepted the username and password/);
    expect(wrong.code).toBe(1);
    expect(wrong.line("Two-factor authentication")).toMatch(
      /✗ Nexudus refused the code computed from NEXUDUS_TOTP_SECRET/,
    );
    expect(right.code).toBe(0);
    expect(right.line("Two-factor authentication")).toMatch(
      /✓ Nexudus accepted the code computed from NEXUDUS_TOTP_SECRET/,
    );
  });

  it('a user without "API access"', async () => {
    const { emu: e, stub: s } = await services();
    e.faults.quirks({ apiAccess: false });
    const run = await doctor(envFor(e, s));
    expect(run.code).toBe(1);
    expect(run.line("Nexudus credentials")).toMatch(/✓ /);
    expect(run.line("API access")).toMatch(
      /✗ Nexudus signs the user in but refuses every request: "API access" is off/,
    );
    expect(run.line("Role WebHook-List")).toMatch(/– not tested/);
  });

  it.each([["WebHook-List"], ["WebHook-Read"], ["Business-List"]] as const)(
    "a user without the %s role",
    async (role) => {
      const { emu: e, stub: s } = await services();
      e.faults.quirks({ missingRoles: [role] });
      const run = await doctor(envFor(e, s));
      expect(run.code).toBe(1);
      expect(run.line(`Role ${role}`)).toMatch(/✗ Nexudus refused the request \(HTTP 401\)/);
      expect(run.out).toContain(`fix: In Nexudus, give the bot's user the ${role} role`);
      expect(run.line("API access")).toMatch(/✓ on/);
    },
  );

  it("a user without WebHook-Edit, found by --write", async () => {
    const { emu: e, stub: s } = await services();
    e.faults.quirks({ missingRoles: ["WebHook-Edit"] });
    const run = await doctor(envFor(e, s), ["--write"]);
    expect(run.code).toBe(1);
    expect(run.line("Role WebHook-Edit")).toMatch(
      /✗ Nexudus refused the write: Pause and Resume cannot work/,
    );
  });

  it("dates in local time, found by --write's UpdatedOn and pointed at NEXUDUS_DATES", async () => {
    // Prepare: every location in a zone eight hours from UTC all year (no daylight saving to dodge).
    const { emu: e, stub: s } = await services();
    for (const business of e.account.businesses) business.SimpleTimeZoneId = 31;
    e.faults.quirks({ dates: "local" });

    // Act
    const utc = await doctor(envFor(e, s), ["--write"]);
    const local = await doctor(envFor(e, s, { NEXUDUS_DATES: "local" }), ["--write"]);

    // Assess
    expect(utc.code).toBe(1);
    expect(utc.line("Dates (UTC or local)")).toMatch(
      /✗ UpdatedOn after the write, read as UTC, is 8 h ahead of Nexudus's clock/,
    );
    expect(utc.out).toContain("fix: Set NEXUDUS_DATES=local");
    expect(local.code).toBe(0);
    expect(local.line("Dates (UTC or local)")).toMatch(/✓ .*NEXUDUS_DATES=local is right/);
  });

  it("one throttled request, retried: a mild warning to run again, never a pass that hides a shared user", async () => {
    const { emu: e, stub: s } = await services();
    e.faults.sequence([409]);
    const run = await doctor(envFor(e, s));
    expect(run.code).toBe(0);
    expect(run.line("Rate-limit headroom")).toMatch(
      /⚠ Nexudus throttled 1 of \d+ requests \(Retry-After 1 s\), waited out and retried: once, which may be timing .* or another client/,
    );
    expect(run.out).toMatch(
      /fix: Run the check again\. If it repeats, something else uses this Nexudus user's limits/,
    );
  });

  it("throttled more than once: a warning naming what else may use the user's limits", async () => {
    const { emu: e, stub: s } = await services();
    e.faults.sequence([409]);
    e.faults.afterWrite([409]);
    const run = await doctor(envFor(e, s), ["--write"]);
    expect(run.code).toBe(0);
    expect(run.line("Rate-limit headroom")).toMatch(
      /⚠ Nexudus throttled 2 of \d+ requests \(Retry-After 1 s\): more than once/,
    );
    expect(run.out).toMatch(
      /fix: Something else uses this Nexudus user's limits .*the bot's own functions while they run .*give the bot a Nexudus user of its own/,
    );
  });
});

describe("npm run doctor: Slack failure modes", () => {
  it("a bot token Slack refuses", async () => {
    const { emu: e, stub: s } = await services();
    const run = await doctor(envFor(e, s, { SLACK_BOT_TOKEN: "xoxb-some-other-token" }));
    expect(run.code).toBe(1);
    expect(run.line("Slack bot token")).toMatch(/✗ Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
    expect(run.line("Slack scopes")).toMatch(/– not tested: the bot token does not work/);
  });

  it("a revoked token", async () => {
    const { emu: e, stub: s } = await services();
    s.faults.next("auth.test", [{ status: 200, body: { ok: false, error: "token_revoked" } }]);
    const run = await doctor(envFor(e, s));
    expect(run.code).toBe(1);
    expect(run.line("Slack bot token")).toMatch(/✗ Slack refused SLACK_BOT_TOKEN \(token_revoked\)/);
    expect(run.out).toContain("fix: The token was revoked");
  });

  it("a scope missing from the install", async () => {
    const { emu: e, stub: s } = await services();
    s.workspace.scopes = STUB_DEFAULT_SCOPES.filter((scope) => scope !== "chat:write");
    const run = await doctor(envFor(e, s));
    expect(run.code).toBe(1);
    expect(run.line("Slack scopes")).toMatch(
      /✗ the token lacks chat:write \(posting the digest and the alerts\)/,
    );
  });

  it("the bot not invited to DIGEST_CHANNEL", async () => {
    const { emu: e, stub: s } = await services();
    s.workspace.notMemberOf.add("C0DIGEST01");
    // An install without channels:read: membership is read through the channel's history.
    s.workspace.scopes = s.workspace.scopes.filter((scope) => scope !== "channels:read");
    const run = await doctor(envFor(e, s));
    expect(run.code).toBe(1);
    expect(run.line("Bot in DIGEST_CHANNEL")).toMatch(
      /✗ the bot is not a member of DIGEST_CHANNEL \(C0DIGEST01\)/,
    );
    expect(run.out).toContain("fix: In that channel, type /invite @");
  });

  it("a DIGEST_CHANNEL that does not exist, seen through conversations.info with channels:read", async () => {
    const { emu: e, stub: s } = await services();
    s.workspace.scopes.push("channels:read");
    s.workspace.missingChannels.add("C0DIGEST01");
    const run = await doctor(envFor(e, s));
    expect(run.code).toBe(1);
    expect(run.line("Bot in DIGEST_CHANNEL")).toMatch(
      /✗ Slack knows no channel DIGEST_CHANNEL \(C0DIGEST01\)/,
    );
    expect(s.calls.some((c) => c.method === "conversations.info" && c.status === 200)).toBe(true);
  });

  it("an app-level token Slack refuses (Socket Mode)", async () => {
    const { emu: e } = await services();
    await stub?.close();
    stub = await startSlackStub({ token: BOT_TOKEN, appToken: "xapp-1-the-right-one" });
    const run = await doctor(envFor(e, stub, { SLACK_APP_TOKEN: "xapp-1-a-wrong-one" }));
    expect(run.code).toBe(1);
    expect(run.line("Socket Mode app token")).toMatch(/✗ Slack refused SLACK_APP_TOKEN \(invalid_auth\)/);
  });
});

describe("npm run doctor: configuration and options", () => {
  it("names a malformed value without showing it, and exits 1", async () => {
    const run = await doctor({ PORT: "0", SLACK_BOT_TOKEN: "not-a-token-but-secret-like" });
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      "✗ Configuration: Invalid configuration: SLACK_BOT_TOKEN must be a bot token starting with xoxb-",
    );
    expect(run.err + run.out).not.toContain("not-a-token-but-secret-like");
  });

  it("refuses an unknown option with exit 2", async () => {
    const run = await doctor({ PORT: "0" }, ["--wrte"]);
    expect(run.code).toBe(2);
    expect(run.err).toContain("doctor: unknown option --wrte");
  });
});
