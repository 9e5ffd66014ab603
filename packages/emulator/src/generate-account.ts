import { ACTIONS, type Business, type WebhookRecord } from "@nwh/core/nexudus";
import { isoSeconds } from "./iso-seconds";
import { mulberry32, seededUuid } from "./prng";
import type { Account } from "./types";
import { DELIVERY_ERRORS, TARGETS } from "./webhook-texts";

export interface GenerateAccountOptions {
  webhooks: number;
  locations: number;
  /** Share of webhooks failing but still active (ErrorCount 1–9). Default 0.1. */
  failingRatio?: number;
  /** Share of webhooks disabled after 10 failures. Default 0.03. */
  disabledRatio?: number;
  seed: number;
  /** Dates are relative to it. Default `Date.now()`. */
  now?: number;
}

const DAY = 86_400_000;
const PLACES = [
  "Downtown",
  "Riverside",
  "Canal",
  "Harbour",
  "Old Town",
  "Northside",
  "Market Street",
  "Station",
  "Docklands",
  "Parkview",
  "Hillside",
  "Castle",
  "Mill",
  "Quayside",
  "Westgate",
  "Eastbank",
  "Cathedral",
  "Garden",
  "Brewery",
  "Foundry",
];
const KINDS = [
  "Hub",
  "Loft",
  "Works",
  "Point",
  "Studio",
  "Exchange",
  "House",
  "Yard",
  "Commons",
  "Collective",
];
const TRIGGERS = [
  "New member",
  "Member updated",
  "Booking created",
  "Booking updated",
  "Booking cancelled",
  "Invoice created",
  "Invoice paid",
  "Failed payment",
  "Check-in",
  "Visitor registered",
  "Delivery created",
  "Contract activated",
  "Contract cancelled",
  "Event created",
  "Help desk message",
  "Team created",
];
const DESTINATIONS = [
  "HubSpot",
  "Slack #front-desk",
  "Xero",
  "Mailchimp",
  "Google Calendar",
  "Google Sheets",
  "Zendesk",
  "Pipedrive",
  "Stripe",
  "door analytics",
  "website",
  "data warehouse",
  "Kisi",
  "Salesforce",
  "Intercom",
];

/**
 * A large seeded account for tests and benchmarks: `webhooks` records over `locations` businesses, with the
 * given shares failing and disabled, a few paused and a few never delivered. Same options, same account.
 */
export function generateAccount(options: GenerateAccountOptions): Account {
  const { webhooks: count, locations, seed } = options;
  const failingRatio = options.failingRatio ?? 0.1;
  const disabledRatio = options.disabledRatio ?? 0.03;
  const now = options.now ?? Date.now();
  const random = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = (alphabet: string, n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
    return s;
  };

  const businesses: Business[] = [];
  let businessId = 1414900000 + int(0, 999);
  for (let i = 0; i < locations; i++) {
    businessId += int(3, 400);
    const base = `${PLACES[i % PLACES.length]} ${KINDS[Math.floor(i / PLACES.length) % KINDS.length]}`;
    const round = Math.floor(i / (PLACES.length * KINDS.length));
    const name = round ? `${base} ${round + 1}` : base;
    businesses.push({
      Id: businessId,
      Name: name,
      SimpleTimeZoneId: int(1, 40),
      RootLocationId: businesses[0]?.Id ?? businessId,
      CreatedOn: isoSeconds(now - int(200, 2000) * DAY),
      UpdatedOn: isoSeconds(now - int(1, 199) * DAY),
      UniqueId: seededUuid(random),
      IsNew: false,
      SystemId: null,
      ToStringText: name,
    });
  }

  const webhooks: WebhookRecord[] = [];
  let webhookId = 1415230000 + int(0, 999);
  for (let i = 0; i < count; i++) {
    webhookId += int(1, 40);
    const business = businesses[int(0, Math.max(0, businesses.length - 1))];
    const roll = random();
    const disabled = roll < disabledRatio;
    const failing = !disabled && roll < disabledRatio + failingRatio;
    const paused = !disabled && !failing && roll < disabledRatio + failingRatio + 0.02;
    const neverDelivered = (disabled || failing) && random() < 0.1;
    const errorCount = disabled ? 10 : failing ? int(1, 9) : 0;
    const createdOn = now - int(30, 1500) * DAY - int(0, DAY);
    const lastTrigger = neverDelivered
      ? null
      : Math.min(
          now - int(1, 3600) * 1000 - (failing || disabled ? int(0, 20) * DAY : int(0, 45) * DAY),
          now,
        );
    const name = `${TRIGGERS[int(0, TRIGGERS.length - 1)]} → ${DESTINATIONS[int(0, DESTINATIONS.length - 1)]}`;
    const action = ACTIONS[int(1, ACTIONS.length - 1)]!.id;
    const url = TARGETS[int(0, TARGETS.length - 1)]!(pick);
    const updatedOn = Math.min(now, Math.max(createdOn, (lastTrigger ?? createdOn) + int(0, 10) * 3_600_000));
    webhooks.push({
      BusinessId: business?.Id ?? 0,
      Name: name,
      Description: `${name} for ${business?.Name ?? "the account"}.`,
      Action: action,
      URL: url,
      Active: !(disabled || paused),
      LastError: errorCount > 0 ? DELIVERY_ERRORS[int(0, DELIVERY_ERRORS.length - 1)]! : null,
      ErrorCount: errorCount,
      LastTrigger: lastTrigger === null ? null : isoSeconds(Math.max(lastTrigger, createdOn)),
      Id: webhookId,
      UpdatedOn: isoSeconds(updatedOn),
      CreatedOn: isoSeconds(createdOn),
      UniqueId: seededUuid(random),
      UpdatedBy: disabled ? "system" : "admin@example-coworking.com",
      IsNew: false,
      SystemId: null,
      ToStringText: name,
      LocalizationDetails: null,
      CustomFields: null,
    });
  }
  return { businesses, webhooks };
}
