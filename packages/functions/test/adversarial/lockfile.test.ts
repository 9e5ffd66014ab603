import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { watchForLeaks } from "./support/leak-watch";

/*
 * Known-vulnerable dependencies (issue 13, item 8). `@aws-sdk/client-lambda` 3.699.0 pulled `fast-xml-parser`
 * 4.4.1 (GHSA-jmr7-xgp7-cmfj, GHSA-m7jm-9gc2-mpf2, CVE-2026-25128). The lockfile is what `npm ci` installs,
 * in CI and in every deployment: it must not hold a version below the patched ones, on any path (the SST CLI
 * pins its own AWS SDK clients, so an override keeps those patched too).
 */

watchForLeaks();

/** The first patched version of each major line still published; every earlier version is refused. */
const PATCHED: ReadonlyArray<{ name: string; major: number; min: string }> = [
  { name: "fast-xml-parser", major: 4, min: "4.5.4" },
  { name: "fast-xml-parser", major: 5, min: "5.3.5" },
];

type Lock = {
  packages?: Record<string, { version?: string; name?: string }>;
  dependencies?: Record<string, { version?: string; dependencies?: Lock["dependencies"] }>;
};

/** `[major, minor, patch]`, with a pre-release counted as below its release. */
function parts(version: string): [number, number, number, number] {
  const [core = "", pre] = version.split("-", 2);
  const [a = 0, b = 0, c = 0] = core.split(".").map((n) => Number.parseInt(n, 10) || 0);
  return [a, b, c, pre === undefined ? 1 : 0];
}

function below(version: string, min: string): boolean {
  const v = parts(version);
  const m = parts(min);
  for (let i = 0; i < v.length; i++) if (v[i] !== m[i]) return v[i]! < m[i]!;
  return false;
}

/** Every install of `name` in a lockfile (v1 trees and v2/v3 `packages`), as `path@version`. */
function installs(lock: Lock, name: string): Array<{ path: string; version: string }> {
  const found: Array<{ path: string; version: string }> = [];
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const installed = path.split("node_modules/").pop();
    if ((installed === name || entry.name === name) && entry.version)
      found.push({ path, version: entry.version });
  }
  const walk = (deps: Lock["dependencies"], at: string) => {
    for (const [dep, entry] of Object.entries(deps ?? {})) {
      if (dep === name && entry.version) found.push({ path: `${at}${dep}`, version: entry.version });
      walk(entry.dependencies, `${at}${dep} > `);
    }
  };
  walk(lock.dependencies, "");
  return found;
}

/** The installs of a refused version, with why. */
function vulnerable(lock: Lock): string[] {
  const problems: string[] = [];
  for (const name of new Set(PATCHED.map((p) => p.name))) {
    for (const { path, version } of installs(lock, name)) {
      const lines = PATCHED.filter((p) => p.name === name);
      const line = lines.find((p) => parts(version)[0] === p.major);
      const oldest = lines.reduce((a, b) => (below(a.min, b.min) ? a : b));
      if (line ? below(version, line.min) : below(version, oldest.min)) {
        problems.push(`${path}@${version} (patched from ${line?.min ?? oldest.min})`);
      }
    }
  }
  return problems;
}

const LOCKFILE = fileURLToPath(new URL("../../../../package-lock.json", import.meta.url));

describe("the lockfile", () => {
  it("holds no fast-xml-parser below the patched versions, on any path", () => {
    const lock = JSON.parse(readFileSync(LOCKFILE, "utf8")) as Lock;

    expect(installs(lock, "fast-xml-parser").length).toBeGreaterThan(0);
    expect(vulnerable(lock)).toEqual([]);
  });

  it("the check finds a vulnerable copy wherever it is installed", () => {
    const lock: Lock = {
      packages: {
        "": {},
        "node_modules/fast-xml-parser": { version: "4.5.4" },
        "node_modules/@aws-sdk/core/node_modules/fast-xml-parser": { version: "4.4.1" },
        "node_modules/x/node_modules/fast-xml-parser": { version: "5.3.4" },
        "node_modules/y/node_modules/fast-xml-parser": { version: "5.3.5" },
        "node_modules/z/node_modules/fast-xml-parser": { version: "3.21.1" },
        "node_modules/alias": { name: "fast-xml-parser", version: "4.5.4-beta.1" },
      },
      dependencies: { a: { version: "1.0.0", dependencies: { "fast-xml-parser": { version: "4.2.5" } } } },
    };

    expect(vulnerable(lock)).toEqual([
      "node_modules/@aws-sdk/core/node_modules/fast-xml-parser@4.4.1 (patched from 4.5.4)",
      "node_modules/x/node_modules/fast-xml-parser@5.3.4 (patched from 5.3.5)",
      "node_modules/z/node_modules/fast-xml-parser@3.21.1 (patched from 4.5.4)",
      "node_modules/alias@4.5.4-beta.1 (patched from 4.5.4)",
      "a > fast-xml-parser@4.2.5 (patched from 4.5.4)",
    ]);
  });
});
