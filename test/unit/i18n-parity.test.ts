import { describe, expect, it } from "vitest";
import { IntlMessageFormat } from "intl-messageformat";
import { catalogues, en, LOCALES, type Locale } from "~/i18n";
import { AWAITING_TRANSLATION } from "../support/i18n-pending";

type Tree = { [key: string]: string | Tree };

/** Every message of a tree, by its dotted key. */
function flatten(tree: Tree, prefix = "", out = new Map<string, string>()) {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(`${prefix}${key}`, value);
    else flatten(value, `${prefix}${key}.`, out);
  }
  return out;
}

const TYPES = ["literal", "argument", "number", "date", "time", "select", "plural", "pound", "tag"];

type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }>; children?: Element[] };

/**
 * The arguments a message takes, with their kind ("count:plural", "name:argument"), and for a
 * select the options it chooses between: a translation must take exactly the same.
 */
function argumentsOf(message: string, locale: Locale): string[] {
  const ast = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst() as Element[];
  const found = new Set<string>();
  const walk = (elements: Element[]) => {
    for (const el of elements) {
      const kind = TYPES[el.type];
      if (kind === "literal" || kind === "pound") continue;
      found.add(kind === "select" ? `${el.value}:select(${Object.keys(el.options ?? {}).sort().join("|")})` : `${el.value}:${kind}`);
      for (const option of Object.values(el.options ?? {})) walk(option.value);
      if (el.children) walk(el.children);
    }
  };
  walk(ast);
  return [...found].sort();
}

const english = flatten(en as unknown as Tree);

describe("the catalogues", () => {
  it("are valid ICU messages in every language, none of them empty", () => {
    for (const locale of LOCALES) {
      for (const [key, message] of flatten(catalogues[locale] as unknown as Tree)) {
        expect(message.trim(), `${locale} ${key} is empty`).not.toBe("");
        expect(() => argumentsOf(message, locale), `${locale} ${key} is not a valid ICU message`).not.toThrow();
      }
    }
  });

  it("give every plural an 'other' form", () => {
    for (const locale of LOCALES) {
      for (const [key, message] of flatten(catalogues[locale] as unknown as Tree)) {
        if (/,\s*plural\s*,/.test(message)) expect(message, `${locale} ${key}`).toMatch(/other\s*\{/);
      }
    }
  });

  it("keep to the glossary in Dutch: a review is an evaluatie, never a herziening (docs/glossary.md)", () => {
    const clashes = [...flatten(catalogues.nl as unknown as Tree)].filter(([, message]) => /herzien/i.test(message));
    expect(clashes.map(([key]) => key)).toEqual([]);
  });

  for (const locale of LOCALES.filter((l) => l !== "en")) {
    for (const area of Object.keys(en)) {
      const translated = flatten((catalogues[locale] as unknown as Tree)[area] as Tree, `${area}.`);
      const englishArea = new Map([...english].filter(([key]) => key.startsWith(`${area}.`)));

      if (AWAITING_TRANSLATION.includes(area)) {
        it(`${locale}: ${area} awaits its translation and is still the empty placeholder`, () => {
          expect(translated.size, `${area} is translated now: remove it from test/support/i18n-pending.ts`).toBe(0);
        });
        continue;
      }

      it(`${locale}: ${area} has exactly the English keys`, () => {
        const missing = [...englishArea.keys()].filter((key) => !translated.has(key));
        const extra = [...translated.keys()].filter((key) => !englishArea.has(key));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      it(`${locale}: ${area} takes the same arguments as the English, message by message`, () => {
        const differ: string[] = [];
        for (const [key, message] of translated) {
          const source = englishArea.get(key);
          if (source === undefined) continue;
          const want = argumentsOf(source, "en").join(", ");
          const got = argumentsOf(message, locale).join(", ");
          if (want !== got) differ.push(`${key}: en takes [${want}], ${locale} takes [${got}]`);
        }
        expect(differ).toEqual([]);
      });
    }
  }
});
