import type { WebhookRecord } from "@nwh/core/nexudus";
import { isoSeconds } from "./iso-seconds";

/** A status and a JSON body to answer. */
export interface Answer {
  status: number;
  body: unknown;
}

interface FieldError {
  AttemptedValue: unknown;
  Message: string;
  PropertyName: string;
}

function validationFailure(errors: FieldError[]): Answer {
  return {
    status: 400,
    body: {
      Message: errors[0]?.Message ?? "The request is invalid.",
      Value: null,
      Errors: errors,
      WasSuccessful: false,
    },
  };
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const isNonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

/*
 * Fields a PUT replaces. Nullable text fields absent from the body are cleared, as Nexudus does: that is
 * why a client must PUT back the full record (a listing record would clear `Description`).
 */
const CLEARED_WHEN_ABSENT = ["Description", "LastError", "LastTrigger"] as const;

function typeErrors(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const expect = (name: string, ok: (v: unknown) => boolean, what: string) => {
    const v = body[name];
    if (v !== undefined && !ok(v))
      errors.push({ AttemptedValue: v, Message: `${name}: ${what}`, PropertyName: name });
  };
  expect("Action", (v) => isInt(v) && v >= 1 && v <= 90, "is not a valid action");
  expect("Active", (v) => typeof v === "boolean", "is not a valid boolean");
  expect("ErrorCount", (v) => isInt(v) && v >= 0, "is not a valid integer");
  for (const name of CLEARED_WHEN_ABSENT)
    expect(name, (v) => v === null || typeof v === "string", "is not a valid text");
  return errors;
}

/**
 * `PUT /sys/webhooks`: validates the body, then replaces the stored record's editable fields in place
 * (CreatedOn, Id and UniqueId are kept) and stamps UpdatedOn/UpdatedBy.
 */
export function updateWebhook(
  webhooks: WebhookRecord[],
  body: unknown,
  user: string,
  now: number,
  refused: boolean,
): Answer {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return validationFailure([
      { AttemptedValue: null, Message: "The request body must be a WebHook object.", PropertyName: "" },
    ]);
  }
  const input = body as Record<string, unknown>;
  const required: FieldError[] = [];
  const need = (name: string, ok: (v: unknown) => boolean) => {
    if (!ok(input[name])) {
      required.push({
        AttemptedValue: input[name] ?? null,
        Message: `${name}: is a required field`,
        PropertyName: name,
      });
    }
  };
  need("Id", isInt);
  need("BusinessId", isInt);
  need("Name", isNonEmpty);
  need("URL", isNonEmpty);
  const errors = [...required, ...typeErrors(input)];
  if (errors.length) return validationFailure(errors);

  const stored = webhooks.find((w) => w.Id === input.Id);
  if (!stored) return { status: 404, body: "Not found" };
  if (refused) {
    return {
      status: 200,
      body: {
        Status: 200,
        Message: "WebHook could not be updated.",
        Value: null,
        WasSuccessful: false,
        Errors: [
          {
            AttemptedValue: null,
            Message: "The record could not be saved. Please try again.",
            PropertyName: "",
          },
        ],
      },
    };
  }

  stored.BusinessId = input.BusinessId as number;
  stored.Name = input.Name as string;
  stored.URL = input.URL as string;
  if (input.Action !== undefined) stored.Action = input.Action as number;
  if (input.Active !== undefined) stored.Active = input.Active as boolean;
  if (input.ErrorCount !== undefined) stored.ErrorCount = input.ErrorCount as number;
  for (const name of CLEARED_WHEN_ABSENT) stored[name] = (input[name] as string | null | undefined) ?? null;
  stored.UpdatedOn = isoSeconds(now);
  stored.UpdatedBy = user;
  if ("ToStringText" in stored) stored.ToStringText = stored.Name;
  return {
    status: 200,
    body: {
      Status: 200,
      Message: "WebHook was successfully updated.",
      Value: { Id: stored.Id },
      OpenInWindow: false,
      RedirectURL: null,
      JavaScript: null,
      UpdatedOn: stored.UpdatedOn,
      UpdatedBy: user,
      WasSuccessful: true,
      Errors: null,
    },
  };
}
