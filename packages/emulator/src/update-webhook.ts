import { randomUUID } from "node:crypto";
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
 * `Description` absent from a PUT body is cleared, as Nexudus does: that is why a client must GET the full
 * record first (a listing record would clear it). `ErrorCount`, `LastError` and `LastTrigger` are
 * read-only: whatever a body says about them is ignored.
 */
const CLEARED_WHEN_ABSENT = ["Description"] as const;

/**
 * Type errors are found by ASP.NET's model binding, before validation: Nexudus then answers a bare
 * `{Message, ModelState}` body, without `WasSuccessful`.
 */
function modelBindingFailure(body: Record<string, unknown>): Answer | undefined {
  const state: Record<string, string[]> = {};
  const expect = (name: string, ok: (v: unknown) => boolean, type: string) => {
    const v = body[name];
    if (v !== undefined && v !== null && !ok(v))
      state[`webHook.${name}`] = [`Error converting value ${JSON.stringify(v)} to type '${type}'.`];
  };
  expect("Id", isInt, "System.Int32");
  expect("BusinessId", isInt, "System.Int32");
  expect("Action", isInt, "Nexudus.Coworking.Core.Enums.eWebHookAction");
  expect("Active", (v) => typeof v === "boolean", "System.Boolean");
  for (const name of ["Name", "URL", "Description"])
    expect(name, (v) => typeof v === "string", "System.String");
  if (Object.keys(state).length === 0) return undefined;
  return { status: 400, body: { Message: "The request is invalid.", ModelState: state } };
}

function requiredErrors(input: Record<string, unknown>, fields: readonly string[]): FieldError[] {
  const required: FieldError[] = [];
  const checks: Record<string, (v: unknown) => boolean> = {
    Id: isInt,
    BusinessId: isInt,
    Name: isNonEmpty,
    URL: isNonEmpty,
    Action: isInt,
  };
  for (const name of fields) {
    if (!(checks[name] ?? isNonEmpty)(input[name])) {
      required.push({
        AttemptedValue: input[name] ?? null,
        Message: `${name}: is a required field`,
        PropertyName: name,
      });
    }
  }
  const action = input.Action;
  // 0 is what a new record carries (the documented example), 1–90 the events.
  if (isInt(action) && (action < 0 || action > 90))
    required.push({
      AttemptedValue: action,
      Message: "Action: is not a valid action",
      PropertyName: "Action",
    });
  return required;
}

/** The body as a record to bind, or the answer refusing it (not an object, a type error). */
function bind(body: unknown): { input: Record<string, unknown> } | { refused: Answer } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return {
      refused: validationFailure([
        { AttemptedValue: null, Message: "The request body must be a WebHook object.", PropertyName: "" },
      ]),
    };
  }
  const input = body as Record<string, unknown>;
  const binding = modelBindingFailure(input);
  return binding ? { refused: binding } : { input };
}

function success(message: string, id: number, user: string, updatedOn: string | null | undefined): Answer {
  return {
    status: 200,
    body: {
      Status: 200,
      Message: message,
      Value: { Id: id },
      OpenInWindow: false,
      RedirectURL: null,
      JavaScript: null,
      UpdatedOn: updatedOn ?? null,
      UpdatedBy: user,
      WasSuccessful: true,
      Errors: null,
    },
  };
}

/** How a write fault changes a PUT: refused (200, `WasSuccessful: false`) or ignored (success, nothing stored). */
export type WriteFault = "refused" | "ignored" | undefined;

/**
 * `PUT /sys/webhooks`: binds and validates the body, then replaces the stored record's writable fields in
 * place (`Id`, `UniqueId`, `CreatedOn` and the read-only delivery fields are kept) and stamps
 * `UpdatedOn`/`UpdatedBy`.
 */
export function updateWebhook(
  webhooks: WebhookRecord[],
  body: unknown,
  user: string,
  now: number,
  fault: WriteFault,
): Answer {
  const bound = bind(body);
  if ("refused" in bound) return bound.refused;
  const input = bound.input;
  const errors = requiredErrors(input, ["Id", "BusinessId", "Name", "URL"]);
  if (errors.length) return validationFailure(errors);

  const stored = webhooks.find((w) => w.Id === input.Id);
  if (!stored) return { status: 404, body: "Not found" };
  if (fault === "refused") {
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
  // Answered as a success, stored nowhere: what a client must catch by reading the record back.
  if (fault === "ignored")
    return success("WebHook was successfully updated.", stored.Id, user, stored.UpdatedOn);

  stored.BusinessId = input.BusinessId as number;
  stored.Name = input.Name as string;
  stored.URL = input.URL as string;
  if (input.Action !== undefined && input.Action !== null) stored.Action = input.Action as number;
  if (input.Active !== undefined && input.Active !== null) stored.Active = input.Active as boolean;
  for (const name of CLEARED_WHEN_ABSENT) stored[name] = (input[name] as string | null | undefined) ?? null;
  stored.UpdatedOn = isoSeconds(now);
  stored.UpdatedBy = user;
  if ("ToStringText" in stored) stored.ToStringText = stored.Name;
  return success("WebHook was successfully updated.", stored.Id, user, stored.UpdatedOn);
}

/** `POST /sys/webhooks`: creates a webhook (required `BusinessId`, `Name`, `Action`, `URL`). */
export function createWebhook(
  webhooks: WebhookRecord[],
  body: unknown,
  user: string,
  now: number,
  nextId: () => number,
): Answer {
  const bound = bind(body);
  if ("refused" in bound) return bound.refused;
  const input = bound.input;
  const errors = requiredErrors(input, ["BusinessId", "Name", "Action", "URL"]);
  if (errors.length) return validationFailure(errors);
  const at = isoSeconds(now);
  const record: WebhookRecord = {
    Id: nextId(),
    BusinessId: input.BusinessId as number,
    Name: input.Name as string,
    Action: input.Action as number,
    URL: input.URL as string,
    Active: input.Active === undefined || input.Active === null ? true : (input.Active as boolean),
    Description: (input.Description as string | null | undefined) ?? null,
    LastError: null,
    ErrorCount: 0,
    LastTrigger: null,
    CreatedOn: at,
    UpdatedOn: at,
    UpdatedBy: user,
    UniqueId: randomUUID(),
  };
  webhooks.push(record);
  return success("WebHook was successfully created.", record.Id, user, at);
}

/** `DELETE /sys/webhooks/{id}`. */
export function deleteWebhook(webhooks: WebhookRecord[], id: number, user: string): Answer {
  const index = webhooks.findIndex((w) => w.Id === id);
  if (index < 0) return { status: 404, body: "Not found" };
  webhooks.splice(index, 1);
  return success("WebHook was successfully deleted.", id, user, null);
}
