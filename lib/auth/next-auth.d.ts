import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    sessionId?: string;
    user?: { id: string; name: string; email: string };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
    uid?: string;
  }
}
