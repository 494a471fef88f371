import { z } from "zod";
import { messageRef } from "~/i18n/ref";

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
  .min(12, messageRef("shell.validation.tooShort", { min: 12 }))
  .max(128, messageRef("shell.validation.tooLong", { max: 128 }))
  .refine((value) => !COMMON.has(value.toLowerCase()), messageRef("shell.validation.passwordTooCommon"));
