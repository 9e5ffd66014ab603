import type { Business, WebhookRecord } from "@nwh/core/nexudus";
import { isoSeconds } from "./iso-seconds";
import { mulberry32, seededUuid } from "./prng";
import type { Account } from "./types";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const DEMO_BUSINESSES = [
  { Id: 1414900125, Name: "Downtown Hub", SimpleTimeZoneId: 2, createdDaysAgo: 1460 },
  { Id: 1414900342, Name: "Riverside Loft", SimpleTimeZoneId: 2, createdDaysAgo: 1100 },
  { Id: 1414901187, Name: "Canal Works", SimpleTimeZoneId: 2, createdDaysAgo: 820 },
  { Id: 1414903560, Name: "Harbour Point", SimpleTimeZoneId: 13, createdDaysAgo: 540 },
  { Id: 1414907794, Name: "Old Town Studio", SimpleTimeZoneId: 13, createdDaysAgo: 210 },
] as const;

const ZAPIER = "https://hooks.zapier.com/hooks/catch";
const MAKE = "https://hook.eu1.make.com";
const HUBSPOT = "https://api-eu1.hubapi.com/automation/v4/webhook-triggers/24817733";
const SLACK = "https://hooks.slack.com/services/T0DEMO0001";
const OWN = "https://api.example-coworking.com/nexudus";

const E500 = "The remote server returned an error: (500) Internal Server Error.";
const E404 = "The remote server returned an error: (404) Not Found.";
const E410 = "The remote server returned an error: (410) Gone.";
const ETIMEOUT = "The operation has timed out.";
const E401 = "The remote server returned an error: (401) Unauthorized.";
const E403 = "The remote server returned an error: (403) Forbidden.";
const E502 = "The remote server returned an error: (502) Bad Gateway.";
const ESECRET =
  "The remote server returned an error: (403) Forbidden. Request: POST https://storage.example-coworking.com/ingest?sig=Zx9PqL2mN8vR4tY7wQ&access_token=ya29.demo-A1b2C3d4E5";

/** The lifecycle states the demo covers; each maps to Active/ErrorCount/LastTrigger below. */
type State = "healthy" | "failing" | "disabled" | "paused" | "never" | "stale";

interface DemoHook {
  name: string;
  /** Index into DEMO_BUSINESSES. */
  loc: number;
  action: number;
  url: string;
  state: State;
  errors?: number;
  lastError?: string;
  /** Minutes since the last successful delivery (ignored for "never"). */
  triggerMinutesAgo?: number;
  description: string;
}

