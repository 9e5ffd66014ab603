import { config } from "zod/mini";

/*
 * zod's functional build, as every schema of the bot uses it. `jitless`: zod otherwise compiles a parser
 * with `new Function` on each object schema's first parse, which pays off after many parses of one schema;
 * a Lambda environment parses most of its schemas a few times (one interaction, one token answer), and at
 * a cold start that code generation cost about 10 ms of the first request. Warm parsing measured no slower.
 * Set here, before any schema is built: zod reads it when a schema is constructed.
 */
config({ jitless: true });

export * from "zod/mini";
