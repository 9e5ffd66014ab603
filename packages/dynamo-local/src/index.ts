// A DynamoDB table on loopback for local mode, tests and the bench: real state without AWS.
export { ensureAppTable } from "./ensure-app-table";
export { type LocalTable, localTableClient, startLocalTable } from "./start-local-table";