const HOOKS: DemoHook[] = [
  {
    name: "New member → HubSpot contact",
    loc: 0,
    action: 3,
    url: `${HUBSPOT}/Q3JlYXRl`,
    state: "healthy",
    triggerMinutesAgo: 42,
    description: "Creates a HubSpot contact for every new coworker so sales can follow up.",
  },
  {
    name: "Member updated → HubSpot sync",
    loc: 0,
    action: 2,
    url: `${HUBSPOT}/VXBkYXRl`,
    state: "healthy",
    triggerMinutesAgo: 7,
    description: "Keeps HubSpot contact properties in sync with member profiles.",
  },
  {
    name: "Booking created → Slack #front-desk",
    loc: 0,
    action: 6,
    url: `${SLACK}/B0DEMO0001/DEMOfrontdeskxxxxxxxxxxx`,
    state: "healthy",
    triggerMinutesAgo: 3,
    description: "Posts each new meeting room booking to the front desk channel.",
  },
  {
    name: "Invoice paid → Xero (Zapier)",
    loc: 0,
    action: 21,
    url: `${ZAPIER}/4817263/bq3k9xz/`,
    state: "failing",
    errors: 3,
    lastError: E500,
    triggerMinutesAgo: 26 * 60,
    description: "Marks the matching Xero invoice as paid.",
  },
  {
    name: "Failed payment → dunning email (Make)",
    loc: 0,
    action: 22,
    url: `${MAKE}/7fj2k9q0xw8n3m5p1r4t6y8u0i2o4a6s`,
    state: "healthy",
    triggerMinutesAgo: 5 * 60,
    description: "Starts the dunning scenario in Make when a card payment fails.",
  },
  {
    name: "Check-in → door analytics",
    loc: 0,
    action: 36,
    url: `${OWN}/checkins`,
    state: "failing",
    errors: 7,
    lastError: ETIMEOUT,
    triggerMinutesAgo: 3 * 24 * 60,
    description: "Feeds our occupancy dashboard with every check-in.",
  },
  {
    name: "Visitor registered → Slack #reception",
    loc: 0,
    action: 42,
    url: `${SLACK}/B0DEMO0002/DEMOreceptionxxxxxxxxxxx`,
    state: "disabled",
    errors: 10,
    lastError: E404,
    triggerMinutesAgo: 9 * 24 * 60,
    description: "Tells reception when a visitor pre-registers.",
  },
  {
    name: "Help desk message → Zendesk ticket",
    loc: 0,
    action: 45,
    url: `${ZAPIER}/4817263/hd72mcq/`,
    state: "paused",
    triggerMinutesAgo: 20 * 24 * 60,
    description: "Opens a Zendesk ticket for each help desk message. Paused while we trial Front.",
  },
  {
    name: "Contract cancelled → churn survey",
    loc: 0,
    action: 11,
    url: `${MAKE}/c4n5c3l8d2s9u1r0v3e7y6q4w2e8r1t5`,
    state: "stale",
    triggerMinutesAgo: 47 * 24 * 60,
    description: "Sends the churn survey two days after a contract ends.",
  },

  {
    name: "New member → Mailchimp audience",
    loc: 1,
    action: 3,
    url: `${ZAPIER}/5523091/mc4k1zp/`,
    state: "healthy",
    triggerMinutesAgo: 95,
    description: "Adds new members to the Riverside newsletter audience.",
  },
  {
    name: "Booking created → Google Calendar",
    loc: 1,
    action: 6,
    url: `${MAKE}/g00gl3c4l3nd4r8b0k1ng5s7y2x9w1v3`,
    state: "healthy",
    triggerMinutesAgo: 12,
    description: "Mirrors room bookings into the shared Google calendar.",
  },
  {
    name: "Booking cancelled → Google Calendar",
    loc: 1,
    action: 8,
    url: `${MAKE}/d3l3t3b0k1ng5c4l3nd4r2x8w6v4u1q`,
    state: "failing",
    errors: 2,
    lastError: E502,
    triggerMinutesAgo: 8 * 60,
    description: "Removes cancelled bookings from the shared calendar.",
  },
  {
    name: "Invoice created → accounting export",
    loc: 1,
    action: 16,
    url: `${OWN}/invoices`,
    state: "disabled",
    errors: 10,
    lastError: E500,
    triggerMinutesAgo: 13 * 24 * 60,
    description: "Pushes new invoices to the accounting export queue.",
  },
  {
    name: "Delivery created → Slack #mailroom",
    loc: 1,
    action: 52,
    url: `${SLACK}/B0DEMO0003/DEMOmailroomxxxxxxxxxxxx`,
    state: "healthy",
    triggerMinutesAgo: 4 * 60,
    description: "Tells the mailroom channel a parcel has arrived.",
  },
  {
    name: "Team created → HubSpot company",
    loc: 1,
    action: 57,
    url: `${HUBSPOT}/VGVhbUNy`,
    state: "never",
    errors: 4,
    lastError: E401,
    description: "Creates a HubSpot company for each new team. Token was never set up correctly.",
  },
  {
    name: "Front desk <!channel> alerts & <https://evil.example|click here>",
    loc: 1,
    action: 38,
    url: `${SLACK}/B0DEMO0004/DEMOalertsxxxxxxxxxxxxxx`,
    state: "failing",
    errors: 1,
    lastError: E404,
    triggerMinutesAgo: 50 * 60,
    description: "Imported from an old Zap; the name came from a member-editable field.",
  },
  {
    name: "Event attendee → Eventbrite sync",
    loc: 1,
    action: 28,
    url: `${ZAPIER}/5523091/ev8b2tn/`,
    state: "stale",
    triggerMinutesAgo: 62 * 24 * 60,
    description: "Registers event attendees on the Eventbrite page.",
  },
  {
    name: "Proposal created → Pipedrive deal",
    loc: 1,
    action: 54,
    url: `${MAKE}/p1p3dr1v3d34l5x8w2v7u4q1r9s6t3y0`,
    state: "paused",
    triggerMinutesAgo: 33 * 24 * 60,
    description: "Creates a deal when sales sends a proposal. Paused during the CRM migration.",
  },

  {
    name: "New member → Slack #welcome",
    loc: 2,
    action: 3,
    url: `${SLACK}/B0DEMO0005/DEMOwelcomexxxxxxxxxxxxx`,
    state: "healthy",
    triggerMinutesAgo: 180,
    description: "Welcomes each new member in the community channel.",
  },
  {
    name: "Access control update → Kisi",
    loc: 2,
    action: 61,
    url: "https://ops:S3cr3t-pass@hooks.example-coworking.com/kisi/hook?token=abc123&api_key=demo-4f9a2c71e0",
    state: "failing",
    errors: 5,
    lastError: E403,
    triggerMinutesAgo: 2 * 24 * 60,
    description: "Grants and revokes door access in Kisi.",
  },
  {
    name: "Invoice paid → Stripe reconciliation",
    loc: 2,
    action: 21,
    url: `${OWN}/stripe-reconcile`,
    state: "failing",
    errors: 4,
    lastError: ESECRET,
    triggerMinutesAgo: 30 * 60,
    description: "Reconciles paid invoices against Stripe payouts.",
  },
  {
    name: "Contract activated → welcome pack (Make)",
    loc: 2,
    action: 10,
    url: `${MAKE}/w3lc0m3p4ck8x2v6u4q1r9s7t3y5z0a2`,
    state: "healthy",
    triggerMinutesAgo: 26 * 60,
    description: "Sends the welcome pack and key card instructions.",
  },
  {
    name: "Check-in failed → security alert",
    loc: 2,
    action: 37,
    url: `${OWN}/security/failed-checkins`,
    state: "disabled",
    errors: 10,
    lastError: E410,
    triggerMinutesAgo: 40 * 24 * 60,
    description: "Pages security after repeated failed check-ins.",
  },
  {
    name: "Coworker deleted → GDPR erase",
    loc: 2,
    action: 50,
    url: `${OWN}/gdpr/erase`,
    state: "healthy",
    triggerMinutesAgo: 6 * 24 * 60,
    description: "Erases the member from downstream systems (GDPR).",
  },
  {
    name: "Product purchased → Google Sheets log",
    loc: 2,
    action: 68,
    url: `${ZAPIER}/6630418/gs5h3tz/`,
    state: "stale",
    triggerMinutesAgo: 91 * 24 * 60,
    description: "Appends each product sale to the finance spreadsheet.",
  },
  {
    name: "Floor plan desk updated → wayfinding screens",
    loc: 2,
    action: 73,
    url: `${OWN}/wayfinding/desks`,
    state: "never",
    // One short of the 10 at which Nexudus disables a webhook: an active webhook never shows 10/10.
    errors: 9,
    lastError: ETIMEOUT,
    description: "Updates lobby screens when a desk changes. Never worked since the screens moved network.",
  },

  {
    name: "Booking created → HubSpot timeline",
    loc: 3,
    action: 6,
    url: `${HUBSPOT}/Qm9va2lu`,
    state: "healthy",
    triggerMinutesAgo: 16,
    description: "Adds each booking to the contact's HubSpot timeline.",
  },
  {
    name: "Booking updated → catering order",
    loc: 3,
    action: 7,
    url: `${MAKE}/c4t3r1ng0rd3r5x8w2v6u4q1r9s7t3y5`,
    state: "failing",
    errors: 9,
    lastError: E500,
    triggerMinutesAgo: 4 * 24 * 60,
    description: "Updates the catering order when a booking moves.",
  },
  {
    name: "Invoice refund → Xero credit note",
    loc: 3,
    action: 19,
    url: `${ZAPIER}/7741552/rf2c9nd/`,
    state: "disabled",
    errors: 10,
    lastError: E401,
    triggerMinutesAgo: 18 * 24 * 60,
    description: "Creates the matching Xero credit note.",
  },
  {
    name: "Community thread → Slack #community",
    loc: 3,
    action: 39,
    url: `${SLACK}/B0DEMO0006/DEMOcommunityxxxxxxxxxxx`,
    state: "healthy",
    triggerMinutesAgo: 7 * 60,
    description: "Shares new community board threads in Slack.",
  },
  {
    name: "Calendar event created → website",
    loc: 3,
    action: 25,
    url: `${OWN}/events`,
    state: "paused",
    triggerMinutesAgo: 12 * 24 * 60,
    description: "Publishes public events on the website. Paused: site rebuild.",
  },
  {
    name: "Payment method added → Stripe",
    loc: 3,
    action: 88,
    url: `${OWN}/stripe/payment-methods`,
    state: "healthy",
    triggerMinutesAgo: 2 * 24 * 60,
    description: "Attaches new payment methods to the Stripe customer.",
  },
  {
    name: "Tariff updated → pricing page",
    loc: 3,
    action: 76,
    url: `${ZAPIER}/7741552/tr1f8pg/`,
    state: "stale",
    triggerMinutesAgo: 120 * 24 * 60,
    description: "Rebuilds the public pricing page after a tariff change.",
  },

  {
    name: "New member → Slack #old-town",
    loc: 4,
    action: 3,
    url: `${SLACK}/B0DEMO0007/DEMOoldtownxxxxxxxxxxxxx`,
    state: "healthy",
    triggerMinutesAgo: 9 * 60,
    description: "Announces new Old Town Studio members.",
  },
  {
    name: "Booking created → cleaning rota",
    loc: 4,
    action: 6,
    url: `${MAKE}/cl34n1ngr0t4x8w2v6u4q1r9s7t3y5z0`,
    state: "failing",
    errors: 6,
    lastError: E404,
    triggerMinutesAgo: 5 * 24 * 60,
    description: "Schedules cleaning after each studio booking.",
  },
  {
    name: "Visitor checked in → host SMS",
    loc: 4,
    action: 41,
    url: `${OWN}/visitors/sms`,
    state: "healthy",
    triggerMinutesAgo: 55,
    description: "Texts the host when their visitor checks in.",
  },
  {
    name: "Invoice awaiting payment → reminder",
    loc: 4,
    action: 24,
    url: `${ZAPIER}/8825630/rm7n4dr/`,
    state: "never",
    errors: 2,
    lastError: E500,
    description: "Sends a friendly reminder for unpaid invoices.",
  },
  {
    name: "Newsletter unsubscribed → CRM",
    loc: 4,
    action: 33,
    url: `${HUBSPOT}/VW5zdWJz`,
    state: "disabled",
    errors: 10,
    lastError: ETIMEOUT,
    triggerMinutesAgo: 70 * 24 * 60,
    description: "Records unsubscribes in the CRM.",
  },
  {
    name: "Business updated → status page",
    loc: 4,
    action: 84,
    url: `${OWN}/status/locations`,
    state: "paused",
    description: "Updates opening hours on the status page. Paused by hand.",
    triggerMinutesAgo: 90 * 24 * 60,
  },
];

