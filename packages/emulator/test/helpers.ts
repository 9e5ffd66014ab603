import type { Business, WebhookRecord } from "@nwh/core/nexudus";
import { type Emulator, type EmulatorOptions, startEmulator } from "@nwh/emulator";
import { afterEach } from "vitest";

/** A parsed answer body; tests probe it field by field. */
// biome-ignore lint/suspicious/noExplicitAny: answers are asserted on, not trusted
export type Json = any;

/** 2025-01-15T12:00:00Z: the fixed "now" of the tests. */
export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

/** Starts an emulator closed after the test; rate limits off unless asked for. */
export async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ rateLimit: false, now: () => NOW, ...options });
  running.push(emulator);
  return emulator;
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

/** GETs `path` (relative to the API base) with Basic auth of the emulator's user. */
export async function get(
  emulator: Emulator,
  path: string,
  auth?: string,
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${emulator.url}${path}`, {
    headers: { authorization: auth ?? basic(emulator.credentials.username, emulator.credentials.password) },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Sends a JSON body to `/sys/webhooks` (PUT by default) with Basic auth; an empty answer is `undefined`. */
export async function put(
  emulator: Emulator,
  body: unknown,
  method: "PUT" | "POST" = "PUT",
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${emulator.url}/sys/webhooks`, {
    method,
    headers: {
      authorization: basic(emulator.credentials.username, emulator.credentials.password),
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** `POST /token` with a form body; `headers` adds e.g. the `client_id` header of a refresh grant. */
export async function postToken(
  emulator: Emulator,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${emulator.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: await res.json() };
}

/** A refresh grant as Nexudus wants it: `client_id` as a header (and in the body, which it ignores). */
export function refreshGrant(
  emulator: Emulator,
  refreshToken: string,
  clientId = emulator.credentials.username,
) {
  return postToken(
    emulator,
    { grant_type: "refresh_token", refresh_token: refreshToken, client_id: clientId },
    { client_id: clientId },
  );
}

export const BUSINESS_A: Business = {
  Id: 1001,
  Name: "Downtown Hub",
  SimpleTimeZoneId: 2,
  RootLocationId: 1001,
};
export const BUSINESS_B: Business = {
  Id: 1002,
  Name: "Riverside Loft",
  SimpleTimeZoneId: 2,
  RootLocationId: 1001,
};

/** A webhook record with sensible defaults. */
export function hook(id: number, fields: Partial<WebhookRecord> = {}): WebhookRecord {
  return {
    Id: id,
    BusinessId: BUSINESS_A.Id,
    Name: `Hook ${id}`,
    Description: `Description ${id}`,
    Action: 3,
    URL: `https://hooks.zapier.com/hooks/catch/1/${id}/`,
    Active: true,
    LastError: null,
    ErrorCount: 0,
    LastTrigger: "2025-01-15T10:00:00Z",
    CreatedOn: "2024-06-01T08:00:00Z",
    UpdatedOn: "2024-12-01T08:00:00Z",
    UpdatedBy: "admin@example.com",
    UniqueId: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`,
    ...fields,
  };
}
