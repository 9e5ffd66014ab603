import { NexudusSchemaError, NexudusWriteError } from "./errors";
import type { Redactor } from "./redactor";
import type { WebhookRecord } from "./schemas";
import type { Answer } from "./transport";

/**
 * The fields `PUT /sys/webhooks` documents as writable. `ErrorCount`, `LastError` and `LastTrigger` are
 * read-only, and sending them back could even undo a delivery failure counted between the read and the
 * write; server-stamped fields (`UpdatedOn`, `UniqueId`, …) are Nexudus's own.
 */
export const WEBHOOK_WRITABLE_FIELDS = [
  "Id",
  "BusinessId",
  "Name",
  "URL",
  "Action",
  "Description",
  "Active",
] as const;

/** The writable fields of a full record (read with `GET /sys/webhooks/{id}`), as a PUT body. */
export function writableFields(record: WebhookRecord): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of WEBHOOK_WRITABLE_FIELDS) if (field in record) body[field] = record[field];
  return body;
}

const MAX_MESSAGES = 5;
const MAX_MESSAGE = 300;

/** `Name: is a required field`, without doubling a property name the message already starts with. */
function fieldMessage(property: unknown, message: unknown): string {
  const text = typeof message === "string" ? message.trim() : "";
  const name = typeof property === "string" ? property.replace(/^[\w]+\./, "") : "";
  if (!name || text.startsWith(name)) return text || name;
  return text ? `${name}: ${text}` : name;
}

function clean(text: string, redactor: Redactor): string {
  const one = redactor.redact(text.replace(/\s+/g, " ").trim());
  return one.length > MAX_MESSAGE ? `${one.slice(0, MAX_MESSAGE - 1)}…` : one;
}

/**
 * Reads the answer to a write and throws NexudusWriteError when it is a refusal:
 * - the validation envelope, `{Message, Errors: [{PropertyName, Message}], WasSuccessful: false}`, on a 400
 *   or even on a 200;
 * - a bare ASP.NET model-binding answer, `{Message, ModelState: {"webHook.Active": ["…"]}}`, on a 400.
 * A 2xx without `WasSuccessful: false` passes: the record read back afterwards says whether it was applied.
 */
export function readWriteAnswer(answer: Answer, path: string, redactor: Redactor): void {
  const body = answer.body;
  const ok = answer.status >= 200 && answer.status < 300;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    if (ok) return;
    throw new NexudusWriteError(path, typeof body === "string" && body.trim() ? [clean(body, redactor)] : []);
  }
  const envelope = body as Record<string, unknown>;
  if (ok && envelope.WasSuccessful !== false) return;
  if (!ok && envelope.WasSuccessful === true)
    throw new NexudusSchemaError(path, [`(body): WasSuccessful true on HTTP ${answer.status}`]);

  const messages: string[] = [];
  if (Array.isArray(envelope.Errors)) {
    for (const e of envelope.Errors) {
      if (typeof e !== "object" || e === null) continue;
      const item = e as Record<string, unknown>;
      const text = fieldMessage(item.PropertyName, item.Message);
      if (text) messages.push(text);
    }
  }
  if (typeof envelope.ModelState === "object" && envelope.ModelState !== null) {
    for (const [key, value] of Object.entries(envelope.ModelState as Record<string, unknown>)) {
      const list = Array.isArray(value) ? value : [value];
      for (const item of list) {
        const text = fieldMessage(key, typeof item === "string" ? item : "");
        if (text) messages.push(text);
      }
    }
  }
  // The envelope's Message usually repeats its first error; a model-binding one is a summary.
  if (typeof envelope.Message === "string" && envelope.Message.trim()) messages.push(envelope.Message.trim());
  const unique = [...new Set(messages.map((m) => clean(m, redactor)))];
  throw new NexudusWriteError(path, unique.slice(0, MAX_MESSAGES));
}
