import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/* `npm run emulator`'s entry file as a child process. */

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function runEmulator(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "packages/emulator/src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

describe("npm run emulator", () => {
  it("on a busy port, says so in one line naming EMULATOR_PORT, and exits 1", async () => {
    // Prepare: something already listens on the port.
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const { port } = busy.address() as AddressInfo;

    try {
      // Act
      const run = runEmulator({ EMULATOR_PORT: String(port) });
      const code = await run.exited;

      // Assess
      expect(code).toBe(1);
      expect(run.err().trim()).toBe(
        `npm run emulator: port ${port} is already in use; set EMULATOR_PORT to a free port (EMULATOR_PORT=0 picks one).`,
      );
      expect(run.out()).toBe("");
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});
