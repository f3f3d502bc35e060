import { defineConfig } from "prisma/config";

// The Prisma CLI is optional here: the app applies migrations itself at start-up
// (scripts/lib/migrate.ts). On a machine with the full CLI, `npx prisma migrate deploy`
// reads this file and agrees with that runner.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // env("DATABASE_URL") would throw when it is unset (the embedded default).
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
