import { startEmulator } from "./start-emulator";

/*
 * `npm run emulator`: the emulator with demo data on EMULATOR_PORT (default 4010, 0 = any free port).
 * Prints the demo credentials on purpose: they only open this loopback emulator.
 */
const port = Number(process.env.EMULATOR_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`EMULATOR_PORT must be a port number, got '${process.env.EMULATOR_PORT}'`);
  process.exit(1);
}

const emulator = await startEmulator({ port }).catch((error: unknown) => {
  // One clear line, not a stack trace: the usual cause is a second emulator, or local mode, on that port.
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    code === "EADDRINUSE"
      ? `npm run emulator: port ${port} is already in use; set EMULATOR_PORT to a free port (EMULATOR_PORT=0 picks one).`
      : `npm run emulator: could not start (${code ?? (error instanceof Error ? error.name : "error")}).`,
  );
  process.exit(1);
});
console.log(`Nexudus emulator listening on ${emulator.url}`);
console.log(`Demo credentials: ${emulator.credentials.username} / ${emulator.credentials.password}`);
console.log(
  `Try: curl -u '${emulator.credentials.username}:${emulator.credentials.password}' '${emulator.url}/sys/webhooks?size=5'`,
);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the emulator`);
  await emulator.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
