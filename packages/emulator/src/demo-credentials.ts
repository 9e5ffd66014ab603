import type { Credentials } from "./types";

/** The emulator's default API user. Not a secret: it only opens a loopback emulator. */
export const DEMO_CREDENTIALS: Readonly<Credentials> = Object.freeze({
  username: "demo@example.com",
  password: "demo-password",
});
