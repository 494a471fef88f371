import { z } from "zod";

/** The most common passwords of at least twelve characters, refused outright. */
const COMMON = new Set([
  "123456789012",
  "1234567890123",
  "qwertyuiopas",
  "passwordpassword",
  "password1234",
  "password12345",
  "password123456",
  "qwerty123456",
  "iloveyou1234",
  "abcdefghijkl",
  "111111111111",
  "000000000000",
  "letmeinletmein",
  "welcome12345",
  "administrator",
  "changemechangeme",
  "untangle1234",
  "trustno1trustno1",
  "qwertyqwerty",
  "aaaaaaaaaaaa",
]);

export const PasswordSchema = z
  .string()
  .min(12, "Use at least 12 characters.")
  .max(128, "Use at most 128 characters.")
  .refine((value) => !COMMON.has(value.toLowerCase()), "This password is too common; choose another.");
