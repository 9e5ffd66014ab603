import { describe, expect, it } from "vitest";
import { createInProcessDispatcher, DispatcherClosedError } from "../src/in-process-dispatcher";

type Job = { n: number; at?: Date };

describe("createInProcessDispatcher", () => {
  it("resolves dispatch before the job runs, and idle() once it has", async () => {
    // Prepare
    const ran: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const dispatcher = createInProcessDispatcher<Job>(
      async (job) => {
        await gate;
        ran.push(job.n);
      },
      () => {},
    );

    // Act
    await dispatcher.dispatch({ n: 1 });

    // Assess
    expect(ran).toEqual([]);
    expect(dispatcher.pending).toBe(1);
    release();
    await dispatcher.idle();
    expect(ran).toEqual([1]);
    expect(dispatcher.pending).toBe(0);
  });

  it("passes the job through JSON, as a Lambda payload travels", async () => {
    const seen: unknown[] = [];
    const dispatcher = createInProcessDispatcher<Job>(
      async (job) => {
        seen.push(job);
      },
      () => {},
    );
    const job = { n: 2, at: new Date("2025-01-01T00:00:00Z") };

    await dispatcher.dispatch(job);
    await dispatcher.idle();

    expect(seen).toEqual([{ n: 2, at: "2025-01-01T00:00:00.000Z" }]);
    expect(seen[0]).not.toBe(job);
  });

  it("reports a failed job and keeps going", async () => {
    const failures: Array<[unknown, Job]> = [];
    const ran: number[] = [];
    const dispatcher = createInProcessDispatcher<Job>(
      async (job) => {
        if (job.n === 1) throw new Error("boom");
        ran.push(job.n);
      },
      (error, job) => failures.push([error, job]),
    );

    await dispatcher.dispatch({ n: 1 });
    await dispatcher.dispatch({ n: 2 });
    await dispatcher.idle();

    expect(ran).toEqual([2]);
    expect(failures).toHaveLength(1);
    expect((failures[0]![0] as Error).message).toBe("boom");
    expect(failures[0]![1]).toEqual({ n: 1 });
  });

  it("waits in idle() for jobs that running jobs dispatch", async () => {
    const ran: number[] = [];
    const dispatcher = createInProcessDispatcher<Job>(
      async (job) => {
        ran.push(job.n);
        if (job.n < 3) await dispatcher.dispatch({ n: job.n + 1 });
      },
      () => {},
    );

    await dispatcher.dispatch({ n: 1 });
    await dispatcher.idle();

    expect(ran).toEqual([1, 2, 3]);
  });

  it("drains running jobs on shutdown, then refuses new ones", async () => {
    const ran: number[] = [];
    const dispatcher = createInProcessDispatcher<Job>(
      async (job) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        ran.push(job.n);
      },
      () => {},
    );
    await dispatcher.dispatch({ n: 1 });

    await dispatcher.drain();

    expect(ran).toEqual([1]);
    await expect(dispatcher.dispatch({ n: 2 })).rejects.toBeInstanceOf(DispatcherClosedError);
  });
});
