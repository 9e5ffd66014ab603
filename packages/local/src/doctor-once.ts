import { runDoctorCommand } from "./run-doctor-command";

/*
 * `npm run doctor [-- --write]`: the setup check against the services the configuration names (what is
 * not configured is embedded, as for `npm start`), then exit: 0 when nothing failed, 1 when a check failed.
 */

process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
let code = 1;
try {
  code = await runDoctorCommand(process.env, process.argv.slice(2), {
    out: (text) => console.log(text),
    err: (text) => console.error(text),
    color,
  });
} catch (error) {
  // Only a bug gets here; its name, not its message (which could quote a value).
  console.error(`doctor: the check could not run (${error instanceof Error ? error.name : typeof error})`);
}
process.exit(code);
