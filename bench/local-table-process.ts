import { startLocalTable } from "@nwh/dynamo-local";

/*
 * The shared-budget bench's table in a process of its own, as DynamoDB is a service of its own: served in
 * the emulator's process, its work would delay the emulator's arrival stamps. Prints where it listens and
 * stops when its standard input closes.
 */
const table = await startLocalTable();
process.stdout.write(`${JSON.stringify({ endpoint: table.endpoint, tableName: table.tableName })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void table.close().finally(() => process.exit(0));
});
