import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * The one way Markdown becomes HTML: rendered with marked, then sanitised. Headings, lists,
 * tables, links, code, emphasis and quotes survive; scripts, event handlers, javascript: and
 * data: URLs, iframes, forms and styles do not. Call it when text is saved, not per view.
 */
const marked = new Marked({ gfm: true, breaks: false, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr",
    "ul", "ol", "li", "blockquote", "pre", "code",
    "em", "strong", "del", "s", "sup", "sub", "a",
    "table", "thead", "tbody", "tr", "th", "td",
    "dl", "dt", "dd", "input",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"], // rel is set by transformTags below, never taken from the input
    th: ["align"],
    td: ["align"],
    ol: ["start"],
    input: ["type", "checked", "disabled"],
    code: ["class"],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  exclusiveFilter: (frame) => frame.tag === "input" && frame.attribs.type !== "checkbox",
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: "noopener noreferrer nofollow" },
    }),
    input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, disabled: "" } }),
  },
};

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown ?? "") as string;
  return sanitizeHtml(html, SANITIZE);
}
