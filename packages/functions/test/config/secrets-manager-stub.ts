import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the stub received. */
export interface SecretsCall {
  target: string | undefined;
  secretId: unknown;
  headers: IncomingHttpHeaders;
}

/** A loopback Secrets Manager speaking the AWS JSON 1.1 protocol, for `GetSecretValue` only. */
export interface SecretsManagerStub {
  /** For `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
  url: string;
  /** Secret strings by ARN; a missing ARN answers ResourceNotFoundException. */
  secrets: Map<string, string>;
  /** ARNs whose read answers AccessDeniedException (the secret's resource policy refusing the caller). */
  denied: Set<string>;
  calls: SecretsCall[];
  close(): Promise<void>;
}

function nameOf(arn: string): string {
  return arn.split(":secret:")[1] ?? arn;
}

/** Starts the stub on 127.0.0.1 and a free port. */
export async function startSecretsManagerStub(): Promise<SecretsManagerStub> {
  const secrets = new Map<string, string>();
  const denied = new Set<string>();
  const calls: SecretsCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const target = req.headers["x-amz-target"] as string | undefined;
      let body: { SecretId?: unknown } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        // Left empty: answered as a bad request below.
      }
      calls.push({ target, secretId: body.SecretId, headers: req.headers });
      const answer = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "stub" });
        res.end(JSON.stringify(json));
      };
      if (req.method !== "POST" || req.url !== "/" || target !== "secretsmanager.GetSecretValue") {
        answer(400, { __type: "UnknownOperationException", message: "Only GetSecretValue is stubbed" });
        return;
      }
      const secretId = typeof body.SecretId === "string" ? body.SecretId : "";
      if (denied.has(secretId)) {
        answer(400, {
          __type: "AccessDeniedException",
          message: "User is not authorized to perform this action",
        });
        return;
      }
      const secretString = secrets.get(secretId);
      if (secretString === undefined) {
        answer(400, {
          __type: "ResourceNotFoundException",
          message: "Secrets Manager can't find the specified secret.",
        });
        return;
      }
      answer(200, {
        ARN: secretId,
        Name: nameOf(secretId),
        SecretString: secretString,
        VersionId: "00000000-0000-0000-0000-000000000001",
        VersionStages: ["AWSCURRENT"],
        CreatedDate: 1_700_000_000,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secrets,
    denied,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback URL where nothing listens (a port that was free a moment ago). */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
