import { createServer } from "node:http";
import { emailTemplates, type EmailTemplateName } from "../emails";
import { renderEmail } from "../lib/mail";

// npm run email:preview: every template rendered with its PreviewProps, as HTML and as the plain-text part.
const port = Number(process.argv[2] ?? 3001);
const names = Object.keys(emailTemplates) as EmailTemplateName[];
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const [name, format] = url.pathname.slice(1).split(".") as [EmailTemplateName, string | undefined];
  if (!names.includes(name)) {
    const items = names.map((n) => `<li><a href="/${n}">${n}</a> · <a href="/${n}.txt">text</a></li>`).join("");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<h1>Berth emails</h1><ul>${items}</ul>`);
    return;
  }
  const { component } = emailTemplates[name];
  const props = (component as unknown as { PreviewProps: never }).PreviewProps;
  const email = await renderEmail(name, props);
  if (format === "txt") {
    res
      .writeHead(200, { "content-type": "text/plain; charset=utf-8" })
      .end(`Subject: ${email.subject}\n\n${email.text}`);
  } else {
    res
      .writeHead(200, { "content-type": "text/html; charset=utf-8" })
      .end(email.html.replace("<body", `<body data-subject="${escape(email.subject)}"`));
  }
}).listen(port, "127.0.0.1", () => console.log(`Email previews: http://localhost:${port}`));
