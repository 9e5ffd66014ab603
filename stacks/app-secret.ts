import { RemovalPolicy, SecretValue } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Function as SstFunction, Stack } from "sst/constructs";

/**
 * The one Secrets Manager secret holding the configuration as a JSON object. It starts as `{}`: the
 * template never carries a credential, and CloudFormation leaves the value alone on later deploys
 * because this property never changes; operators write the real JSON with `put-secret-value`.
 */
export function createAppSecret(stack: Stack): secretsmanager.Secret {
  return new secretsmanager.Secret(stack, "AppSecret", {
    description: `Configuration of the Nexudus webhook bot (${stack.stage}): a JSON object, see docs/DEPLOY.md`,
    secretStringValue: SecretValue.unsafePlainText("{}"),
    removalPolicy: stack.stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
}

/**
 * Lets exactly `readers` read the secret: each role may `GetSecretValue` on this one ARN, and the
 * secret's resource policy denies reading to every other principal of the account (administrators
 * included; they can still write it).
 */
export function allowSecretRead(stack: Stack, secret: secretsmanager.Secret, readers: SstFunction[]): void {
  const roleArns: string[] = [];
  for (const fn of readers) {
    const role = fn.role!;
    roleArns.push(role.roleArn);
    const policy = new iam.CfnPolicy(stack, `${fn.node.id}SecretRead`, {
      policyName: "read-app-secret",
      roles: [role.roleName],
      policyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secret.secretArn }],
      },
    });
    fn.node.defaultChild!.node.addDependency(policy);
  }
  secret.addToResourcePolicy(
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ["secretsmanager:GetSecretValue"],
      resources: ["*"],
      conditions: { ArnNotEquals: { "aws:PrincipalArn": roleArns } },
    }),
  );
}
