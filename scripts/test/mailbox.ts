// Reads what maildev received, for tests. `MAILDEV_URL` is set by the suite that started it.
export type ReceivedEmail = {
  id: string;
  subject: string;
  html: string;
  text: string;
  to: { address: string; name: string }[];
  date: string;
};

export async function listEmails(baseUrl: string): Promise<ReceivedEmail[]> {
  const res = await fetch(`${baseUrl}/email`);
  if (!res.ok) throw new Error(`maildev answered ${res.status}`);
  return (await res.json()) as ReceivedEmail[];
}

export async function emailsTo(baseUrl: string, address: string) {
  const all = await listEmails(baseUrl);
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}

// Waits for the n-th email to an address (mail is delivered asynchronously by the SMTP server).
export async function waitForEmail(
  baseUrl: string,
  address: string,
  opts: { subject?: RegExp; count?: number; timeoutMs?: number } = {},
) {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    const matching = (await emailsTo(baseUrl, address)).filter((m) => !opts.subject || opts.subject.test(m.subject));
    if (matching.length >= (opts.count ?? 1)) return matching[(opts.count ?? 1) - 1]!;
    if (Date.now() > deadline)
      throw new Error(`no email to ${address}${opts.subject ? ` matching ${opts.subject}` : ""} arrived`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function firstLink(email: ReceivedEmail, pathPrefix: string): string {
  const links = [...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
  const link = links.find((l) => new URL(l).pathname.startsWith(pathPrefix));
  if (!link) throw new Error(`no ${pathPrefix} link in email "${email.subject}"`);
  return link;
}
