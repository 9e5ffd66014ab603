import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";

/*
 * The parts of the AWS SDK the table uses, named one by one: the bundle loads this module on first use as
 * a chunk of its own, and a dynamic import of the packages themselves would keep every command and its
 * schema in that chunk (a namespace cannot be tree-shaken), all of it compiled on a fresh environment's
 * first request.
 */

/** The DynamoDB client and the one low-level command used (the doctor's DescribeTable). */
export const lowLevel = { DynamoDBClient, DescribeTableCommand };

/** The document client and its commands, which marshal plain objects. */
export const document = {
  DynamoDBDocumentClient,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
};
