import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createNexudusClient,
  NexudusAuthError,
  NexudusFirewallError,
  totpFromBase32,
} from "@nwh/core/nexudus";
import { afterEach, describe, expect, it } from "vitest";
import { NexudusTwoFactorError, REQUIRED_ROLES } from "../../src/nexudus/errors";
import { clientFor, collectingLogger, emulator, recordingFetch, rejectionOf, sysRequests } from "./support";

const TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const grantOf = (body: string | undefined) => new URLSearchParams(body ?? "").get("grant_type");

describe("a Nexudus user without a role or without API access", () => {
  it("costs one request per call once a collection is known to refuse, and never four", async () => {
    // Prepare: searches work, the locations need Business-List, which the user lacks.
    const nexudus = await emulator({ rateLimit: false });
    nexudus.faults.quirks({ missingRoles: ["Business-List"] });
    const { fetch, sent } = recordingFetch();
    const client = clientFor(nexudus, { fetch });
    await client.searchWebhooks({ size: "1" });

    // Act
    const first = await rejectionOf(client.listAllBusinesses());
    const afterFirst = sent.length;
    const second = await rejectionOf(client.listAllBusinesses());

    // Assess: the first call tried one renewal (the token had worked elsewhere), the second none.
    for (const error of [first, second]) {
      expect(error).toBeInstanceOf(NexudusAuthError);
      expect(error).toMatchObject({ status: 401, reason: "not_authorized", path: "/sys/businesses" });
    }
    expect(afterFirst - 2).toBe(3);
    expect(sent.length - afterFirst).toBe(1);
    expect(sent.filter((r) => r.url.pathname.endsWith("/token")).map((r) => grantOf(r.body))).toEqual([
      "password",
      "refresh_token",
    ]);
    // The search still works with the renewed token.
    await client.searchWebhooks({ size: "1" });
  });

  it("names API access and the roles when every /sys request is refused, after two requests in all", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    nexudus.faults.quirks({ apiAccess: false });
    const client = clientFor(nexudus);

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));

    // Assess
    expect(error).toBeInstanceOf(NexudusAuthError);
    const message = (error as NexudusAuthError).userMessage;
    expect(message).toContain('"API access"');
    for (const role of REQUIRED_ROLES) expect(message).toContain(role);
    expect(nexudus.requests.map((r) => [r.path, r.status])).toEqual([
      ["/api/token", 200],
      ["/api/sys/webhooks", 401],
    ]);
  });

  it("with Basic auth, a 401 is final and its message covers both credentials and roles", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    nexudus.faults.quirks({ missingRoles: ["WebHook-List"] });
    const client = clientFor(nexudus, { auth: { scheme: "basic", ...nexudus.credentials } });

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));

    // Assess
    expect(error).toMatchObject({ code: "nexudus_auth", reason: "not_authorized" });
    expect((error as NexudusAuthError).userMessage).toMatch(/WebHook-List.*NEXUDUS_USERNAME/s);
    expect(sysRequests(nexudus)).toHaveLength(1);
  });
});

