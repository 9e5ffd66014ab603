import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { BOT_NODEJS_OPTIONS } from "./bot-function";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Bundles an entry the way SST v2 bundles an ESM Node function (node_modules/sst/runtime/handlers/node.js:
 * esbuild, platform node, format esm, target esnext, module-first main fields, createRequire banner,
 * keepNames) with the options our stacks give it (`BOT_NODEJS_OPTIONS`), or with SST's defaults and
 * `plugins` when `plain` (for references such as a Bolt hello-world). Writes to `outDir/name/`; returns
 * the entry file, `bytes` (what a cold start loads: the entry chunk and the chunks it imports statically)
 * and the size of all chunks together.
 */
export async function bundleLikeSst(
  entry: string,
  name: string,
  options: { outDir: string; plain?: boolean },
): Promise<{ file: string; bytes: number; totalBytes: number }> {
  const plugins: Plugin[] = options.plain ? [] : BOT_NODEJS_OPTIONS.esbuild.plugins;
  const dir = join(options.outDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = await build({
    metafile: true,
    plugins,
    entryPoints: { [name]: join(root, entry) },
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    splitting: BOT_NODEJS_OPTIONS.splitting,
    sourcemap: BOT_NODEJS_OPTIONS.sourcemap,
    platform: "node",
    bundle: true,
    keepNames: true,
    logLevel: "silent",
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    minify: BOT_NODEJS_OPTIONS.minify,
    banner: {
      js: [
        "import { createRequire as topLevelCreateRequire } from 'module';",
        "const require = topLevelCreateRequire(import.meta.url);",
        'import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"',
        'const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))',
      ].join("\n"),
    },
  });
  const file = join(dir, `${name}.mjs`);
  const outputs = result.metafile.outputs;
  const key = (path: string) => Object.keys(outputs).find((k) => join(root, k) === path || k === path);
  const loaded = new Set<string>();
  const visit = (k: string | undefined) => {
    if (!k || loaded.has(k)) return;
    loaded.add(k);
    for (const imp of outputs[k]?.imports ?? []) if (imp.kind === "import-statement") visit(key(imp.path));
  };
  visit(key(file));
  const chunks = readdirSync(dir).filter((f) => f.endsWith(".mjs"));
  const totalBytes = chunks.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  const bytes = [...loaded].reduce((sum, k) => sum + statSync(join(root, k)).size, 0);
  return { file, bytes, totalBytes };
}
