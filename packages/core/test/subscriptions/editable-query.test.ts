import { describe, expect, it } from "vitest";
import { editableQuery } from "../../src/subscriptions/compile-subscription";

const NAMES = new Map([
  [1001, "Downtown Hub"],
  [1002, "Uptown Loft"],
  [1003, "Twin"],
  [1004, "twin"],
  [1005, 'The "Quoted" Space'],
]);

describe("editableQuery: a subscription's search as the Edit form shows it", () => {
  it("names a location and an excluded one where the name picks that one location", () => {
    expect(editableQuery({ query: "failing location:1001 -location:1002" }, NAMES)).toBe(
      'failing location:"Downtown Hub" -location:"Uptown Loft"',
    );
  });

  it("keeps the other terms as stored", () => {
    const stored = "failing location:1002 -action:BookingCreate errors:>=3";
    const shown = editableQuery({ query: stored }, NAMES);
    expect(shown).toContain('location:"Uptown Loft"');
    expect(shown).toContain("-action:BookingCreate");
    expect(shown).toContain("errors:>=3");
    expect(shown).not.toContain("1002");
  });

  it("keeps the id where two locations share the name, where it is unknown, or without names", () => {
    expect(editableQuery({ query: "location:1003" }, NAMES)).toBe("location:1003");
    expect(editableQuery({ query: "location:4242" }, NAMES)).toBe("location:4242");
    expect(editableQuery({ query: "failing location:1001" }, new Map())).toBe("failing location:1001");
  });

  it("writes a name holding quotes so that it reads back as the same name", () => {
    expect(editableQuery({ query: "location:1005" }, NAMES)).toBe('location:"The \\"Quoted\\" Space"');
  });

  it("leaves a stored text it cannot read as it is", () => {
    expect(editableQuery({ query: "location:" }, NAMES)).toBe("location:");
  });
});