/**
 * The demo account: five locations and about forty webhooks covering every health state, plus the
 * hostile records (Slack control sequences in a name, credentials in a URL, a secret in an error).
 * Deterministic for a given `now`; every date is relative to it.
 */
export function demoAccount(now: number = Date.now()): Account {
  const random = mulberry32(20250115);
  const businesses: Business[] = DEMO_BUSINESSES.map((b) => ({
    Id: b.Id,
    Name: b.Name,
    SimpleTimeZoneId: b.SimpleTimeZoneId,
    RootLocationId: DEMO_BUSINESSES[0].Id,
    CreatedOn: isoSeconds(now - b.createdDaysAgo * DAY),
    UpdatedOn: isoSeconds(now - 30 * DAY),
    UniqueId: seededUuid(random),
    IsNew: false,
    SystemId: null,
    ToStringText: b.Name,
  }));
  const webhooks: WebhookRecord[] = HOOKS.map((h, i) => {
    const business = DEMO_BUSINESSES[h.loc]!;
    const lastTrigger = h.state === "never" ? undefined : now - (h.triggerMinutesAgo ?? 60) * MIN;
    const createdOn = Math.min(
      now - (business.createdDaysAgo - 20 - i * 4) * DAY - i * 37 * MIN,
      (lastTrigger ?? now) - 3 * DAY,
    );
    const inactive = h.state === "disabled" || h.state === "paused";
    const errors = h.state === "disabled" ? 10 : (h.errors ?? 0);
    // A disabled webhook was last touched by Nexudus when it gave up; a paused one by a person.
    const updatedOn =
      h.state === "paused"
        ? (lastTrigger ?? now - 5 * DAY) + 2 * HOUR
        : h.state === "disabled"
          ? (lastTrigger ?? now) + 10 * HOUR
          : Math.max(createdOn, now - (40 + i) * DAY);
    return {
      BusinessId: business.Id,
      Name: h.name,
      Description: h.description,
      Action: h.action,
      URL: h.url,
      Active: !inactive,
      LastError: h.lastError ?? null,
      ErrorCount: errors,
      LastTrigger: lastTrigger === undefined ? null : isoSeconds(lastTrigger),
      Id: 1415230017 + i * 113,
      UpdatedOn: isoSeconds(updatedOn),
      CreatedOn: isoSeconds(createdOn),
      UniqueId: seededUuid(random),
      UpdatedBy:
        h.state === "disabled"
          ? "system"
          : i % 3 === 0
            ? "ops@example-coworking.com"
            : "admin@example-coworking.com",
      IsNew: false,
      SystemId: null,
      ToStringText: h.name,
      LocalizationDetails: null,
      CustomFields: null,
    };
  });
  return { businesses, webhooks };
}

