// Generates the Prisma client (TypeScript, into lib/generated/prisma) after npm install.
//
// `prisma generate` does not use Prisma's native schema engine, but the CLI tries to
// download it first, which fails on machines that reach only the npm registry. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that download; on a machine
// that already set it, the caller's value wins.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);

const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
if (result.status !== 0) {
  console.error("Could not generate the Prisma client (see above).");
  process.exit(result.status ?? 1);
}
