/*
 * Realistic text for demo and generated data: delivery errors as .NET's HttpWebRequest words them, and
 * target URLs of the integrations coworking operators actually wire Nexudus to.
 */

/** `LastError` values, as Nexudus records a failed delivery. */
export const DELIVERY_ERRORS = [
  "The remote server returned an error: (500) Internal Server Error.",
  "The remote server returned an error: (404) Not Found.",
  "The remote server returned an error: (410) Gone.",
  "The operation has timed out.",
  "The remote server returned an error: (401) Unauthorized.",
  "The remote server returned an error: (403) Forbidden.",
  "The remote server returned an error: (502) Bad Gateway.",
  "The remote server returned an error: (503) Server Unavailable.",
  "The remote server returned an error: (429) Too Many Requests.",
  "Unable to connect to the remote server",
  "The remote name could not be resolved: 'api.example-coworking.com'",
  "The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.",
] as const;

/** Target URL builders by integration, fed a small random source for their ids. */
export const TARGETS: ReadonlyArray<(pick: (alphabet: string, n: number) => string) => string> = [
  (p) =>
    `https://hooks.zapier.com/hooks/catch/${p("0123456789", 7)}/${p("abcdefghijklmnopqrstuvwxyz0123456789", 7)}/`,
  (p) => `https://hook.eu1.make.com/${p("abcdefghijklmnopqrstuvwxyz0123456789", 32)}`,
  (p) =>
    `https://api-eu1.hubapi.com/automation/v4/webhook-triggers/${p("0123456789", 8)}/${p("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", 7)}`,
  (p) =>
    `https://hooks.slack.com/services/T0DEMO${p("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 4)}/B0DEMO${p("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 4)}/DEMOxxxxxxxxxxxxxxxxxxxx`,
  (p) => `https://api.example-coworking.com/nexudus/${p("abcdefghijklmnopqrstuvwxyz", 6)}`,
];
