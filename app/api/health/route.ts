import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

// GET /api/health — 200 when the app can reach its database, 503 when it cannot
export async function GET() {
  try {
    await db.$queryRaw`SELECT 1 AS ok`;
    return Response.json({ status: "ok", database: "reachable" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json(
      { status: "unavailable", database: "unreachable" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
