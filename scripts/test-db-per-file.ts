// Vitest setup for every integration test file: a database of its own (a copy of the
// migrated template), named in DATABASE_URL before the file's imports run, so the
// app's own lib/db.ts connects to it. Dropped when the file is done.
import { afterAll } from "vitest";
import { freshDatabase } from "./lib/test-database";

const database = await freshDatabase();
process.env.DATABASE_URL = database.url;

afterAll(async () => {
  const { db } = await import("@/lib/db");
  await db.$disconnect();
  await database.drop();
});
