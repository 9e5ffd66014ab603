import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packSections } from "../../src/digest/pack-sections";

describe("packSections", () => {
  it("keeps every line once, in order, under its heading, within every budget", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            heading: fc.string({ minLength: 1, maxLength: 30 }),
            lines: fc.array(fc.string({ minLength: 1, maxLength: 120 }), { maxLength: 30 }),
          }),
          { maxLength: 12 },
        ),
        fc.record({
          sectionText: fc.integer({ min: 200, max: 3000 }),
          blocks: fc.integer({ min: 1, max: 50 }),
          text: fc.integer({ min: 200, max: 11000 }),
        }),
        (raw, limits) => {
          // Prepare: headings and lines made recognisable, so the output can be read back.
          const groups = raw.map((g, gi) => ({
            heading: `H${gi}:${g.heading.replace(/\n/g, " ")}`,
            continuedHeading: `C${gi}`,
            lines: g.lines.map((l, li) => `L${gi}.${li}:${l.replace(/\n/g, " ")}`),
          }));
          // Act
          const messages = packSections(groups, limits);
          // Assess: budgets.
          for (const sections of messages) {
            expect(sections.length).toBeLessThanOrEqual(limits.blocks);
            expect(sections.reduce((n, s) => n + s.length, 0)).toBeLessThanOrEqual(limits.text);
            for (const s of sections) expect(s.length).toBeLessThanOrEqual(limits.sectionText);
          }
          // Every line once, in order; a heading (or its continuation) before a group's lines in each message.
          const seen: string[] = [];
          for (const sections of messages) {
            let current = -1;
            for (const line of sections.flatMap((s) => s.split("\n"))) {
              const head = /^(?:H(\d+):|C(\d+)$)/.exec(line);
              if (head) current = Number(head[1] ?? head[2]);
              else {
                expect(line.startsWith(`L${current}.`)).toBe(true);
                seen.push(line);
              }
            }
          }
          expect(seen).toEqual(groups.flatMap((g) => g.lines));
        },
      ),
    );
  });
});
