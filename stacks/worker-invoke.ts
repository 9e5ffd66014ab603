import * as iam from "aws-cdk-lib/aws-iam";
import type { Function as SstFunction, Stack } from "sst/constructs";

/** Lets `caller` invoke `worker` (and nothing else): `lambda:InvokeFunction` on the worker's ARN only. */
export function allowWorkerInvoke(stack: Stack, caller: SstFunction, worker: SstFunction): void {
  const policy = new iam.CfnPolicy(stack, `${caller.node.id}InvokeWorker`, {
    policyName: "invoke-worker",
    roles: [caller.role!.roleName],
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: worker.functionArn }],
    },
  });
  caller.node.defaultChild!.node.addDependency(policy);
}
