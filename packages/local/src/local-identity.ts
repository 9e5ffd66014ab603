/** The Slack workspace, channel and user that local mode pretends to be. Not secrets: nothing leaves loopback. */
export const LOCAL_TEAM = { id: "TLOCAL0001", domain: "local" } as const;
export const LOCAL_CHANNEL = { id: "CLOCAL0001", name: "webhooks-local" } as const;
export const LOCAL_USER = { id: "ULOCAL0001", name: "local.user" } as const;
export const LOCAL_APP_ID = "ALOCAL0001";
/** The bot token the embedded Slack stub accepts. */
export const DEV_BOT_TOKEN = "xoxb-local-dev-token";
