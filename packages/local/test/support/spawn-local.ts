import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { LOCAL_CONFIG_NAMES } from "../../src/resolve-local-config";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** A local-mode script running as a child process, stdin a pipe (so not a terminal). */
export interface LocalChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout, as it arrives; rejects if the child exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `node --import tsx packages/local/src/<script>` (or an npm script) from the repository root with a
 * clean configuration: none of the configuration names from the test's own environment, only `env`.
 */
export function spawnLocal(
  script: "main.ts" | "digest-once.ts" | "doctor-once.ts" | { npm: string },
  env: Record<string, string>,
  args: readonly string[] = [],
): LocalChild {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", POWERTOOLS_LOG_LEVEL: "WARN" };
  for (const name of [...LOCAL_CONFIG_NAMES, "APP_SECRET_ARN", "WORKER_FUNCTION_NAME", "APP_TABLE_NAME"])
    delete base[name];
  // `{ npm: "start" }` runs the npm script itself, as a user does (`npm start`, `npm run doctor`).
  const [command, argv] =
    typeof script === "string"
      ? [process.execPath, ["--import", "tsx", `packages/local/src/${script}`, ...args]]
      : ["npm", ["run", "--silent", script.npm, ...(args.length > 0 ? ["--", ...args] : [])]];
  const child = spawn(command, argv, {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters = new Set<() => void>();
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
    for (const check of waiters) check();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      resolve({ code, signal });
      for (const check of waiters) check();
    }),
  );
  let done = false;
  child.on("exit", () => {
    done = true;
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (match) {
            waiters.delete(check);
            resolve(match);
          } else if (done) {
            waiters.delete(check);
            reject(new Error(`exited before ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}
