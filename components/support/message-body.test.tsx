import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MessageBody } from "./message-body";

const html = (body: string) => renderToStaticMarkup(<MessageBody body={body} />);

describe("MessageBody", () => {
  it("shows markup and script as escaped text", () => {
    const out = html('<script>alert(1)</script><img src=x onerror="alert(2)"><b>bold</b>');
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("&lt;img src=x onerror=&quot;alert(2)&quot;&gt;");
    expect(out).not.toMatch(/<script|<img|<b>/);
  });

  it("turns line breaks into <br/>", () => {
    expect(html("one\ntwo\r\nthree")).toContain("one<br/>two<br/>three");
  });

  it("links http and https URLs safely, leaving trailing punctuation outside", () => {
    const out = html("See https://example.com/a?b=1&c=2. Or http://x.test/(y)");
    expect(out).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener noreferrer" target="_blank"',
    );
    expect(out).toContain(">https://example.com/a?b=1&amp;c=2</a>. Or ");
    expect(out).toContain('href="http://x.test/(y)"');
  });

  it("never links javascript: or other schemes", () => {
    const out = html("javascript:alert(1) data:text/html,<b>x</b> ftp://example.com vbscript:x");
    expect(out).not.toContain("<a");
    expect(out).toContain("javascript:alert(1)");
  });

  it("does not let a URL break out of its attribute", () => {
    const out = html('https://example.com/"onmouseover="alert(1) and https://example.com/<script>');
    expect(out).not.toMatch(/<a [^>]*onmouseover/);
    expect(out).not.toContain("<script");
    expect(out.match(/<a /g)).toHaveLength(2);
  });
});
