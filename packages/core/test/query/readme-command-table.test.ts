import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMAND_TABLE, parseCommand } from "../../src/query";
import type { CommandRow } from "../../src/query/row-types";

describe("the README's /webhooks table", () => {
  // The table under "## The `/webhooks` command": its first column, the forms a user types.
  const readme = readFileSync(join(__dirname, "../../../../README.md"), "utf8");
  const section = readme.split("## The `/webhooks` command")[1]?.split("\n## ")[0] ?? "";
  const typed = [...section.matchAll(/^\| (.+?) \| .+ \|$/gm)].map((m) => m[1]!).slice(2);
  const forms = typed.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));

  it("names every keyword, qualifier and command of the table the parser reads", () => {
    // Prepare
    const rows: readonly CommandRow[] = COMMAND_TABLE;
    const named = rows.filter((r) => r.kind === "keyword" || r.kind === "qualifier" || r.kind === "command");
    // Assess
    for (const row of named) {
      const word = row.kind === "qualifier" ? `${row.name}:` : row.name;
      expect(
        forms.some((f) => f.replace(/^-/, "").toLowerCase().startsWith(word)),
        word,
      ).toBe(true);
    }
  });

  it("shows only forms the parser accepts", () => {
    // Act / Assess
    // Multi-word forms (`show 87654321`) and bare keys (`url:`) aside.
    for (const form of forms.filter((f) => !f.endsWith(":") && !f.includes(" "))) {
      expect(parseCommand(form).ok, form).toBe(true);
    }
  });
});
