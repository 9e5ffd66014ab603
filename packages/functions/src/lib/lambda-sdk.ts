/*
 * The parts of the Lambda SDK the bot uses, named one by one: loaded on the first hand-off to the worker
 * as a chunk of its own, which then holds these and not every command of the client (a dynamic import of
 * the package keeps its whole namespace), so the first "Searching…" answer has less to compile.
 */
export { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
