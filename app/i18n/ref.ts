import type { MessageKey, MessageValues } from "./index";

/**
 * A message for people named by its catalogue key (and values), not written out: what the
 * domain puts in a validation error, so that the form shows it in the reader's language.
 * "shell.validation.tooLong {"max":80}" — read back by readMessage in the form components.
 */
export function messageRef(key: MessageKey, values?: Record<string, string | number>): string {
  return values ? `${key} ${JSON.stringify(values)}` : key;
}

const REF = /^([a-z]+(?:\.[A-Za-z0-9-]+)+)(?: (\{.*\}))?$/;

/** The key and values of a message reference, or null for text that is not one. */
export function parseMessageRef(text: string): { key: MessageKey; values?: MessageValues } | null {
  const m = REF.exec(text);
  if (!m) return null;
  try {
    return { key: m[1] as MessageKey, values: m[2] ? (JSON.parse(m[2]) as MessageValues) : undefined };
  } catch {
    return null;
  }
}
