import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { Dispatcher } from "@nwh/core/interaction";
import { TIMING } from "@nwh/core/time";

/** The interaction could not be handed to the worker. */
export class DispatchError extends Error {
  override name = "DispatchError";
  readonly code = "dispatch_failed";
}

// Imported on the first hand-off only (its own chunk in the bundle): most requests are answered inline,
// and a cold start should not pay for a client it may never use.
const lambdaSdk = () => import("../lib/lambda-sdk");

/**
 * Invokes the worker function with `InvocationType: "Event"`: Lambda queues the interaction and answers
 * 202 at once, so the slack function can still answer Slack within its 3 seconds. The SDK is loaded and
 * its client created on first use, then kept by this dispatcher for the life of the environment.
 */
export function lambdaDispatcher(functionName: string | undefined): Dispatcher {
  let lambda: LambdaClient | undefined;
  return {
    async dispatch(interaction) {
      if (!functionName) throw new DispatchError("WORKER_FUNCTION_NAME is not set");
      const { InvokeCommand, LambdaClient } = await lambdaSdk();
      lambda ??= new LambdaClient({
        maxAttempts: 2,
        requestHandler: {
          requestTimeout: TIMING.invokeRequestTimeoutMs,
          connectionTimeout: TIMING.invokeConnectionTimeoutMs,
        },
      });
      const answer = await lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: "Event",
          Payload: new TextEncoder().encode(JSON.stringify(interaction)),
        }),
      );
      if (answer.StatusCode !== 202)
        throw new DispatchError(`Lambda answered ${answer.StatusCode} to the async invoke`);
    },
  };
}
