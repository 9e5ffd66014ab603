import type { Deadline } from "../time/deadline";
import { type AwsDoctorInputs, type AwsDoctorPort, checkAws } from "./aws-checks";
import { type CheckArea, type CheckResult, type DoctorReport, fail, reportOf } from "./check-result";
import { checkSlack, type SlackDoctorInputs, type SlackDoctorPort } from "./slack-checks";

/** The areas to check, each with its port and inputs; an area left out is not shown. */
export interface DoctorDeps {
  /** The Nexudus checks, already bound to their client (see `checkNexudus`). */
  nexudus?: () => Promise<CheckResult[]>;
  slack?: { port: SlackDoctorPort; inputs: SlackDoctorInputs };
  aws?: { port: AwsDoctorPort; inputs: AwsDoctorInputs };
}

/** A check that threw is a failure of its own, named by the error's name only (its message could quote a value). */
function crashed(area: CheckArea, error: unknown): CheckResult[] {
  const name = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown })?.code;
  return [
    fail(
      { id: `${area}.check`, area, title: "Setup check" },
      `the ${area} checks could not run (${typeof code === "string" ? code : name})`,
      "Run it again; if it repeats, look at the log lines of this run.",
    ),
  ];
}

async function area(
  name: CheckArea,
  run: (() => Promise<CheckResult[]>) | undefined,
): Promise<CheckResult[]> {
  if (!run) return [];
  try {
    return await run();
  } catch (error) {
    return crashed(name, error);
  }
}

/**
 * Runs every area's checks (each one's checks in its order) into one report: the Nexudus checks first and
 * alone, then Slack and AWS together. Nexudus counts arrivals (one request per 100 ms); the other areas'
 * first calls load and compile their clients (the AWS SDK, the WebClient), which held this process's event
 * loop for 90–140 ms in a measured run. Beside an in-process emulator that delay lands between a request's
 * send and its arrival, so the next one, sent on time, arrived 86 ms after it: a 409 of our own making.
 */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const { slack, aws } = deps;
  const nexudus = await area("nexudus", deps.nexudus);
  const others = await Promise.all([
    area("slack", slack && (() => checkSlack(slack.port, slack.inputs))),
    area("aws", aws && (() => checkAws(aws.port, aws.inputs))),
  ]);
  return reportOf([...nexudus, ...others.flat()]);
}

/** Runs the setup check on demand (`/webhooks doctor`, `npm run doctor`, local mode's start-up). */
export type DoctorRunner = (options?: {
  /** The request running the check was signed (it came from Slack through the pipeline). */
  signingSecretVerified?: boolean;
  /** By when the Nexudus checks must end (the worker's budget). */
  deadline?: Deadline;
}) => Promise<DoctorReport>;
