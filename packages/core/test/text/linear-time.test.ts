import { cleanLine, codeBlock, inlineCode, safeLiteral, safeParagraphs, safeText } from "@nwh/core/blocks";
import { parseCommand } from "@nwh/core/query";
import { TEXT_LIMITS } from "@nwh/core/slack";
import { escapeMrkdwn, hostOf, oneLine, redactSecrets, redactUrl, truncate } from "@nwh/core/text";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundUntrusted } from "../../src/text/bound-untrusted";
import { escapeMrkdwnLiteral } from "../../src/text/escape-mrkdwn";
import { visibleText } from "../../src/text/visible-text";

/*
 * Every text transform takes time linear in its input, whatever the input's shape (issue 13, item 1: the
 * userinfo pattern made `redactSecrets` quadratic on a run of letters; 100,000 characters took 8 s).
 *
 * How this is measured without flaking on a busy machine: the reference is the same transform on the same
 * shape, sixteen times shorter, run sixteen times, measured in the same test. That is the same amount of text
 * and the same garbage to collect, so linear work takes about as long as its reference, and quadratic work
 * sixteen times as long. The bound is four times (plus a little absolute slack for sub-millisecond figures),
 * and each figure is the fastest of a few runs after a warm-up. The length is the longest any pattern ever sees: longer text is
 * cut first (`TEXT_LIMITS.untrustedInput`), so 1 MB of any shape must cost about as much as that.
 *
 * Every figure is this process's CPU time, not the wall clock: on a machine whose cores other processes
 * share, the wall clock runs on while the test waits for a core (under load, a 3 ms run once read 23 ms and
 * failed its bound), while CPU time counts only the work done.
 */

/** Untrusted text longer than this is cut before any pattern runs: the worst case for the patterns. */
const LONGEST = TEXT_LIMITS.untrustedInput;
const PARTS = 16;
const SHORTER = LONGEST / PARTS;
const ONE_MB = 1 << 20;
/** How much longer the text in one piece may take than in 16 pieces (linear: 1; quadratic: 16). */
const GROWTH = 4;
/**
 * Absolute slack added to every bound, for figures of a few milliseconds that a collection can stretch
 * (the quadratic code needed 40 ms to 1.5 s at this length).
 */
const SLACK_MS = 10;
/** A 1 MB input, whatever its shape, is done within this (the quadratic code needed many minutes). */
const ONE_MB_BOUND_MS = 2000;

const TRANSFORMS: Record<string, (s: string) => unknown> = {
  redactSecrets,
  redactUrl,
  hostOf,
  boundUntrusted,
  visibleText,
  cleanLine,
  safeText: (s) => safeText(s, 500),
  safeLiteral: (s) => safeLiteral(s, 150),
  inlineCode: (s) => inlineCode(s, 1500),
  codeBlock: (s) => codeBlock(s, 2000),
  safeParagraphs: (s) => safeParagraphs(s, 1500),
  escapeMrkdwn,
  escapeMrkdwnLiteral,
  truncate: (s) => truncate(s, 2000),
  oneLine,
  // What a user typed: Slack's link and entity forms are undone before the length check.
  parseCommand,
};

/** CPU time used by this process so far, in ms (user and system; microsecond resolution). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** `unit` repeated to exactly `length` characters. */
function fill(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const made = new Map<string, string>();
/** A shape at a length, made once per test file (a 1 MB string costs more to make than to redact). */
function shaped(shape: string, length: number): string {
  const key = `${shape} ${length}`;
  let text = made.get(key);
  if (text === undefined) {
    text = SHAPES[shape]!(length);
    made.set(key, text);
  }
  return text;
}

/** Adversarial shapes of a given length: long runs, and the characters the patterns look for, repeated. */
const SHAPES: Record<string, (n: number) => string> = {
  letters: (n) => fill("a", n),
  digits: (n) => fill("7", n),
  hex: (n) => fill("0123456789abcdef", n),
  base64: (n) => fill("QmFzZTY0dXJsU2VjcmV0VG9rZW4+/=", n),
  "a:": (n) => fill("a:", n),
  "//": (n) => fill("//", n),
  "@": (n) => fill("@", n),
  "%": (n) => fill("%", n),
  "=": (n) => fill("=", n),
  "&": (n) => fill("&", n),
  "a=": (n) => fill("a=", n),
  "xkey=": (n) => fill("xkey=", n),
  "password=": (n) => fill("password=", n),
  "a@b:": (n) => fill("a@b:", n),
  "://": (n) => fill("://", n),
  "https://": (n) => fill("https://", n),
  "https://a": (n) => fill("https://a", n),
  "sftp://u:": (n) => fill("sftp://u:", n),
  "Bearer ": (n) => fill("Bearer ", n),
  "dots after a URL": (n) => `https://x.example/${fill(".", n - 19)}a`,
  "a query without =": (n) => `https://x.example/cb?${fill("a", n - 21)}`,
  "an authority without @": (n) => `https://${fill("a", n - 8)}`,
  "a scheme without ://": (n) => `${fill("a", n - 3)}:/x`,
  "a word then spaces": (n) => `password${fill(" ", n - 9)}x`,
  "spaces and line breaks": (n) => fill(" \n \t\r\n", n),
  "zero-width spaces": (n) => fill("a\u200b", n),
  "emoji joiners": (n) => fill("👩\u200d", n),
  "lone surrogates": (n) => fill("\ud800a", n),
  entities: (n) => fill("&amp;<>", n),
  "Slack links without an end": (n) => fill("<http:|", n),
  "Slack link starts": (n) => fill("<mailto:", n),
  mixed: (n) => fill("a:b//c@d%e=f&g?h#i https://j:k@l/m?token=n ", n),
};

/** Where `transform` grows faster than linearly on `make`'s shape: a description, or undefined. */
function superLinear(
  transform: (s: string) => unknown,
  make: (n: number) => string,
  runs = 5,
): string | undefined {
  const short = make(SHORTER);
  const long = make(LONGEST);
  transform(short);
  transform(long);
  // The fastest of a few runs, the two kinds taking turns, so a moment of load weighs on both.
  let piecesMs = Number.POSITIVE_INFINITY;
  let longMs = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) {
    let started = cpuMs();
    for (let i = 0; i < PARTS; i++) transform(short);
    piecesMs = Math.min(piecesMs, cpuMs() - started);
    started = cpuMs();
    transform(long);
    longMs = Math.min(longMs, cpuMs() - started);
  }
  return longMs > GROWTH * piecesMs + SLACK_MS
    ? `${longMs.toFixed(1)} ms for ${LONGEST} chars, ${piecesMs.toFixed(2)} ms for ${PARTS} × ${SHORTER}`
    : undefined;
}

