import { describe, expect, it } from "vitest";
import * as z from "../src/zod-mini";

describe("zod as the bot's schemas use it", () => {
  it("builds no parser with code generation (a cold start parses each schema a few times only)", () => {
    expect(z.config().jitless).toBe(true);
  });

  it("still checks and reports as zod does", () => {
    const schema = z.object({ id: z.number().check(z.int()) });

    expect(schema.safeParse({ id: 3, extra: 1 })).toEqual({ success: true, data: { id: 3 } });
    const failed = schema.safeParse({ id: 1.5 });
    expect(failed.success).toBe(false);
    expect(failed.error?.issues[0]?.path).toEqual(["id"]);
  });
});
