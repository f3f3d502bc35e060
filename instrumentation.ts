import type { Instrumentation } from "next";
import { reportDatabaseDown } from "@/lib/db-health";
import { databaseFault } from "@/lib/errors";

// Server errors in pages, route handlers and actions pass through here. One that says the
// database cannot be reached tells this process so (lib/db-health.ts), at once — before
// the failed page's status is written: scripts/serve.ts then answers 503 with a page that
// retries, until the database answers again.
export const onRequestError: Instrumentation.onRequestError = (error) => {
  if (databaseFault(error) === "unreachable") reportDatabaseDown();
};
