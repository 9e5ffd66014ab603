import { type NexudusHttpError, NexudusWriteError } from "@nwh/core/nexudus";
import { describe, expect, it } from "vitest";
import { NexudusWriteNotAppliedError } from "../../src/nexudus/errors";
import { clientFor, DEMO_NOW, emulator, recordingFetch, rejectionOf, sysRequests } from "./support";

describe("setWebhookActive", () => {
  it("GETs the full record, PUTs back only its documented writable fields with Active changed, and returns it re-read", async () => {
    // Prepare
    let now = DEMO_NOW;
    const nexudus = await emulator({ now: () => now, rateLimit: false });
    const { fetch, sent, answers } = recordingFetch();
    const client = clientFor(nexudus, { fetch, clock: { now: () => now } });
    const stored = nexudus.account.webhooks.find((w) => w.Active && w.Description && w.LastError)!;
    Object.assign(stored, { Secret: "abc", Headers: [{ Name: "X-Env", Value: "prod" }] });
    const before = structuredClone(stored);
    now += 60_000;

    // Act
    const record = await client.setWebhookActive(stored.Id, false);

    // Assess
    const put = sent.find((r) => r.method === "PUT")!;
    const got = JSON.parse(answers[sent.indexOf(put) - 1]!) as Record<string, unknown>;
    expect(put.url.pathname).toBe("/api/sys/webhooks");
    const { Id, BusinessId, Name, URL, Action, Description } = got as Record<string, unknown>;
    expect(JSON.parse(put.body!)).toEqual({ Id, BusinessId, Name, URL, Action, Description, Active: false });
    // Read-only and server-stamped fields are never sent as if they were writable.
    for (const field of ["ErrorCount", "LastError", "LastTrigger", "UpdatedOn", "UniqueId", "Secret"])
      expect(JSON.parse(put.body!)).not.toHaveProperty(field);
    expect(got).toEqual(before);
    expect(record.Active).toBe(false);
    const { Active: _a, UpdatedOn: _u, UpdatedBy: _b, ...kept } = before;
    expect(record).toMatchObject(kept);
    expect(record.Description).toBe(before.Description);
    expect(record).toMatchObject({ Secret: "abc", Headers: [{ Name: "X-Env", Value: "prod" }] });
    expect(record.UpdatedBy).toBe(nexudus.credentials.username);
    expect(record.UpdatedOn).not.toBe(before.UpdatedOn);
    expect(sysRequests(nexudus).map((r) => `${r.method} ${r.status}`)).toEqual([
      "GET 200",
      "PUT 200",
      "GET 200",
    ]);
  });

  it("resumes a disabled webhook", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);
    const stored = nexudus.account.webhooks.find((w) => !w.Active)!;

    // Act
    const record = await client.setWebhookActive(stored.Id, true);

    // Assess
    expect(record.Active).toBe(true);
    expect(stored.Active).toBe(true);
  });

  it("throws NexudusWriteError when Nexudus answers 200 with WasSuccessful false", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);
    const stored = nexudus.account.webhooks.find((w) => w.Active)!;
    nexudus.faults.sequence(["write-refused"]);

    // Act
    const error = await rejectionOf(client.setWebhookActive(stored.Id, false));

    // Assess
    expect(error).toBeInstanceOf(NexudusWriteError);
    expect((error as NexudusWriteError).messages.length).toBeGreaterThan(0);
    expect((error as NexudusWriteError).userMessage).toContain((error as NexudusWriteError).messages[0]);
    expect(stored.Active).toBe(true);
    expect(sysRequests(nexudus).map((r) => `${r.method} ${r.status}`)).toEqual(["GET 200", "PUT 200"]);
  });

  it("throws NexudusWriteError with the validation messages of a 400 envelope", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);
    const stored = nexudus.account.webhooks[2]!;
    stored.Name = "";

    // Act
    const error = await rejectionOf(client.setWebhookActive(stored.Id, false));

    // Assess
    expect(error).toBeInstanceOf(NexudusWriteError);
    expect((error as NexudusWriteError).messages).toEqual(["Name: is a required field"]);
    expect(sysRequests(nexudus).map((r) => `${r.method} ${r.status}`)).toEqual(["GET 200", "PUT 400"]);
  });

  it("throws NexudusWriteNotAppliedError when Nexudus answers success but the record read back is unchanged", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const client = clientFor(nexudus);
    const stored = nexudus.account.webhooks.find((w) => w.Active)!;
    nexudus.faults.sequence(["write-ignored"]);

    // Act
    const error = await rejectionOf(client.setWebhookActive(stored.Id, false));

    // Assess
    expect(error).toBeInstanceOf(NexudusWriteNotAppliedError);
    expect(error).toMatchObject({
      code: "nexudus_write_not_applied",
      id: stored.Id,
      asked: false,
      found: true,
    });
    expect((error as NexudusWriteNotAppliedError).userMessage).toMatch(
      /^Nexudus accepted the change but did not apply it: webhook #\d+ is still active\./,
    );
    expect(stored.Active).toBe(true);
    expect(sysRequests(nexudus).map((r) => `${r.method} ${r.status}`)).toEqual([
      "GET 200",
      "PUT 200",
      "GET 200",
    ]);
  });

  it("reads a bare ASP.NET {Message, ModelState} 400 as a refused write with its messages, redacted", async () => {
    // Prepare: a proxy in the way garbles the PUT's Active into the password (model binding then fails
    // and Nexudus quotes the value back).
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const password = nexudus.credentials.password;
    const garbling: typeof fetch = (input, init) => {
      if (init?.method !== "PUT" || typeof init.body !== "string") return fetch(input, init);
      return fetch(input, { ...init, body: JSON.stringify({ ...JSON.parse(init.body), Active: password }) });
    };
    const client = clientFor(nexudus, { fetch: garbling });
    const stored = nexudus.account.webhooks.find((w) => w.Active)!;

    // Act
    const error = await rejectionOf(client.setWebhookActive(stored.Id, false));

    // Assess
    expect(error).toBeInstanceOf(NexudusWriteError);
    const { messages, userMessage, code } = error as NexudusWriteError;
    expect(code).toBe("nexudus_write_refused");
    expect(messages[0]).toMatch(/^Active: Error converting value "\[redacted\]" to type 'System\.Boolean'/);
    expect(messages).toContain("The request is invalid.");
    expect(userMessage).toContain("Active: Error converting value");
    for (const text of [...messages, userMessage, error.message]) expect(text).not.toContain(password);
    expect(stored.Active).toBe(true);
  });

  it("retries a throttled write", async () => {
    // Prepare
    const nexudus = await emulator({ now: () => DEMO_NOW, rateLimit: false });
    const stored = nexudus.account.webhooks.find((w) => w.Active)!;
    let throttled = false;
    const { fetch } = recordingFetch((request) => {
      if (request.method !== "PUT" || throttled) return;
      throttled = true;
      nexudus.faults.sequence([409]);
    });
    const client = clientFor(nexudus, { fetch });

    // Act
    const record = await client.setWebhookActive(stored.Id, false);

    // Assess
    expect(record.Active).toBe(false);
    expect(sysRequests(nexudus).map((r) => `${r.method} ${r.status}`)).toEqual([
      "GET 200",
      "PUT 409",
      "PUT 200",
      "GET 200",
    ]);
  });

  it("answers an unknown id with a 404 and writes nothing", async () => {
    // Prepare
    const nexudus = await emulator({ rateLimit: false });
    const client = clientFor(nexudus);

    // Act
    const error = await rejectionOf(client.setWebhookActive(4242, false));

    // Assess
    expect((error as NexudusHttpError).status).toBe(404);
    expect(sysRequests(nexudus).map((r) => r.method)).toEqual(["GET"]);
  });
});
