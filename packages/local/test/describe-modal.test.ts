import { describe, expect, it } from "vitest";
import { subscriptionModal } from "../../core/src/subscriptions/subscription-form";
import { describeModal } from "../src/describe-modal";

/* The command local mode prints for a form it cannot open must be one the prompt accepts as typed. */

const editing = (overrides: Record<string, unknown>) =>
  ({
    id: "a00000000001",
    channel: "C0OPS00001",
    query: "failing",
    alerts: true,
    digest: true,
    at: "08:00",
    timeZone: "UTC",
    mention: [],
    createdBy: "U0ADMIN001",
    createdAt: 1_800_000_000_000,
    ...overrides,
  }) as never;

const commandOf = (text: string) => text.split("\n").find((line) => line.includes(" subscribe ")) ?? "";

describe("describeModal's subscribe command", () => {
  it("leaves out the digest's time and zone for an alerts-only subscription (at: is refused there)", () => {
    const view = subscriptionModal({
      editing: editing({ digest: false }),
      defaultTimeZone: "UTC",
    });

    const command = commandOf(describeModal(view, () => "#ops"));

    expect(command).toContain("#ops subscribe failing alerts");
    expect(command).not.toMatch(/\bat:|\btz:/);
  });

  it("names a user group by its id, which the parser takes, not by a typed @handle", () => {
    const view = subscriptionModal({
      editing: editing({ mention: [{ id: "S0ONCALL01", label: "oncall" }, { id: "U0PERSON01" }] }),
      defaultTimeZone: "UTC",
      groups: [{ id: "S0ONCALL01", handle: "oncall", name: "On call" }],
    });

    const command = commandOf(describeModal(view, () => "#ops"));

    expect(command).toMatch(/mention:S0ONCALL01,U0PERSON01$/);
    expect(command).not.toContain("@oncall");
    expect(command).toMatch(/at:08:00 tz:UTC/);
  });
});
