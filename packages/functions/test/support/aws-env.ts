/** What the AWS SDK reads from the environment in tests: dummy values only, so nothing could reach a real account. */
export const TEST_AWS_ENV: Readonly<Record<string, string | undefined>> = {
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "AKIDTESTONLY",
  AWS_SECRET_ACCESS_KEY: "test-only-secret-key",
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_ENDPOINT_URL: undefined,
  AWS_EC2_METADATA_DISABLED: "true",
};
