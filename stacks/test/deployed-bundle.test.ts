import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalTable, startLocalTable } from "@nwh/dynamo-local";
import { startEmulator } from "@nwh/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandBody, SIGNING_SECRET, signedEvent } from "../../packages/functions/test/support/api-gateway";
import { bundleLikeSst } from "../bundle-like-sst";

/*
 * The slack function as it is deployed: bundled like SST bundles it with our options (code splitting, the
 * Bolt receivers trimmed), loaded in a fresh Node process, and driven with signed API Gateway v2 events.
 * Proves the trimming and the lazily loaded chunks do not break the handler.
 */

/**
 * Each event reaches "API Gateway" (its `timeEpoch`) as the runner hands it to the handler: the seconds a
 * busy machine takes to start this process and load the bundle belong to no request, and would otherwise
 * use up the answer budget before the handler starts (the cold start is measured by `npm run bench`).
 */
const RUNNER = `
const { pathToFileURL } = await import("node:url");
const { handler } = await import(pathToFileURL(process.argv[1]).href);
const events = JSON.parse(process.argv[2]);
const answers = [];
for (const event of events) {
  const arrived = { ...event, requestContext: { ...event.requestContext, timeEpoch: Date.now() } };
  answers.push(await handler(arrived, { awsRequestId: "test", getRemainingTimeInMillis: () => 9000 }));
}
process.stdout.write(JSON.stringify(answers));
`;

describe("the deployed slack bundle", () => {
  let dir: string;
  let file: string;
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let table: LocalTable;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nwh-bundle-"));
    file = (await bundleLikeSst("packages/functions/src/slack.ts", "slack", { outDir: dir })).file;
    emulator = await startEmulator({ rateLimit: false });
    table = await startLocalTable();
  });
  afterAll(async () => {
    await emulator?.close();
    await table?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Asynchronous: the emulator answers from this process, so it must not be blocked while the child runs.
  async function run(events: unknown[]): Promise<Array<{ statusCode: number; body?: string }>> {
    const child = spawn(
      process.execPath,
      ["--input-type=module", "-e", RUNNER, file, JSON.stringify(events)],
      {
        env: {
          PATH: process.env.PATH,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_BOT_TOKEN: "xoxb-bundle-test",
          SLACK_API_URL: "http://127.0.0.1:9/api/",
          NEXUDUS_BASE_URL: emulator.url,
          NEXUDUS_USERNAME: emulator.credentials.username,
          NEXUDUS_PASSWORD: emulator.credentials.password,
          WORKER_FUNCTION_NAME: "worker",
          // The lazily loaded DynamoDB chunk serves the shared Nexudus token from a loopback table.
          APP_TABLE_NAME: table.tableName,
          AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
          AWS_REGION: "eu-west-1",
          POWERTOOLS_LOG_LEVEL: "ERROR",
        },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/is not bundled/);
    expect(code).toBe(0);
    return JSON.parse(stdout);
  }

  it("answers signed commands from the split, trimmed bundle and refuses a bad signature", async () => {
    // Prepare
    const body = (text: string) =>
      commandBody({ text, userId: "U0TEST0001", responseUrl: "https://hooks.slack.com/x" });
    const events = [
      signedEvent({ body: body("help"), contentType: "application/x-www-form-urlencoded" }),
      // The first search loads the lazy chunks (the table's SDK among them) and logs in to Nexudus: on a busy
      // machine that alone can take most of the answer budget, so it is answered inline or handed over.
      signedEvent({ body: body("failing"), contentType: "application/x-www-form-urlencoded" }),
      signedEvent({ body: body("failing"), contentType: "application/x-www-form-urlencoded" }),
      signedEvent({
        body: body("failing"),
        contentType: "application/x-www-form-urlencoded",
        secret: "wrong",
      }),
    ];

    // Act
    const [help, first, failing, forged] = await run(events);

    // Assess
    expect(help?.statusCode).toBe(200);
    expect(JSON.parse(help?.body ?? "{}").blocks.length).toBeGreaterThan(1);
    expect(first?.statusCode).toBe(200);
    expect(failing?.statusCode).toBe(200);
    expect(JSON.parse(failing?.body ?? "{}").text).toMatch(/^Failing webhooks: \d+ found/);
    expect(forged?.statusCode).toBe(401);
  });
});
