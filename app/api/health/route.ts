import { db } from "@/lib/db";
import { reportDatabaseDown, reportDatabaseUp } from "@/lib/db-health";
import { databaseFault, RETRY_AFTER_SECONDS } from "@/lib/errors";
import { shuttingDown } from "@/lib/lifecycle";

export const dynamic = "force-dynamic";

const headers = { "Cache-Control": "no-store" };
const unavailable = { ...headers, "Retry-After": String(RETRY_AFTER_SECONDS) };

// GET /api/health — 200 when this instance can reach its database and takes requests;
// 503 (with Retry-After) when the database cannot be reached, or while the instance shuts
// down, so a load balancer sends its requests elsewhere.
export async function GET() {
  if (shuttingDown()) return Response.json({ status: "stopping", database: "unknown" }, { status: 503, headers: unavailable });
  try {
    await db.$queryRaw`SELECT 1 AS ok`;
    reportDatabaseUp();
    return Response.json({ status: "ok", database: "reachable" }, { headers });
  } catch (error) {
    const fault = databaseFault(error);
    if (fault === "unreachable") reportDatabaseDown();
    if (!fault) console.error("[health] the database check failed", error);
    return Response.json({ status: "unavailable", database: fault === "busy" ? "busy" : "unreachable" }, { status: 503, headers: unavailable });
  }
}
