import { mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const outDir = join(root, "bench", "out");

/**
 * Bundles an entry the way SST v2 bundles an ESM Node function (runtime/handlers/node.js: esbuild,
 * platform node, format esm, target esnext, module-first main fields, createRequire banner, keepNames),
 * minified as our stacks configure it. Returns the bundle's path and size in bytes.
 */
export async function bundleLikeSst(entry: string, name: string): Promise<{ file: string; bytes: number }> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [join(root, entry)],
    outfile: file,
    platform: "node",
    bundle: true,
    keepNames: true,
    logLevel: "silent",
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    minify: true,
    banner: {
      js: [
        "import { createRequire as topLevelCreateRequire } from 'module';",
        "const require = topLevelCreateRequire(import.meta.url);",
        'import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"',
        'const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))',
      ].join("\n"),
    },
  });
  return { file, bytes: statSync(file).size };
}
