import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { barrelSurfaces } from "./barrel-surface";

// Parsed once for every case below: the whole project, syntax only.
const root = fileURLToPath(new URL("../../../../", import.meta.url));
const surfaces = barrelSurfaces(root);

describe("the barrels (`packages/*/src/**/index.ts`)", () => {
  it("are all found, and imports through package names and paths reach them", () => {
    const paths = surfaces.map((s) => s.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "packages/core/src/query/index.ts",
        "packages/functions/src/index.ts",
        "packages/functions/src/listeners/commands/index.ts",
      ]),
    );
    const query = surfaces.find((s) => s.path === "packages/core/src/query/index.ts");
    // Through the package name (the bench) and through a relative path (the service, a sibling folder).
    expect(query?.usedBy.get("parseCommand")).toContain("bench/parse-bench.ts");
    expect(query?.usedBy.get("applyLocalFilters")).toContain("packages/core/src/service/load-results.ts");
  });

  it.each(surfaces.map((s) => [s.path, s] as const))(
    "%s names what it exports (no `export *`)",
    (path, s) => {
      expect(
        s.starExports,
        `${path} re-exports whole files (${s.starExports.join("; ")}); list the names instead`,
      ).toEqual([]);
    },
  );

  it.each(surfaces.map((s) => [s.path, s] as const))("%s exports only what others import", (path, s) => {
    const unused = [...s.exported.keys()].filter((name) => !s.usedBy.has(name)).sort();
    expect(
      unused,
      `${path} exports names that no file outside its folder (and its tests) imports through it: ` +
        `${unused.join(", ")}. Drop them from the barrel; the folder's own files and tests import them by path.`,
    ).toEqual([]);
    expect(
      s.wholeModuleUsers,
      `${path} is imported whole (\`import * as\`, \`typeof import\`), so its surface cannot be checked: import names`,
    ).toEqual([]);
  });
});
