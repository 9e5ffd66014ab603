import { NexudusAuthError, type TokenCache, timerSleep } from "@nwh/core/nexudus";
import { sharedTokenCache } from "@nwh/core/store";
import { describe, expect, it } from "vitest";
import { NexudusError } from "../../src/nexudus/errors";
import { memoryStore } from "../support/memory-store";
import { testClock } from "../support/test-clock";
import { until } from "../support/until";
import { clientFor, collectingLogger, emulator, recordingFetch, rejectionOf, sysRequests } from "./support";

const grantOf = (body: string | undefined) => new URLSearchParams(body ?? "").get("grant_type");

describe("bearer auth", () => {
  it("asks for a token with a form-encoded password grant and reuses it", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const { fetch, sent } = recordingFetch();
    const client = clientFor(nexudus, { fetch });

    // Act
    await client.searchWebhooks({});
    await client.searchWebhooks({ page: "2" });

    // Assess
    const tokenRequests = sent.filter((r) => r.url.pathname.endsWith("/token"));
    expect(tokenRequests).toHaveLength(1);
    const form = new URLSearchParams(tokenRequests[0]!.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: "password",
      username: nexudus.credentials.username,
      password: nexudus.credentials.password,
    });
    expect(sysRequests(nexudus).map((r) => [r.status, r.authScheme])).toEqual([
      [200, "bearer"],
      [200, "bearer"],
    ]);
  });

  it("shares one token request between concurrent callers", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false, latencyMs: 30 });
    const client = clientFor(nexudus);

    // Act
    await Promise.all(
      [1, 2, 3, 4, 5].map((page) => client.searchWebhooks({ page: String(page), size: "5" })),
    );

    // Assess
    expect(nexudus.requests.filter((r) => r.path === "/api/token")).toHaveLength(1);
    expect(sysRequests(nexudus).every((r) => r.status === 200)).toBe(true);
  });

  it("uses the token another caller got while its own read of the shared cache was slow to answer", async () => {
    // Prepare: a shared token cache (the table's, on the in-memory store) whose second read sees the
    // cache as it was (no token yet) but answers only after the first caller has its token (which takes
    // Nexudus 100 ms, so the search starts long before it comes).
    const nexudus = await emulator({ rateLimit: false, latencyMs: 100 });
    const clock = { now: () => Date.now() };
    const store = memoryStore(clock);
    const shared = sharedTokenCache({
      values: store.values,
      leases: store.leases,
      key: "t",
      clock,
      sleep: timerSleep,
    });
    let reads = 0;
    let firstRead: () => void = () => {};
    const firstReadDone = new Promise<void>((resolve) => {
      firstRead = resolve;
    });
    let prepared: Promise<void> = Promise.resolve();
    const tokenCache: TokenCache = {
      ...shared,
      async get() {
        reads += 1;
        const seen = await shared.get();
        if (reads === 1) firstRead();
        else await prepared;
        return seen;
      },
    };
    const client = clientFor(nexudus, { tokenCache });

    // Act: the first caller reads (a miss) and asks for a token; a search starts once that read is back
    // (a turn of the event loop later: the first read's single flight is over).
    prepared = client.prepare();
    await firstReadDone;
    await new Promise((resolve) => setImmediate(resolve));
    const search = await client.searchWebhooks({ size: "1" });

    // Assess: one token for both, and the search went out with it.
    expect(search.Records).toHaveLength(1);
    expect(reads).toBe(2);
    expect(nexudus.requests.filter((r) => r.path === "/api/token")).toHaveLength(1);
    expect(sysRequests(nexudus).map((r) => r.status)).toEqual([200]);
  });

  it("renews a token before it expires (expires_in minus a margin)", async () => {
    // Prepare
    let now = Date.parse("2025-06-01T08:00:00Z");
    const nexudus = await emulator({ rateLimit: false, tokenTtlSeconds: 600, now: () => now });
    const client = clientFor(nexudus, { clock: { now: () => now } });
    await client.searchWebhooks({});

    // Act
    now += 550_000; // inside the token's life, but within its last tenth
    await client.searchWebhooks({});

    // Assess
    expect(nexudus.requests.map((r) => [r.path, r.status])).toEqual([
      ["/api/token", 200],
      ["/api/sys/webhooks", 200],
      ["/api/token", 200],
      ["/api/sys/webhooks", 200],
    ]);
  });

  it("refreshes once when a token expires in the middle of a walk, with the client_id header, and carries on", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    let expired = false;
    const { fetch, sent } = recordingFetch((request) => {
      if (request.url.searchParams.get("page") !== "3" || expired) return;
      expired = true;
      nexudus.faults.expireTokens();
    });
    const client = clientFor(nexudus, { fetch });

    // Act
    const { records: all } = await client.searchAllWebhooks({}, { pageSize: 10 });

    // Assess
    expect(all).toHaveLength(nexudus.account.webhooks.length);
    const tokenRequests = sent.filter((r) => r.url.pathname.endsWith("/token"));
    expect(tokenRequests.map((r) => grantOf(r.body))).toEqual(["password", "refresh_token"]);
    const refresh = tokenRequests[1]!;
    expect(refresh.headers.get("client_id")).toBe(nexudus.credentials.username);
    expect(new URLSearchParams(refresh.body).get("refresh_token")).toMatch(/\S{8,}/);
    const pages = sysRequests(nexudus)
      .filter((r) => r.status === 200)
      .map((r) => Number(r.query.page));
    expect(pages.sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
    expect(nexudus.requests.filter((r) => r.path === "/api/token").map((r) => r.status)).toEqual([200, 200]);
  });

  it("renews a token that expires mid-run with exactly one refresh grant and no password login", async () => {
    // Prepare
    let now = Date.parse("2025-06-01T08:00:00Z");
    const nexudus = await emulator({ rateLimit: false, tokenTtlSeconds: 600, now: () => now });
    const { fetch, sent } = recordingFetch();
    const client = clientFor(nexudus, { fetch, clock: { now: () => now } });
    await client.searchWebhooks({ size: "1" });

    // Act: past the token's life, three calls at once.
    now += 601_000;
    await Promise.all([1, 2, 3].map((page) => client.searchWebhooks({ page: String(page), size: "1" })));

    // Assess
    const grants = sent.filter((r) => r.url.pathname.endsWith("/token"));
    expect(grants.map((r) => grantOf(r.body))).toEqual(["password", "refresh_token"]);
    expect(grants[1]!.headers.get("client_id")).toBe(nexudus.credentials.username);
    expect(grants[1]!.body).not.toContain("password=");
    expect(sysRequests(nexudus).map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it("logs in again when the refresh token is refused", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const { fetch, sent } = recordingFetch();
    const spoiling: typeof fetch = (input, init) => {
      // A refresh token Nexudus no longer knows (e.g. rotated by another process).
      const body =
        typeof init?.body === "string"
          ? init.body.replace(/refresh_token=[^&]+/, "refresh_token=gone")
          : init?.body;
      return fetch(input, { ...init, body });
    };
    const client = clientFor(nexudus, { fetch: spoiling });
    await client.searchWebhooks({});
    nexudus.faults.expireTokens();

    // Act
    const page = await client.searchWebhooks({});

    // Assess
    expect(page.Records.length).toBeGreaterThan(0);
    expect(sent.filter((r) => r.url.pathname.endsWith("/token")).map((r) => grantOf(r.body))).toEqual([
      "password",
      "refresh_token",
      "password",
    ]);
  });

  it("gives up with NexudusAuthError when a token is refused at its first use: renewing cannot help", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const { fetch } = recordingFetch((request) => {
      if (request.url.pathname.includes("/sys/")) nexudus.faults.expireTokens();
    });
    const client = clientFor(nexudus, { fetch });

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));

    // Assess
    expect(error).toBeInstanceOf(NexudusAuthError);
    expect(error).toMatchObject({ status: 401, reason: "not_authorized", code: "nexudus_auth" });
    expect(sysRequests(nexudus).map((r) => r.status)).toEqual([401]);
    expect(nexudus.requests.filter((r) => r.path === "/api/token")).toHaveLength(1);
  });

  it("answers bad credentials (400 invalid_grant) with NexudusAuthError and no /sys request", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus, {
      auth: { scheme: "bearer", username: "demo@example.com", password: "wrong-pass" },
    });

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));

    // Assess
    expect(error).toBeInstanceOf(NexudusAuthError);
    expect((error as NexudusAuthError).status).toBe(400);
    expect(error.message).toContain("invalid_grant");
    expect((error as NexudusError).userMessage).toContain("NEXUDUS_USERNAME");
    expect(nexudus.requests.map((r) => r.path)).toEqual(["/api/token"]);
  });
});

