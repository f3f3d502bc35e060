import { hash, verify } from "@node-rs/argon2";

// argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's recommendation).
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the account does not exist keeps the response time the
// same, so timing does not reveal which addresses have accounts.
export const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c3R1ZHljaXJjbGVkdW1teQ$QxZLoblREzB7zZk4DUZZGGt3C87dYYRmwKMpAR3/WzA";
