import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTRACT_CONFIG_KEYS, LOCAL_MODE_CONFIG_KEYS } from "../../src/config";

describe("the README's configuration table", () => {
  it("lists exactly the configuration names the code reads, in order, then local mode's own", () => {
    // Prepare: the names in the first column of the table under "## Configuration".
    const readme = readFileSync(join(__dirname, "../../../../README.md"), "utf8");
    const section = readme.split("## Configuration")[1]?.split("\n## ")[0] ?? "";
    const names = [...section.matchAll(/^\| ((?:`[A-Z_]+`(?:, )?)+) \|/gm)].flatMap((m) =>
      [...(m[1] ?? "").matchAll(/`([A-Z_]+)`/g)].map((n) => n[1]),
    );

    // Assess
    expect(names).toEqual([...CONTRACT_CONFIG_KEYS, ...LOCAL_MODE_CONFIG_KEYS]);
  });
});
