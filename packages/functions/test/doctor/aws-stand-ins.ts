import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a stand-in received: what the SDK asked for. */
export interface AwsCall {
  method: string;
  path: string;
  target?: string;
  invocationType?: string;
  body: string;
}

/** A loopback stand-in for one AWS service. */
export interface AwsStandIn {
  url: string;
  calls: AwsCall[];
  close(): Promise<void>;
}

async function serve(handle: (call: AwsCall, res: ServerResponse) => void): Promise<AwsStandIn> {
  const calls: AwsCall[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const call: AwsCall = {
        method: req.method ?? "",
        path: req.url ?? "",
        ...(req.headers["x-amz-target"] ? { target: String(req.headers["x-amz-target"]) } : {}),
        ...(req.headers["x-amz-invocation-type"]
          ? { invocationType: String(req.headers["x-amz-invocation-type"]) }
          : {}),
        body: Buffer.concat(chunks).toString("utf8"),
      };
      calls.push(call);
      handle(call, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function json(res: ServerResponse, status: number, body: unknown, type = "application/json", headers = {}) {
  res.writeHead(status, { "content-type": type, "x-amzn-requestid": "stand-in", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Lambda's `Invoke` (REST: `POST /2015-03-31/functions/{name}/invocations`): a known function answers a
 * DryRun with 204, anything else 404 ResourceNotFoundException; `denied` names answer 403 AccessDenied.
 */
export function startLambdaStandIn(functions: Set<string>, denied = new Set<string>()): Promise<AwsStandIn> {
  return serve((call, res) => {
    const name = decodeURIComponent(/\/functions\/([^/]+)\/invocations/.exec(call.path)?.[1] ?? "");
    if (denied.has(name))
      return json(res, 403, { Type: "User", message: "not authorized" }, "application/json", {
        "x-amzn-errortype": "AccessDeniedException",
      });
    if (!functions.has(name))
      return json(res, 404, { Type: "User", message: "Function not found" }, "application/json", {
        "x-amzn-errortype": "ResourceNotFoundException",
      });
    res.writeHead(call.invocationType === "DryRun" ? 204 : 202, { "x-amzn-requestid": "stand-in" });
    res.end();
  });
}

/**
 * DynamoDB's `DescribeTable` and `GetItem` (JSON 1.0): known tables by name and status, else
 * ResourceNotFoundException; a table whose status is `DENY_DESCRIBE` refuses DescribeTable (a role granted
 * item access only) but answers reads.
 */
export function startDynamoStandIn(tables: Map<string, string>): Promise<AwsStandIn> {
  return serve((call, res) => {
    const type = "application/x-amz-json-1.0";
    const name = (JSON.parse(call.body || "{}") as { TableName?: string }).TableName ?? "";
    if (call.target === "DynamoDB_20120810.GetItem" && tables.has(name)) return json(res, 200, {}, type);
    if (call.target !== "DynamoDB_20120810.DescribeTable")
      return json(res, 400, { __type: "com.amazon.coral.service#UnknownOperationException" }, type);
    if (tables.get(name) === "DENY_DESCRIBE")
      return json(
        res,
        400,
        { __type: "com.amazonaws.dynamodb.v20120810#AccessDeniedException", message: "not authorized" },
        type,
      );
    const status = tables.get(name);
    if (!status)
      return json(
        res,
        400,
        {
          __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
          message: "Requested resource not found",
        },
        type,
      );
    json(res, 200, { Table: { TableName: name, TableStatus: status, ItemCount: 0 } }, type);
  });
}
