export * from "./sign-slack-request";
export * from "./slack-stub";
