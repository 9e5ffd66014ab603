import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { WorkerJob } from "./worker-job";

/** Hands a job to the worker: in AWS an asynchronous Lambda invocation, in local mode and tests a function. */
export interface Dispatcher {
  /** Resolves once the job is accepted (not when it is done); rejects when it could not be handed over. */
  dispatch(job: WorkerJob): Promise<void>;
}

/** The job could not be handed to the worker. */
export class DispatchError extends Error {
  override name = "DispatchError";
}

let lambda: LambdaClient | undefined;
// Imported on the first hand-off only (its own chunk in the bundle): most commands are answered inline,
// and a cold start should not pay for a client it may never use.
const lambdaSdk = () => import("@aws-sdk/client-lambda");

/**
 * Invokes the worker function with `InvocationType: "Event"`: Lambda queues the job and answers 202 at
 * once, so the slack function can return its "Searching…" answer within Slack's 3 seconds.
 * The SDK is loaded and its client created on first use, then kept for the life of the environment.
 */
export function lambdaDispatcher(functionName: string | undefined): Dispatcher {
  return {
    async dispatch(job) {
      if (!functionName) throw new DispatchError("WORKER_FUNCTION_NAME is not set");
      const { InvokeCommand, LambdaClient } = await lambdaSdk();
      lambda ??= new LambdaClient({
        maxAttempts: 2,
        requestHandler: { requestTimeout: 700, connectionTimeout: 300 },
      });
      const answer = await lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: "Event",
          Payload: new TextEncoder().encode(JSON.stringify(job)),
        }),
      );
      if (answer.StatusCode !== 202)
        throw new DispatchError(`Lambda answered ${answer.StatusCode} to the async invoke`);
    },
  };
}

let current: Dispatcher | undefined;

/** Replaces the dispatcher (local mode and tests run jobs in process); `undefined` restores the default. */
export function setDispatcher(dispatcher: Dispatcher | undefined): void {
  current = dispatcher;
}

/** The dispatcher in force: the one set with `setDispatcher`, else the Lambda one for `WORKER_FUNCTION_NAME`. */
export function getDispatcher(functionName: string | undefined): Dispatcher {
  return current ?? lambdaDispatcher(functionName);
}
