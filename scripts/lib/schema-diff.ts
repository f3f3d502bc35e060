// Migration SQL from a datamodel-to-datamodel diff, using Prisma's schema engine
// compiled to WebAssembly (@prisma/schema-engine-wasm). Prisma's CLI needs a native
// engine it downloads from its own host; this runs from the npm package alone.
// The engine insists on a database connection when it starts, though a
// datamodel-to-datamodel diff never queries it.
import fs from "node:fs";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";

let ready: Promise<void> | undefined;

function loadEngine(): Promise<void> {
  ready ??= (async () => {
    // The package imports its .wasm as an ES module, which Node cannot; instantiate it by hand.
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {
      "./schema_engine_bg.js": engineBindings as unknown as WebAssembly.ModuleImports,
    });
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return ready;
}

/** SQL that takes a database from datamodel `from` (null = empty) to datamodel `to`. */
export async function diffDatamodels(from: string | null, to: string, databaseUrl: string): Promise<string> {
  await loadEngine();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }));
  const engine = await engineBindings.SchemaEngine.new({ datamodels: undefined }, () => {}, adapter);
  try {
    const target = (content: string) => ({
      tag: "schemaDatamodel" as const,
      files: [{ path: "schema.prisma", content }],
    });
    const result = await engine.diff({
      from: from === null ? { tag: "empty" } : target(from),
      to: target(to),
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = result.stdout ?? "";
    // The engine writes this comment when there is nothing to do.
    return sql.includes("This is an empty migration.") ? "" : sql.trim();
  } finally {
    engine.free();
  }
}
