import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/* `npm run synth` as a user runs it: no AWS credentials, profile or region, and it still synthesizes. */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("npm run synth", () => {
  it("synthesizes offline and prints the resources, each function's limits, the roles' grants and the outputs", async () => {
    // Prepare: nothing that could reach AWS.
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: "true" };
    for (const key of Object.keys(env))
      if (key.startsWith("AWS_") && key !== "AWS_EC2_METADATA_DISABLED") delete env[key];
    env.AWS_CONFIG_FILE = "/nonexistent/aws-config";
    env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/aws-credentials";

    // Act
    const child = spawn(
      "npm",
      ["run", "--silent", "synth", "--", "--stage", "prod", "--region", "eu-west-1"],
      {
        cwd: ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));

    // Assess
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(
      /^Stack prod-nexudus-webhook-health-BotStack \(stage prod, region eu-west-1, account 123456789012 as a placeholder/m,
    );
    expect(out).toMatch(/^Resources \(\d+\)$/m);
    expect(out).toMatch(/^ {2}AWS::SecretsManager::Secret {2}AppSecret\w+$/m);
    expect(out).toMatch(/^ {2}Slack\w+: nodejs22\.x arm64 1024 MB, 10 s$/m);
    expect(out).toMatch(/^ {4}Allow: lambda:InvokeFunction on Worker\w+\.Arn$/m);
    expect(out).toMatch(/^ {2}SlackEventsUrl: SlackApi\w+\.ApiEndpoint\/slack\/events$/m);
  });
});