/**
 * Every credential inside the demo account: userinfo, query values, the secret path segments of Zapier,
 * Make and Slack hooks, and the secrets quoted in `LastError`. None may ever reach Slack or a log line;
 * tests across the project check their output against this one list.
 */
export const DEMO_SECRETS: readonly string[] = [
  "S3cr3t-pass",
  "abc123",
  "demo-4f9a2c71e0",
  "Zx9PqL2mN8vR4tY7wQ",
  "ya29.demo-A1b2C3d4E5",
  "DEMOreceptionxxxxxxxxxxx",
  ...["bq3k9xz", "hd72mcq", "mc4k1zp", "ev8b2tn", "gs5h3tz", "rf2c9nd", "tr1f8pg", "rm7n4dr"].map(
    (key) => `/${key}/`,
  ),
  "7fj2k9q0xw8n3m5p1r4t6y8u0i2o4a6s",
  "c4n5c3l8d2s9u1r0v3e7y6q4w2e8r1t5",
  "g00gl3c4l3nd4r8b0k1ng5s7y2x9w1v3",
  "d3l3t3b0k1ng5c4l3nd4r2x8w6v4u1q",
  "p1p3dr1v3d34l5x8w2v7u4q1r9s6t3y0",
  "w3lc0m3p4ck8x2v6u4q1r9s7t3y5z0a2",
  "c4t3r1ng0rd3r5x8w2v6u4q1r9s7t3y5",
  "cl34n1ngr0t4x8w2v6u4q1r9s7t3y5z0",
];
