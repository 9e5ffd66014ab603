import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatQuery, parseCommand, QUERY_LIMITS } from "../../src/query";
import { redactSecrets } from "../../src/text/redact";
import { errorsOf } from "./helpers";

/*
 * Issue 13 item 4: a search travels in its answer's button values (Details, Next, Share) and, once shared,
 * in a channel. A search that holds what looks like a credential is refused before it becomes state.
 */

const SECRETS = ["pw@", "abc123", "hunter2", "abcdef123456", "Zx9PqL2mN8"];

describe("credentials typed in a search", () => {
  it.each([
    "url:https://bob:pw@hooks.example.com/x",
    "url:https://hooks.example.com/x?api_key=abc123",
    'error:"Authorization: Bearer abcdef123456"',
    "name:password=hunter2",
    "failing -url:https://bob:pw@x.example",
    "hooks.example.com/?token=abc123",
    "api_key= abc123",
    "url:https://storage.example-coworking.com/ingest?sig=Zx9PqL2mN8",
  ])("%s is refused, naming the term without its credential", (text) => {
    // Act
    const errors = errorsOf(text);
    // Assess
    expect(errors.map((e) => e.code)).toContain("credential");
    for (const e of errors) {
      const shown = JSON.stringify(e);
      for (const secret of SECRETS) expect(shown).not.toContain(secret);
    }
  });

  it("says why and suggests searching by host", () => {
    // Act
    const [error] = errorsOf("url:https://bob:pw@hooks.example.com/x");
    // Assess
    expect(error!.message).toMatch(/^`url:` holds what looks like a password or token/);
    expect(error!.message).toMatch(/search by host \(`host:hooks\.example\.com`\) or by a part of the URL/i);
    expect(error!.suggestions).toEqual(["host:hooks.example.com"]);
    expect(error!.term).not.toContain("pw@");
  });

  it("refuses it in a button value too, so an old button cannot share it", () => {
    // Act
    const outcome = parseCommand("url:https://bob:pw@hooks.example.com/x", {
      maxLength: QUERY_LIMITS.maxCanonicalLength,
    });
    // Assess
    expect(outcome.ok).toBe(false);
  });

  it("leaves ordinary searches alone", () => {
    // Act / Assess
    for (const text of ["url:hooks.zapier.com", 'error:"token expired"', "name:password-reset", "key"]) {
      expect(parseCommand(text).ok, text).toBe(true);
    }
  });

  it("never lets a search whose canonical text holds a credential through (property)", () => {
    const fragment = fc.constantFrom(
      "url:https://bob:pw@x.example",
      "api_key=abc123",
      "api_key=",
      "abc123",
      "token:",
      "Bearer",
      "Basic",
      "ZGVtbzpkZW1v",
      "password",
      "=",
      "-name:secret=",
      "failing",
      "xero",
      "url:x.example/?code=",
      "sig=1",
      '"key = v"',
      "name:a",
    );
    fc.assert(
      fc.property(fc.array(fragment, { minLength: 1, maxLength: 6 }), (parts) => {
        const outcome = parseCommand(parts.join(" "));
        if (!outcome.ok || outcome.command.kind !== "search") return;
        const canonical = formatQuery(outcome.command.query);
        expect(redactSecrets(canonical), canonical).toBe(canonical);
      }),
      { numRuns: 3000 },
    );
  });
});
