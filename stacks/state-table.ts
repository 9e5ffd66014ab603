import { TABLE_SCHEMA } from "@nwh/core/store";
import { RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { type Function as SstFunction, type Stack, Table } from "sst/constructs";

/**
 * The bot's one DynamoDB table (docs/ARCHITECTURE.md, "State"): on-demand (a few requests a minute),
 * point-in-time recovery on, items expiring through `expiresAt`, and kept when the prod stage is removed.
 */
export function createStateTable(stack: Stack): Table {
  return new Table(stack, "State", {
    fields: { [TABLE_SCHEMA.partitionKey]: "string", [TABLE_SCHEMA.sortKey]: "string" },
    primaryIndex: { partitionKey: TABLE_SCHEMA.partitionKey, sortKey: TABLE_SCHEMA.sortKey },
    timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
    // SST's Table is on-demand with point-in-time recovery by default (the stack tests check both).
    cdk: { table: { removalPolicy: stack.stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY } },
  });
}

/** The DynamoDB actions a function may use on the table. */
export type TableAction = "GetItem" | "PutItem" | "UpdateItem" | "DeleteItem" | "Query" | "BatchWriteItem";

/**
 * Grants `fn` exactly `tableActions` on the table (and nothing on any other table or index): an inline
 * policy of our own rather than SST's `bind`, which would grant `dynamodb:*`.
 */
export function allowTableAccess(
  stack: Stack,
  fn: SstFunction,
  table: Table,
  tableActions: readonly TableAction[],
): void {
  const policy = new iam.CfnPolicy(stack, `${fn.node.id}StateTable`, {
    policyName: "state-table",
    roles: [fn.role!.roleName],
    policyDocument: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: tableActions.map((action) => `dynamodb:${action}`),
          Resource: table.tableArn,
        },
      ],
    },
  });
  fn.node.defaultChild!.node.addDependency(policy);
}