describe("every text transform is linear", () => {
  it.each(Object.keys(TRANSFORMS))("%s: on every adversarial shape", (name) => {
    const transform = TRANSFORMS[name]!;
    const slow: string[] = [];
    for (const shape of Object.keys(SHAPES)) {
      const problem = superLinear(transform, (n) => shaped(shape, n));
      if (problem) slow.push(`${shape}: ${problem}`);
    }
    expect(slow).toEqual([]);
  });

  it.each(Object.keys(TRANSFORMS))("%s: on mixed hostile pieces, repeated", (name) => {
    const transform = TRANSFORMS[name]!;
    const piece = fc.constantFrom(
      "a",
      "Z",
      "7",
      "f",
      ":",
      "/",
      "//",
      "@",
      "%",
      "=",
      "&",
      "?",
      "#",
      ".",
      " ",
      "\n",
      "https://",
      "x://",
      "key",
      "password",
      "Bearer ",
      "\u200b",
      "\u200d",
      "😀",
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        const unit = pieces.join("");
        expect(
          superLinear(transform, (n) => fill(unit, n), 3),
          JSON.stringify(unit),
        ).toBeUndefined();
      }),
      { numRuns: 20, endOnFailure: true },
    );
  });

  it.each(Object.keys(TRANSFORMS))(
    "%s: 1 MB of any shape in far less than the quadratic code took",
    (name) => {
      const transform = TRANSFORMS[name]!;
      const slow: string[] = [];
      for (const shape of Object.keys(SHAPES)) {
        const text = shaped(shape, ONE_MB);
        const started = cpuMs();
        transform(text);
        const ms = cpuMs() - started;
        if (ms > ONE_MB_BOUND_MS) slow.push(`${shape}: ${ms.toFixed(0)} ms`);
      }
      expect(slow).toEqual([]);
    },
  );
});

describe("bounding untrusted text", () => {
  it("keeps text up to the limit as it is and cuts longer text to the limit", () => {
    const exact = fill("abc def ", LONGEST);
    expect(boundUntrusted(exact)).toBe(exact);
    const cut = boundUntrusted(`${exact} more`);
    expect(cut.length).toBeLessThanOrEqual(LONGEST);
    expect(cut.endsWith(" …")).toBe(true);
    expect(exact.startsWith(cut.slice(0, -2))).toBe(true);
  });

  it("never cuts a credential so that its first part escapes redaction", () => {
    const secrets = ["Zq9SecretPw", "tok_live_4f8a9b3c", "eyJhbGciOiJIUzI1NiJ9x"];
    const forms = [
      (s: string) => `https://user:${s}@host.example/p`,
      (s: string) => `https://h.example/in?token=${s}&x=1`,
      (s: string) => `Authorization: Bearer ${s}`,
      (s: string) => `password=${s}`,
      (s: string) => `https://hooks.slack.com/services/T0/B0/${s}XXXXXXXXXXXX`,
      (s: string) => `https://example.com/in/QmFzZTY0dXJs${s}U2VjcmV0VG9rZW4`,
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...secrets),
        fc.constantFrom(...forms),
        fc.integer({ min: 0, max: 80 }),
        fc.constantFrom(" ", "", "a", "/", "x/y?z#"),
        (secret, form, shift, glue) => {
          // The credential straddles the limit, shifted by 0–80 characters, after filler that redaction
          // shortens a lot (so what follows the cut would come into view).
          const filler = fill(`${glue}https://h.example/?token=${"t".repeat(300)} `, LONGEST - 40 + shift);
          const out = cleanLine(`${filler}${form(secret)} tail`);
          for (let length = 4; length <= secret.length; length++) {
            expect(out).not.toContain(secret.slice(0, length));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
