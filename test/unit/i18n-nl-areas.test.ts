/**
 * The Dutch catalogues of the policies, reviews and standards areas against the English ones:
 * the same keys, the same placeholders and ICU arguments in every message, no empty message,
 * and every message well-formed ICU (a plural or select always has its `other` case).
 */
import { describe, expect, it } from "vitest";
import { policies } from "~/i18n/en/policies";
import { nlPolicies } from "~/i18n/nl/policies";
import { reviews } from "~/i18n/en/reviews";
import { nlReviews } from "~/i18n/nl/reviews";
import { standards } from "~/i18n/en/standards";
import { nlStandards } from "~/i18n/nl/standards";
import { standardTemplate } from "~/models/standard.server";
import { RatingInputSchema } from "~/models/rating.server";
import { VoteInputSchema } from "~/models/vote.server";
import { readMessage, translator } from "~/i18n";

type Tree = { readonly [key: string]: string | Tree };

const areas: [string, Tree, Tree][] = [
  ["policies", policies, nlPolicies],
  ["reviews", reviews, nlReviews],
  ["standards", standards, nlStandards],
];

/** Every message of a tree, by its dotted key. */
function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(`${prefix}${key}`, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/**
 * The arguments an ICU message uses, as "name" for a placeholder and "name:plural" (or select,
 * number, …) for a formatted one. Throws on a message that is not well-formed: an unclosed or
 * stray brace, an argument without a name, a plural or select without its `other` case. Quoting
 * follows ICU: '' is one apostrophe, and an apostrophe before { } (or # in a plural) quotes.
 */
function icuArguments(message: string): string[] {
  const args: string[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i} in: ${message}`);
  };
  const spaces = () => {
    while (i < message.length && /\s/.test(message[i])) i++;
  };
  const word = () => {
    const match = /^[^\s{},]+/.exec(message.slice(i));
    if (!match) fail("expected a word");
    i += match![0].length;
    return match![0];
  };
  function text(inPlural: boolean, nested: boolean) {
    while (i < message.length) {
      const c = message[i];
      if (c === "'") {
        const next = message[i + 1];
        if (next === "'") i += 2;
        else if (next === "{" || next === "}" || (inPlural && next === "#")) {
          const end = message.indexOf("'", i + 1);
          if (end < 0) fail("unclosed quote");
          i = end + 1;
        } else i++;
      } else if (c === "{") {
        i++;
        argument();
      } else if (c === "}") {
        if (nested) return;
        fail("stray }");
      } else i++;
    }
    if (nested) fail("unclosed {");
  }
  function argument() {
    spaces();
    const name = word();
    if (!/^\w+$/.test(name)) fail(`bad argument name "${name}"`);
    spaces();
    if (message[i] === "}") {
      i++;
      args.push(name);
      return;
    }
    if (message[i] !== ",") fail("expected , or }");
    i++;
    spaces();
    const type = word();
    spaces();
    args.push(`${name}:${type}`);
    if (type === "plural" || type === "select" || type === "selectordinal") {
      if (message[i] !== ",") fail("expected the cases");
      i++;
      const cases: string[] = [];
      for (;;) {
        spaces();
        if (message[i] === "}") {
          i++;
          break;
        }
        const selector = word();
        if (selector.startsWith("offset:")) continue;
        spaces();
        if (message[i] !== "{") fail(`expected { after ${selector}`);
        i++;
        cases.push(selector);
        text(type !== "select", true);
        i++;
      }
      if (!cases.includes("other")) fail(`${name} has no other case`);
    } else if (["number", "date", "time"].includes(type)) {
      if (message[i] === ",") {
        const end = message.indexOf("}", i);
        if (end < 0) fail("unclosed style");
        i = end;
      }
      if (message[i] !== "}") fail("expected }");
      i++;
    } else fail(`unknown argument type "${type}"`);
  }
  text(false, false);
  return args;
}

/** A message's arguments and their kinds, each once: a translation must take exactly these. */
const signature = (message: string) => [...new Set(icuArguments(message))].sort();

describe("the Dutch catalogues of policies, reviews and standards", () => {
  it("reads ICU the way the message format does", () => {
    expect(icuArguments("{count, plural, one {# vote} other {# votes}} · {hours} h")).toEqual(["count:plural", "hours"]);
    expect(icuArguments("{n, plural, one {line {lines} was} other {lines {lines} were}}")).toEqual(["n:plural", "lines", "lines"]);
    expect(icuArguments("the manager's '{'literal'}' text")).toEqual([]);
    expect(() => icuArguments("{count, plural, one {# vote}}")).toThrow(/no other case/);
    expect(() => icuArguments("{count")).toThrow();
    expect(() => icuArguments("count}")).toThrow(/stray/);
    expect(() => icuArguments("{count, plural, one {# vote} other {# votes}")).toThrow();
  });

  for (const [area, en, nl] of areas) {
    describe(area, () => {
      const english = leaves(en);
      const dutch = leaves(nl);

      it("has exactly the English keys", () => {
        expect([...dutch.keys()].sort()).toEqual([...english.keys()].sort());
      });

      it("has no empty message, in either language", () => {
        const empty = [...english, ...dutch].filter(([, text]) => text.trim() === "").map(([key]) => key);
        expect(empty).toEqual([]);
      });

      it("takes the same placeholders and ICU arguments as English, of the same kind, in every message, all well-formed", () => {
        const differing: string[] = [];
        for (const [key, text] of english) {
          const translated = dutch.get(key);
          if (translated === undefined) continue;
          try {
            const want = signature(text).join(", ");
            const got = signature(translated).join(", ");
            if (want !== got) differing.push(`${key}: en takes [${want}], nl takes [${got}]`);
          } catch (error) {
            differing.push(`${key}: ${(error as Error).message}`);
          }
        }
        expect(differing).toEqual([]);
      });
    });
  }
});

describe("a Dutch author's new standard", () => {
  it("starts from the fantastic-service sequence in Dutch, naming the team", () => {
    const { body, period } = standardTemplate({ teamName: "IT", locale: "nl" });
    const headings = [...body.matchAll(/^## \d\. (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      "Begroeten en verwelkomen",
      "De behoefte vaststellen",
      "Er efficiënt in voorzien",
      "Controleren en nog eens controleren",
      "De deur openhouden",
    ]);
    expect(body).toContain("Hoe IT deze belofte stap voor stap waarmaakt");
    expect(period).toBe("per verzoek");
  });
});

describe("the domain's form errors in these areas", () => {
  const firstMessage = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error!.issues[0].message;

  it("reach each reader in their own language", () => {
    const score = firstMessage(RatingInputSchema.safeParse({ score: "9" }));
    expect(readMessage(translator("en"), score)).toBe("Choose a score from 1 to 5.");
    expect(readMessage(translator("nl"), score)).toBe("Kies een score van 1 tot 5.");
    const block = firstMessage(VoteInputSchema.safeParse({ position: "block", reason: "" }));
    expect(readMessage(translator("en"), block)).toMatch(/^Say why you block/);
    expect(readMessage(translator("nl"), block)).toMatch(/^Zeg waarom je blokkeert/);
  });
});
