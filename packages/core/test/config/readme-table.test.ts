import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_KEYS, CONTRACT_CONFIG_KEYS, LOCAL_MODE_CONFIG_KEYS } from "../../src/config";
import { DEPLOYMENT_CONFIG_KEYS } from "../../src/config/config-schema";

const ROOT = join(__dirname, "../../../..");

/**
 * Names read outside the configuration schema, each by the file given: the standalone emulator (a test
 * tool that depends on nothing of the bot's) validates its own port; the logger takes its service name as
 * Powertools does (any text, set per function by the stack).
 */
const OUTSIDE_SCHEMA = [
  ["EMULATOR_PORT", "packages/emulator/src/main.ts"],
  ["POWERTOOLS_SERVICE_NAME", "packages/functions/src/lib/logger.ts"],
] as const;

function tableNames(): string[] {
  // The names in the first column of the table under "## Configuration".
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.split("## Configuration")[1]?.split("\n## ")[0] ?? "";
  return [...section.matchAll(/^\| ((?:`[A-Z_]+`(?:, )?)+) \|/gm)].flatMap((m) =>
    [...(m[1] ?? "").matchAll(/`([A-Z_]+)`/g)].map((n) => n[1]!),
  );
}

describe("the README's configuration table", () => {
  it("lists the contract's names, the deployment's, then local mode's own, in order", () => {
    expect(tableNames()).toEqual([
      ...CONTRACT_CONFIG_KEYS,
      ...DEPLOYMENT_CONFIG_KEYS,
      ...LOCAL_MODE_CONFIG_KEYS,
      ...OUTSIDE_SCHEMA.map(([name]) => name),
    ]);
  });

  it("lists every name the configuration schema reads, and those read outside it", () => {
    expect([...tableNames()].sort()).toEqual([...CONFIG_KEYS, ...OUTSIDE_SCHEMA.map(([n]) => n)].sort());
    for (const [name, file] of OUTSIDE_SCHEMA)
      expect(readFileSync(join(ROOT, file), "utf8")).toContain(`process.env.${name}`);
  });
});
