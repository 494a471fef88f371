import { describe, expect, it } from "vitest";
import { renderMarkdown } from "~/lib/markdown.server";

/**
 * Known XSS vectors, in Markdown and raw HTML, against the one function that turns user text
 * into HTML. Whatever goes in, nothing that can run script or restyle the page comes out.
 */
const VECTORS: Record<string, string> = {
  "script tag": "<script>alert(1)</script>",
  "script tag, odd case and spacing": "<ScRiPt >alert(1)</sCrIpT >",
  "script split by a null byte": "<scr\u0000ipt>alert(1)</script>",
  "img onerror": '<img src=x onerror="alert(1)">',
  "markdown image with onerror in the title": '![x](https://example.com/x.png "a\\" onerror=\\"alert(1)")',
  "svg onload": "<svg onload=alert(1)>",
  "svg with script inside": "<svg><script>alert(1)</script></svg>",
  "svg animate href": '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text y="20">x</text></a></svg>',
  "math mutation": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
  "body onload": "<body onload=alert(1)>",
  "details ontoggle": "<details open ontoggle=alert(1)>x</details>",
  "link onclick": '<a href="https://example.com" onclick="alert(1)">x</a>',
  "checkbox onfocus": '<input type="checkbox" autofocus onfocus="alert(1)">',
  "input type image": '<input type="image" src="x" onerror="alert(1)">',
  "paragraph onmouseover": '<p onmouseover="alert(1)">hover</p>',
  "javascript: markdown link": "[click](javascript:alert(1))",
  "javascript: mixed case": "[click](JaVaScRiPt:alert(1))",
  "javascript: with a tab": "[click](java\tscript:alert(1))",
  "javascript: with entities": '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  "javascript: hex entities": '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
  "javascript: with leading spaces": '<a href="   javascript:alert(1)">x</a>',
  "javascript: in a reference link": "[click][evil]\n\n[evil]: javascript:alert(1)",
  "javascript: autolink": "<javascript:alert(1)>",
  "vbscript: link": "[click](vbscript:msgbox(1))",
  "data: html link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "data: html anchor": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  "data: svg image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "protocol-relative link": '<a href="//evil.example/">x</a>',
  iframe: '<iframe src="https://evil.example"></iframe>',
  "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  object: '<object data="https://evil.example/x.swf"></object>',
  embed: '<embed src="https://evil.example/x.swf">',
  form: '<form action="https://evil.example"><input name="password" type="password"><button>Sign in</button></form>',
  "button formaction": '<button formaction="javascript:alert(1)">x</button>',
  textarea: "<textarea>x</textarea>",
  "style tag": "<style>body { display: none }</style>",
  "style attribute": '<p style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">x</p>',
  "link stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
  "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  "base href": '<base href="https://evil.example/">',
  "video onerror": '<video><source onerror="alert(1)"></video>',
  "audio onerror": '<audio src=x onerror=alert(1)>',
  marquee: "<marquee onstart=alert(1)>x</marquee>",
  "code class injection": '<code class="language-js x" onclick="alert(1)">x</code>',
  "html comment trick": "<!--><script>alert(1)</script>-->",
  "template": "<template><script>alert(1)</script></template>",
  "noscript": "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
};

const DANGEROUS_TAGS = /<\s*(script|iframe|frame|form|style|svg|math|object|embed|meta|base|link|img|video|audio|source|textarea|button|select|details|body|marquee|template|noscript|animate)\b/i;
const EVENT_HANDLER = /\son[a-z]+\s*=/i;
const STYLE_ATTRIBUTE = /\sstyle\s*=/i;