describe("basic auth", () => {
  it("sends Authorization: Basic base64(user:password) and never asks for a token", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const { fetch, sent } = recordingFetch();
    const client = clientFor(nexudus, { fetch, auth: { scheme: "basic", ...nexudus.credentials } });

    // Act
    await client.getWebhook(nexudus.account.webhooks[0]!.Id);

    // Assess
    const expected = Buffer.from(`${nexudus.credentials.username}:${nexudus.credentials.password}`).toString(
      "base64",
    );
    expect(sent.map((r) => r.authorization)).toEqual([`Basic ${expected}`]);
    expect(nexudus.requests.map((r) => [r.path.startsWith("/api/sys/"), r.authScheme, r.status])).toEqual([
      [true, "basic", 200],
    ]);
  });

  it("fails at once with NexudusAuthError on a 401", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus, {
      auth: { scheme: "basic", username: "demo@example.com", password: "nope-nope" },
    });

    // Act
    const error = await rejectionOf(client.searchWebhooks({}));

    // Assess
    expect(error).toBeInstanceOf(NexudusAuthError);
    expect((error as NexudusAuthError).status).toBe(401);
    expect(nexudus.requests).toHaveLength(1);
  });
});

describe("secrets", () => {
  it("never puts the password, a token or the basic credentials in an error, a cause or a log line", async () => {
    // Prepare
    const password = "s3cret-Pa55word!";
    const username = "ops@example.com";
    const nexudus = await emulator({ rateLimit: false, credentials: { username, password } });
    const { fetch, answers } = recordingFetch();
    const { lines, logger } = collectingLogger();
    // The client's timers on a clock that stands still: only a held request times out, when the test says.
    const clock = testClock();
    const options = { fetch, logger, clock, maxAttempts: 2, requestTimeoutMs: 100 };
    const bearer = clientFor(nexudus, { ...options, auth: { scheme: "bearer", username, password } });
    const basic = clientFor(nexudus, { ...options, auth: { scheme: "basic", username, password } });
    const wrongBearer = clientFor(nexudus, {
      ...options,
      auth: { scheme: "bearer", username, password: `${password}x` },
    });
    const wrongBasic = clientFor(nexudus, {
      ...options,
      auth: { scheme: "basic", username, password: `${password}x` },
    });
    const errors: Error[] = [];
    /** The rejection of a call whose two attempts Nexudus holds, each timed out once it is held. */
    const timedOut = async (call: Promise<unknown>) => {
      const before = nexudus.requests.length;
      const rejected = rejectionOf(call);
      for (const held of [1, 2]) {
        await until(() => nexudus.requests.length === before + held);
        clock.advance(100);
      }
      return rejected;
    };

    // Act
    await bearer.searchWebhooks({});
    for (const client of [bearer, basic]) {
      nexudus.faults.sequence(["drop", "drop"]);
      errors.push(await rejectionOf(client.searchWebhooks({})));
      nexudus.faults.sequence(["timeout", "timeout"]);
      errors.push(await timedOut(client.searchWebhooks({})));
      nexudus.faults.sequence([503, 503]);
      errors.push(await rejectionOf(client.searchWebhooks({})));
      nexudus.faults.sequence(["malformed", "malformed"]);
      errors.push(await rejectionOf(client.searchWebhooks({})));
      errors.push(await rejectionOf(client.getWebhook(5)));
    }
    nexudus.faults.expireTokens();
    nexudus.faults.sequence([409]);
    await bearer.searchWebhooks({});
    errors.push(await rejectionOf(wrongBearer.searchWebhooks({})));
    errors.push(await rejectionOf(wrongBasic.searchWebhooks({})));
    await nexudus.close();
    errors.push(await rejectionOf(basic.searchWebhooks({})));

    // Assess
    const tokens = answers
      .filter((a) => a.includes("access_token"))
      .flatMap((a) => {
        const grant = JSON.parse(a) as { access_token: string; refresh_token: string };
        return [grant.access_token, grant.refresh_token];
      });
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    const secrets = [
      password,
      encodeURIComponent(password),
      `${password}x`,
      Buffer.from(`${username}:${password}`).toString("base64"),
      Buffer.from(`${username}:${password}x`).toString("base64"),
      ...tokens,
    ];
    const texts: string[] = lines.map((l) => `${l.message} ${JSON.stringify(l.fields)}`);
    for (const error of errors) {
      let current: unknown = error;
      while (current instanceof Error) {
        texts.push(current.message, current.stack ?? "", JSON.stringify(current));
        if (current instanceof NexudusError) texts.push(current.userMessage);
        current = current.cause;
      }
    }
    expect(errors.length).toBe(13);
    expect(lines.length).toBeGreaterThan(20);
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
    for (const line of lines)
      expect(Object.keys(line.fields).sort()).toEqual(expect.arrayContaining(["attempt", "method", "path"]));
    for (const line of lines) expect(line.fields.path).not.toContain("?");
  });
});
