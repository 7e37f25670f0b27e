import type { InstanceStatus } from "@/db/schema";

// What the edge answers for an instance whose app cannot answer itself: a small Berth page that says why and
// where to go next. Plain HTML with the styles inline: Caddy serves it as a static response, no app involved.
export type EdgePage = {
  status: number;
  title: string;
  message: string;
  link?: { href: string; label: string };
  reload?: boolean;
};

export type PageSubject = {
  id: string;
  name: string;
  status: InstanceStatus;
  isTrial: boolean;
  trialEndsAt: Date | null;
};

const appLink = (appUrl: string, path: string) => new URL(path, appUrl).toString();

// The page while the app itself is not there: before its container runs, while suspended, after a failed start.
export function pageForStatus(i: PageSubject, appUrl: string, now = new Date()): EdgePage | null {
  const instancePage = appLink(appUrl, `/instances/${i.id}`);
  switch (i.status) {
    case "pending_payment":
      return {
        status: 402,
        title: `${i.name} is waiting for its payment`,
        message: "It starts as soon as the payment goes through.",
        link: { href: appLink(appUrl, "/billing"), label: "Open billing" },
      };
    case "provisioning":
      return starting(i, instancePage);
    case "suspended":
      if (i.isTrial && i.trialEndsAt && i.trialEndsAt <= now) {
        return {
          status: 402,
          title: `The free trial of ${i.name} has ended`,
          message: "Its data is kept for a while. Upgrade to a paid plan to bring it back.",
          link: { href: instancePage, label: "Upgrade" },
        };
      }
      return {
        status: 503,
        title: `${i.name} is suspended`,
        message: "Its data is kept. If a payment is due, settling it starts the instance again.",
        link: { href: appLink(appUrl, "/billing"), label: "Open billing" },
      };
    case "failed":
      return {
        status: 503,
        title: `${i.name} could not start`,
        message: "Its owner can see why on the instance's page.",
        link: { href: instancePage, label: "Open the instance" },
      };
    default:
      return null;
  }
}

// The page when the edge proxies to the app but it does not answer (yet): starting, or down while running.
export function pageWhenDown(i: PageSubject, appUrl: string): EdgePage {
  const instancePage = appLink(appUrl, `/instances/${i.id}`);
  if (i.status === "starting") return starting(i, instancePage);
  return {
    status: 502,
    title: `${i.name} is not answering`,
    message: "The app did not answer the edge. It may be restarting; try again in a moment.",
    link: { href: instancePage, label: "Open the instance" },
  };
}

const starting = (i: PageSubject, instancePage: string): EdgePage => ({
  status: 503,
  title: `${i.name} is starting`,
  message: "This usually takes a few seconds. The page reloads by itself.",
  link: { href: instancePage, label: "Open the instance" },
  reload: true,
});

export const NOT_FOUND_PAGE: EdgePage = {
  status: 404,
  title: "Nothing is served here",
  message: "No instance has this address.",
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderPage(page: EdgePage): string {
  const link = page.link ? `<p><a href="${escapeHtml(page.link.href)}">${escapeHtml(page.link.label)}</a></p>` : "";
  // Only a starting instance's page reloads: the others change only when someone acts.
  const refresh = page.reload ? `<meta http-equiv="refresh" content="3">` : "";
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">${refresh}` +
    `<title>${escapeHtml(page.title)}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#0f172a">` +
    `<p style="color:#64748b">Berth</p><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>${link}</body></html>`
  );
}
