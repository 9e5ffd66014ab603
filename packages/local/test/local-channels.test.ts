import { describe, expect, it } from "vitest";
import { createLocalChannels } from "../src/local-channels";

describe("the local channels", () => {
  it("take a channel id as printed (#CLOCAL0007) for that channel, not a new one called clocal0007", () => {
    // Prepare: a prompt that has not named the channel an earlier run made (LOCAL_STATE_DIR).
    const channels = createLocalChannels();

    // Act
    const typed = channels.named("#CLOCAL0007");
    const again = channels.named("#CLOCAL0007");
    const fresh = channels.named("#ops");

    // Assess: the id kept; the next new channel does not take it.
    expect(typed?.id).toBe("CLOCAL0007");
    expect(again).toBe(typed);
    expect(fresh?.id).not.toBe("CLOCAL0007");
    expect(new Set(channels.all().map((c) => c.id)).size).toBe(channels.all().length);
  });

  it("still make up a channel for a new name, lower-cased, and refuse what is no name", () => {
    const channels = createLocalChannels();

    expect(channels.named("#Ops")).toEqual({ id: "CLOCAL0002", name: "ops" });
    expect(channels.named("#ops")?.id).toBe("CLOCAL0002");
    expect(channels.named("#not a name")).toBeUndefined();
  });
});
