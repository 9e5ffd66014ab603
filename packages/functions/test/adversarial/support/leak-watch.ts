import { inspect } from "node:util";
import { afterAll, beforeAll, expect } from "vitest";
import { fixedCanaries } from "./canaries";

/*
 * What the whole suite watches: every line written to stdout, stderr or the console while it runs (the
 * Powertools logger writes JSON lines to process.stdout through its own Console; Bolt and the WebClient log
 * through it too), every value handed to `scan` (handler answers, Slack traffic, thrown errors), and every
 * unhandled promise rejection. At the end of a test file nothing may contain a canary and nothing may have
 * been rejected unhandled.
 */

type Write = typeof process.stdout.write;

/** The watch of one test file. */
export interface LeakWatch {
  /** Adds secrets learnt during the run (the bearer tokens the emulator issued). */
  addSecrets(source: () => readonly string[]): void;
  /**
   * Adds values that may travel where they belong but must never be logged: `response_url`s (whoever
   * holds one can post into the conversation for 30 minutes).
   */
  addLogSecrets(source: () => readonly string[]): void;
  /** Records a value that left the bot (an answer, a message, an error) to be scanned at the end. */
  scan(label: string, value: unknown): void;
  /** Lines captured so far. */
  lines(): readonly string[];
  /** The canaries (fixed and learnt) found in the captured output and scanned values, with where. */
  findings(): string[];
  /** Unhandled rejections seen so far. */
  rejections(): readonly unknown[];
}

function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) {
    // The name, the message, the causes and any own fields, as a logger that printed the error would.
    return `${String(value)}\n${inspect(value, { depth: 6 })}`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return inspect(value, { depth: 6 });
  }
}

/**
 * Installs the watch for the current test file (beforeAll) and checks it (afterAll): no canary anywhere,
 * no unhandled rejection. Returns the watch so tests can add what they see.
 */
export function watchForLeaks(): LeakWatch {
  const captured: string[] = [];
  const scanned: Array<{ label: string; text: string }> = [];
  const learnt: Array<() => readonly string[]> = [];
  const logOnly: Array<() => readonly string[]> = [];
  const rejected: unknown[] = [];
  const saved: { out?: Write; err?: Write; console: Partial<Record<keyof Console, unknown>> } = {
    console: {},
  };
  const onRejection = (reason: unknown) => {
    rejected.push(reason);
  };

  const watch: LeakWatch = {
    addSecrets: (source) => {
      learnt.push(source);
    },
    addLogSecrets: (source) => {
      logOnly.push(source);
    },
    scan: (label, value) => {
      scanned.push({ label, text: textOf(value) });
    },
    lines: () => captured,
    findings() {
      const secrets = new Set(fixedCanaries());
      for (const source of learnt) for (const s of source()) if (s.length >= 8) secrets.add(s);
      const found: string[] = [];
      for (const secret of secrets) {
        const line = captured.find((l) => l.includes(secret));
        if (line) found.push(`log line holds ${secret.slice(0, 6)}…: ${line.slice(0, 300)}`);
        const value = scanned.find((v) => v.text.includes(secret));
        if (value) found.push(`${value.label} holds ${secret.slice(0, 6)}…`);
      }
      for (const source of logOnly) {
        for (const secret of source()) {
          const line = captured.find((l) => l.includes(secret));
          if (line) found.push(`log line holds ${secret}: ${line.slice(0, 300)}`);
        }
      }
      return found;
    },
    rejections: () => rejected,
  };

  beforeAll(() => {
    const capture =
      (): Write =>
      (chunk: unknown, ...rest: unknown[]) => {
        captured.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
        const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
        callback?.();
        return true;
      };
    saved.out = process.stdout.write;
    saved.err = process.stderr.write;
    process.stdout.write = capture();
    process.stderr.write = capture();
    for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
      saved.console[method] = console[method];
      console[method] = (...args: unknown[]) => {
        captured.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 6 }))).join(" "));
      };
    }
    process.on("unhandledRejection", onRejection);
  });

  afterAll(() => {
    if (saved.out) process.stdout.write = saved.out;
    if (saved.err) process.stderr.write = saved.err;
    for (const [method, fn] of Object.entries(saved.console)) {
      (console as unknown as Record<string, unknown>)[method] = fn;
    }
    process.off("unhandledRejection", onRejection);
    expect({ leaks: watch.findings(), unhandledRejections: rejected.map((r) => textOf(r)) }).toEqual({
      leaks: [],
      unhandledRejections: [],
    });
  });

  return watch;
}