describe("two-factor accounts", () => {
  it("without NEXUDUS_TOTP_SECRET: a two-factor error saying what to do", async () => {
    // Prepare
    const nexudus = await emulator({
      rateLimit: false,
      credentials: { username: "ops@example.com", password: "pw-123456", totpSecret: TOTP_SECRET },
    });
    const client = clientFor(nexudus, {
      auth: { scheme: "bearer", username: "ops@example.com", password: "pw-123456" },
    });

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));

    // Assess
    expect(error).toBeInstanceOf(NexudusTwoFactorError);
    expect(error).toMatchObject({ code: "nexudus_two_factor", codeSent: false });
    expect((error as NexudusTwoFactorError).userMessage).toMatch(/NEXUDUS_TOTP_SECRET.*without two-factor/s);
    expect(sysRequests(nexudus)).toHaveLength(0);
  });

  it("with NEXUDUS_TOTP_SECRET: sends the RFC 6238 code of the client's clock as totp, and the secret nowhere", async () => {
    // Prepare
    const now = Date.parse("2025-06-01T08:00:10Z");
    const nexudus = await emulator({
      rateLimit: false,
      now: () => now,
      credentials: { username: "ops@example.com", password: "pw-123456", totpSecret: TOTP_SECRET },
    });
    const { fetch, sent } = recordingFetch();
    const { lines, logger } = collectingLogger();
    const client = clientFor(nexudus, {
      fetch,
      logger,
      clock: { now: () => now },
      auth: { scheme: "bearer", username: "ops@example.com", password: "pw-123456", totpSecret: TOTP_SECRET },
    });

    // Act
    const page = await client.searchWebhooks({ size: "2" });

    // Assess
    expect(page.Records).toHaveLength(2);
    const form = new URLSearchParams(sent[0]!.body);
    expect(form.get("totp")).toBe(totpFromBase32(TOTP_SECRET, now));
    expect(form.get("totp")).toMatch(/^\d{6}$/);
    expect(JSON.stringify(lines)).not.toContain(TOTP_SECRET);
    expect(sent.every((r) => !r.url.href.includes(TOTP_SECRET))).toBe(true);
  });

  it("with a wrong secret: says the code was refused and to check the secret and the clock", async () => {
    // Prepare
    const nexudus = await emulator({
      rateLimit: false,
      credentials: { username: "ops@example.com", password: "pw-123456", totpSecret: TOTP_SECRET },
    });
    const client = clientFor(nexudus, {
      auth: {
        scheme: "bearer",
        username: "ops@example.com",
        password: "pw-123456",
        totpSecret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
      },
    });

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));

    // Assess
    expect(error).toMatchObject({ code: "nexudus_two_factor", codeSent: true });
    expect((error as NexudusTwoFactorError).userMessage).toMatch(/refused the two-factor code.*clock/s);
    expect(error.message).not.toContain("GEZDGNBV");
  });
});

describe("HTML answers", () => {
  it("a CloudFront/WAF 403 page is the firewall, not bad credentials, and no HTML reaches the error", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus);
    nexudus.faults.sequence(["html-403"]);

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));

    // Assess
    expect(error).toBeInstanceOf(NexudusFirewallError);
    expect(error).toMatchObject({ code: "nexudus_firewall", status: 403 });
    const texts = [error.message, (error as NexudusFirewallError).userMessage];
    expect(texts[1]).toContain("Nexudus's firewall or a proxy refused the request (HTTP 403)");
    for (const text of texts) expect(text).not.toMatch(/<|cloudfront|DOCTYPE/i);
    expect(sysRequests(nexudus)).toHaveLength(1);
  });

  it("a proxy's HTML 502 is retried like any 5xx and, when it persists, named as the proxy with its status", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus, { maxAttempts: 2 });
    nexudus.faults.sequence([502, 502]);

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));

    // Assess
    expect(error).toMatchObject({ code: "nexudus_firewall", status: 502, attempts: 2 });
    expect((error as NexudusFirewallError).userMessage).toContain("(HTTP 502)");
    expect(error.message).not.toContain("<");
  });
});

/*
 * Grant answers the emulator does not give: a loopback peer answering `/token` with a fixed error.
 */
let server: Server | undefined;
afterEach(async () => {
  const open = server;
  server = undefined;
  if (open) await new Promise((resolve) => open.close(resolve));
});

async function tokenPeer(status: number, body: unknown): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}

describe("grant refusals", () => {
  it.each([
    [400, { error: "invalid_grant" }, "bad_credentials", /NEXUDUS_USERNAME and NEXUDUS_PASSWORD/],
    [401, {}, "bad_credentials", /NEXUDUS_USERNAME and NEXUDUS_PASSWORD/],
    [400, { error: "must_reset_password" }, "password_reset", /new password/],
    [400, { error: "unsupported_grant_type" }, "rejected", /would not sign it in/],
  ] as const)("%s %j is an auth error of reason %s", async (status, body, reason, advice) => {
    // Prepare
    const url = await tokenPeer(status, body);
    const client = createNexudusClient({
      baseUrl: url,
      auth: { scheme: "bearer", username: "u@example.com", password: "p-secret" },
      limiter: false,
    });

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));

    // Assess
    expect(error).toBeInstanceOf(NexudusAuthError);
    expect(error).toMatchObject({ reason, path: "/token" });
    expect((error as NexudusAuthError).userMessage).toMatch(advice);
  });
});
