import { totpFromBase32 } from "@nwh/core/nexudus";
import { describe, expect, it } from "vitest";
import { basic, get, NOW, postToken, refreshGrant, start } from "./helpers";

describe("POST /token", () => {
  it("grants a bearer token for the right password and the token opens /sys routes", async () => {
    // Prepare
    const emulator = await start({ tokenTtlSeconds: 600 });
    // Act
    const grant = await postToken(emulator, { grant_type: "password", ...emulator.credentials });
    const search = await get(emulator, "/sys/webhooks?size=1", `Bearer ${grant.body.access_token}`);
    // Assess
    expect(grant.status).toBe(200);
    expect(grant.body).toMatchObject({ token_type: "bearer", expires_in: 600 });
    expect(grant.body.access_token).toEqual(expect.any(String));
    expect(grant.body.refresh_token).toEqual(expect.any(String));
    expect(search.status).toBe(200);
    expect(emulator.requests.at(-1)?.authScheme).toBe("bearer");
  });

  it("refuses a wrong password with invalid_grant and never records the password", async () => {
    const emulator = await start();
    const answer = await postToken(emulator, {
      grant_type: "password",
      username: emulator.credentials.username,
      password: "nope",
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_grant");
    expect(answer.body.error_description).toEqual(expect.any(String));
    expect(JSON.stringify(emulator.requests)).not.toContain("nope");
  });

  it("refuses a JSON body", async () => {
    const emulator = await start();
    const res = await fetch(`${emulator.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "password", ...emulator.credentials }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("unsupported_grant_type");
  });

  it("exchanges a refresh token for a new pair once, and only for the matching client_id header", async () => {
    const emulator = await start();
    const first = await postToken(emulator, { grant_type: "password", ...emulator.credentials });
    const wrongClient = await refreshGrant(emulator, first.body.refresh_token, "someone@else.com");
    const bodyOnly = await postToken(emulator, {
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token,
      client_id: emulator.credentials.username,
    });
    const refreshed = await refreshGrant(emulator, first.body.refresh_token);
    const reused = await refreshGrant(emulator, first.body.refresh_token);
    expect(bodyOnly.status).toBe(400);
    expect(bodyOnly.body.error).toBe("invalid_clientId");
    expect(wrongClient.status).toBe(400);
    expect(wrongClient.body.error).toBe("invalid_grant");
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(reused.status).toBe(400);
    expect((await get(emulator, "/sys/webhooks", `Bearer ${refreshed.body.access_token}`)).status).toBe(200);
  });

  it("expires access tokens after tokenTtlSeconds on the emulator's clock", async () => {
    let now = NOW;
    const emulator = await start({ tokenTtlSeconds: 60, now: () => now });
    const grant = await postToken(emulator, { grant_type: "password", ...emulator.credentials });
    const bearer = `Bearer ${grant.body.access_token}`;
    now += 59_000;
    const before = await get(emulator, "/sys/webhooks", bearer);
    now += 1_000;
    const after = await get(emulator, "/sys/webhooks", bearer);
    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it("faults.expireTokens() expires access tokens but keeps refresh tokens valid", async () => {
    const emulator = await start();
    const grant = await postToken(emulator, { grant_type: "password", ...emulator.credentials });
    emulator.faults.expireTokens();
    const search = await get(emulator, "/sys/webhooks", `Bearer ${grant.body.access_token}`);
    const refreshed = await refreshGrant(emulator, grant.body.refresh_token);
    expect(search.status).toBe(401);
    expect(refreshed.status).toBe(200);
  });

  it("rotates: a new token for a client invalidates that client's earlier refresh tokens", async () => {
    const emulator = await start();
    const first = await postToken(emulator, { grant_type: "password", ...emulator.credentials });
    // Another process of the same API user logs in.
    const second = await postToken(emulator, { grant_type: "password", ...emulator.credentials });
    const stale = await refreshGrant(emulator, first.body.refresh_token);
    const current = await refreshGrant(emulator, second.body.refresh_token);
    expect(stale.status).toBe(400);
    expect(stale.body.error).toBe("invalid_grant");
    expect(current.status).toBe(200);
    // The first access token still works until it expires: only refresh tokens rotate.
    expect((await get(emulator, "/sys/webhooks?size=1", `Bearer ${first.body.access_token}`)).status).toBe(
      200,
    );
  });

  it("asks a two-factor account for a valid totp computed on the emulator's clock", async () => {
    const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DP";
    const emulator = await start({
      credentials: { username: "ops@example.com", password: "pw-12345", totpSecret },
    });
    const grant = (extra: Record<string, string>) =>
      postToken(emulator, {
        grant_type: "password",
        username: "ops@example.com",
        password: "pw-12345",
        ...extra,
      });
    const without = await grant({});
    const wrong = await grant({ totp: "000000" === totpFromBase32(totpSecret, NOW) ? "111111" : "000000" });
    const stale = await grant({ totp: totpFromBase32(totpSecret, NOW - 120_000) });
    const right = await grant({ totp: totpFromBase32(totpSecret, NOW) });
    const previousStep = await grant({ totp: totpFromBase32(totpSecret, NOW - 30_000) });
    for (const refused of [without, wrong, stale]) {
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe("two_factor_auth_check");
    }
    expect(right.status).toBe(200);
    expect(previousStep.status).toBe(200);
    expect(JSON.stringify(emulator.requests)).not.toContain(totpSecret);
  });
});

describe("authorization of /sys routes", () => {
  it.each([
    ["no header", undefined],
    ["a wrong password", basic("demo@example.com", "wrong")],
    ["an unknown token", "Bearer not-a-token"],
    ["an unknown scheme", "Digest abc"],
  ])("answers 401 with the Nexudus message for %s", async (_label, header) => {
    const emulator = await start();
    const res = await fetch(`${emulator.url}/sys/webhooks`, {
      headers: header ? { authorization: header } : {},
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ Message: "Authorization has been denied for this request." });
    expect(emulator.requests.at(-1)?.status).toBe(401);
  });

  it("accepts Basic auth of the emulator's user and records the scheme, never the credentials", async () => {
    const emulator = await start();
    const answer = await get(emulator, "/sys/businesses");
    expect(answer.status).toBe(200);
    expect(emulator.requests.at(-1)).toMatchObject({
      method: "GET",
      path: "/api/sys/businesses",
      authScheme: "basic",
    });
    expect(JSON.stringify(emulator.requests)).not.toContain(
      Buffer.from("demo@example.com:demo-password").toString("base64"),
    );
  });

  it("redacts secret-looking query values in the request record", async () => {
    const emulator = await start();
    await get(emulator, "/sys/webhooks?access_token=tok-123&api_key=k-456&WebHook_Name=hub");
    expect(emulator.requests.at(-1)?.query).toEqual({
      access_token: "[redacted]",
      api_key: "[redacted]",
      WebHook_Name: "hub",
    });
  });

  it("answers 404 outside the documented routes", async () => {
    const emulator = await start();
    const answer = await get(emulator, "/sys/coworkers");
    const outside = await fetch(`${emulator.url.replace(/\/api$/, "")}/health`);
    expect(answer.status).toBe(404);
    expect(outside.status).toBe(404);
  });
});