function urls(html: string) {
  return [...html.matchAll(/\s(?:href|src|action|formaction|xlink:href)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);
}

function assertSafe(html: string) {
  expect(html).not.toMatch(DANGEROUS_TAGS);
  expect(html).not.toMatch(EVENT_HANDLER);
  expect(html).not.toMatch(STYLE_ATTRIBUTE);
  for (const url of urls(html)) {
    const decoded = url.replace(/&#x?([0-9a-f]+);?/gi, (_, n: string) => String.fromCharCode(parseInt(n, /x/i.test(_) ? 16 : 10))).replace(/\s/g, "");
    expect(decoded).toMatch(/^(https?:|mailto:|#|\/(?!\/)|[^:]*$)/i);
  }
}

describe("renderMarkdown keeps out everything that can run or restyle", () => {
  for (const [name, input] of Object.entries(VECTORS)) {
    it(name, () => {
      assertSafe(renderMarkdown(input));
      // Also when hidden inside ordinary Markdown.
      assertSafe(renderMarkdown(`## Heading\n\n- item ${input}\n\n> quote ${input}\n\n| a | b |\n| - | - |\n| ${input.replace(/\|/g, "")} | x |`));
    });
  }

  it("never leaves a javascript: URL anywhere, whatever the spelling", () => {
    for (const input of Object.values(VECTORS)) {
      const html = renderMarkdown(input).toLowerCase().replace(/\s/g, "");
      expect(html).not.toMatch(/href="[^"]*javascript:/);
      expect(html).not.toMatch(/href="[^"]*(vbscript|data):/);
    }
  });
});

describe("renderMarkdown keeps what a policy needs", () => {
  const doc = `# Refunds

## The rule

Refunds **over €50** need *a manager's* approval. ~~Always~~ sometimes.

- Small refunds: at once
- Large refunds: the approvals queue

1. Check the order
2. Ask the manager

> Most fraud was above €50.

| Amount | Who approves |
| --- | ---: |
| up to €50 | agent |
| over €50 | manager |

See [the refund guide](https://intranet.example/refunds "Guide") or mail <refunds@example.com>.

Use \`REF-123\` codes:

\`\`\`js
const limit = 50;
\`\`\`

- [x] done
- [ ] to do
`;
  const html = renderMarkdown(doc);

  it("keeps headings, emphasis and strike-through", () => {
    expect(html).toContain("<h1>Refunds</h1>");
    expect(html).toContain("<h2>The rule</h2>");
    expect(html).toContain("<strong>over €50</strong>");
    expect(html).toContain("<em>a manager's</em>");
    expect(html).toMatch(/<del>Always<\/del>|<s>Always<\/s>/);
  });

  it("keeps lists and quotes", () => {
    expect(html).toContain("<ul>");
    expect(html).toContain("<ol>");
    expect(html).toContain("<li>Small refunds: at once</li>");
    expect(html).toMatch(/<blockquote>\s*<p>Most fraud was above €50.<\/p>\s*<\/blockquote>/);
  });

  it("keeps tables with their alignment", () => {
    expect(html).toContain("<table>");
    expect(html).toContain("<th>Amount</th>");
    expect(html).toMatch(/<th align="right">Who approves<\/th>/);
    expect(html).toContain("<td>up to €50</td>");
  });

  it("keeps safe links, marked so they cannot reach back into the page", () => {
    expect(html).toMatch(/<a href="https:\/\/intranet\.example\/refunds" title="Guide" rel="noopener noreferrer nofollow">the refund guide<\/a>/);
    expect(html).toContain('href="mailto:refunds@example.com"');
    // A rel written by the author is replaced, never kept.
    expect(renderMarkdown('<a rel="opener" href="https://x.example">y</a>')).toContain('<a rel="noopener noreferrer nofollow" href="https://x.example">y</a>');
  });

  it("keeps code, inline and fenced with its language", () => {
    expect(html).toContain("<code>REF-123</code>");
    expect(html).toContain('<code class="language-js">const limit = 50;');
    expect(html).toContain("<pre>");
  });

  it("keeps task-list checkboxes, but disabled", () => {
    const boxes = html.match(/<input[^>]*>/g) ?? [];
    expect(boxes).toHaveLength(2);
    for (const box of boxes) {
      expect(box).toContain('type="checkbox"');
      expect(box).toContain("disabled");
    }
  });

  it("shows the text of what it removes as harmless text, never as markup", () => {
    const out = renderMarkdown('Hello <span onclick="x">there</span> <b>bold</b>');
    expect(out).toContain("there");
    expect(out).not.toContain("onclick");
  });
});
