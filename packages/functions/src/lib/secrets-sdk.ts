/*
 * The parts of the Secrets Manager SDK the bot uses, named one by one: loaded on first use as a chunk of
 * its own, which then holds these and not every command of the client (a dynamic import of the package
 * keeps its whole namespace), so there is less to compile at an init that reads the secret.
 */
export { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
