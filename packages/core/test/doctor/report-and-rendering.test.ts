import { describe, expect, it } from "vitest";
import { validateMessage } from "../../src/blocks";
import { checkNexudus, formatDoctorText, recordExchanges, runDoctor } from "../../src/doctor";
import { fail, ok, reportOf } from "../../src/doctor/check-result";
import { doctorMessage } from "../../src/doctor/doctor-message";
import { createNexudusClient } from "../../src/nexudus";

const head = { id: "slack.channel.DIGEST_CHANNEL", area: "slack" as const, title: "Bot in DIGEST_CHANNEL" };

describe("the setup check's report", () => {
  it("fails when one check fails, and a check that throws becomes a failure naming only the error's kind", async () => {
    // Act
    const report = await runDoctor({
      nexudus: async () => {
        throw new TypeError("secret-looking message xoxb-123 that must not show");
      },
    });

    // Assess
    expect(report.failed).toBe(true);
    expect(report.results).toEqual([
      expect.objectContaining({
        id: "nexudus.check",
        status: "fail",
        finding: "the nexudus checks could not run (TypeError)",
      }),
    ]);
    expect(JSON.stringify(report)).not.toContain("xoxb-123");
    expect(reportOf([ok(head, "fine")]).failed).toBe(false);
  });

  it("runs the Slack and AWS checks only after the Nexudus checks, never while a Nexudus request is in flight", async () => {
    // Prepare: the Nexudus checks hold until released; Slack and AWS note when they are first called.
    const calls: string[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const answer = async <T>(name: string, value: T) => {
      calls.push(name);
      return { ok: true as const, value };
    };
    const running = runDoctor({
      nexudus: async () => {
        calls.push("nexudus");
        await held;
        calls.push("nexudus done");
        return [ok({ id: "nexudus.reachable", area: "nexudus", title: "Nexudus reachable" }, "fine")];
      },
      slack: {
        port: {
          authTest: () => answer("slack", { userId: "U0BOT", team: "Acme" }),
          channelInfo: () =>
            answer("slack", { name: "d", isMember: true, isPrivate: false, isArchived: false }),
          channelHistory: () => answer("slack", undefined),
          userGroups: () => answer("slack", []),
        },
        inputs: { apiHost: "slack.com", signingSecret: "set", channels: [] },
      },
      aws: {
        port: {
          readSecret: () => answer("aws", { keys: 1 }),
          invokeDryRun: () => answer("aws", undefined),
          describeTable: () => answer("aws", { status: "ACTIVE" }),
          probeRead: () => answer("aws", undefined),
        },
        inputs: { runningIn: "outside", secretArn: "arn:aws:secretsmanager:eu-west-1:1:secret:s" },
      },
    });

    // Act: every pending callback and timer turn runs before the release.
    await new Promise((resolve) => setImmediate(resolve));
    const beforeRelease = [...calls];
    release();
    const report = await running;

    // Assess
    expect(beforeRelease).toEqual(["nexudus"]);
    expect(calls.indexOf("nexudus done")).toBeLessThan(calls.indexOf("slack"));
    expect(calls).toContain("aws");
    expect(report.results.map((r) => r.area)[0]).toBe("nexudus");
  });

  it("renders for a terminal without control characters, the fix under a failure", () => {
    // Act
    const text = formatDoctorText(
      reportOf([fail(head, "channel \u001b[31m#evil\u0007 refused", "invite the bot")]),
    );

    // Assess
    expect(text).toBe(
      "Slack\n  ✗ Bot in DIGEST_CHANNEL: channel [31m#evil refused\n      fix: invite the bot\nSetup check: 1 failed, 0 passed.",
    );
  });

  it("renders for Slack escaped and within Block Kit's limits, however many checks", () => {
    // Prepare
    const many = Array.from({ length: 60 }, (_, i) =>
      fail(
        { ...head, id: `slack.c${i}` },
        `<!channel> answer ${"x".repeat(150)} ${i}`,
        "fix <https://evil|here>",
      ),
    );

    // Act
    const message = doctorMessage(reportOf(many));
    const json = JSON.stringify(message);

    // Assess
    expect(validateMessage(message)).toEqual([]);
    expect(json).not.toContain("<!channel>");
    expect(json).toContain("&lt;!channel&gt;");
    expect(json).not.toContain("<https://evil|here>");
    expect(message.text).toBe("Setup check: 60 failed, 0 passed.");
    expect(json).toMatch(/\d+ more not shown here/);
  });
});

describe("the Nexudus checks without a network", () => {
  it("names a DNS failure as such (no resolver on loopback: fetch fails as it does for an unknown host)", async () => {
    // Prepare: what undici's fetch throws when getaddrinfo fails.
    const dnsFailure: typeof fetch = async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("getaddrinfo ENOTFOUND nexudus.example"), { code: "ENOTFOUND" }),
      });
    };
    const recorder = recordExchanges(dnsFailure, () => 0);
    const client = createNexudusClient({
      baseUrl: "https://nexudus.example/api",
      auth: { scheme: "bearer", username: "u", password: "p" },
      fetch: recorder.fetch,
      maxAttempts: 1,
      limiter: false,
    });

    // Act
    const results = await checkNexudus({
      client,
      exchanges: recorder.exchanges,
      clock: { now: () => 0 },
      inputs: {
        host: "nexudus.example",
        scheme: "bearer",
        totpConfigured: false,
        dates: "utc",
        write: false,
        adminsConfigured: true,
      },
    });

    // Assess
    expect(results[0]).toMatchObject({
      id: "nexudus.reachable",
      status: "fail",
      finding: "nexudus.example does not resolve (DNS: ENOTFOUND)",
    });
    expect(results.slice(1).every((r) => r.status === "skip")).toBe(true);
  });
});
