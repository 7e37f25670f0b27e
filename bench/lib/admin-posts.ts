import type { Sql } from "postgres";
import type { Case } from "./measure";
import { sessionCookie } from "./admin-http";

// A form's hidden React action fields ($ACTION_REF_…, $ACTION_…:n, $ACTION_KEY), read from the page's HTML: with them
// the form posts the way a browser does before its JavaScript has loaded, so the request runs the same server action
// a customer's submit runs, with no build-specific action id copied from the build's manifests.
async function actionFields(url: string, cookie: string): Promise<[string, string][]> {
  const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  const fields: [string, string][] = [];
  for (const tag of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="(\$ACTION[^"]*)"/.exec(tag[0])?.[1];
    if (!name) continue;
    const value = /value="([^"]*)"/.exec(tag[0])?.[1] ?? "";
    fields.push([name, value.replace(/&quot;/g, '"').replace(/&amp;/g, "&")]);
  }
  if (!fields.length) throw new Error(`${url} has no form action fields`);
  return fields;
}

// One submit: the multipart body a browser sends; the action redirects (303) to what it made.
async function submit(url: string, cookie: string, fields: [string, string][], values: [string, string][]) {
  const form = new FormData();
  for (const [k, v] of [...fields, ...values]) form.append(k, v);
  const res = await fetch(url, { method: "POST", body: form, headers: { cookie }, redirect: "manual" });
  const body = await res.text();
  const location = res.headers.get("location") ?? "";
  if (res.status !== 303) throw new Error(`POST ${url} answered ${res.status}: ${body.slice(0, 300)}`);
  return location;
}

// Fresh verified customers, each with a signed-in session: one per trial instance, since each account gets one trial.
async function freshCustomers(sql: Sql, count: number, secret: string) {
  const rows = await sql<{ id: string; email: string }[]>`
    insert into users (email, name, role, email_verified)
    select 'post' || n || '@example.test', 'Post ' || n, 'customer', now() from generate_series(1, ${count}) n
    returning id, email`;
  return Promise.all(rows.map(async (u) => sessionCookie({ ...u, name: null, role: "customer" }, secret)));
}

// The two forms customers submit most: a new trial instance (a new customer each time) and a new support ticket.
// After the runs the bench checks the rows are there, so a figure cannot come from a refused request.
export async function postCases(sql: Sql, o: { url: string; secret: string; runs: number; customerCookie: string }) {
  const [plan] = await sql<
    { id: string }[]
  >`select id from plans where active and trial_days > 0 order by sort_order limit 1`;
  const [stack] = await sql<{ id: string }[]>`select id from stacks where active and slug = 'demo'`;
  if (!plan || !stack) throw new Error("the bench database has no trial plan or demo stack");
  const cookies = await freshCustomers(sql, o.runs, o.secret);
  const newInstance = `${o.url}/instances/new`;
  const newTicket = `${o.url}/tickets/new`;
  const instanceFields = await actionFields(newInstance, cookies[0]!);
  const ticketFields = await actionFields(newTicket, o.customerCookie);
  let instancesMade = 0;
  let ticketsMade = 0;
  const cases: Case[] = [
    {
      name: "customer: POST /instances/new (trial)",
      run: async () => {
        const cookie = cookies[instancesMade];
        if (!cookie) throw new Error("more instance submits than fresh customers");
        const to = await submit(newInstance, cookie, instanceFields, [
          ["name", `bench-${instancesMade}`],
          ["stackId", stack.id],
          ["planId", plan.id],
        ]);
        if (!/\/instances\/[0-9a-f-]{36}$/.test(to)) throw new Error(`new instance went to ${to}`);
        instancesMade++;
      },
    },
    {
      name: "customer: POST /tickets/new",
      run: async () => {
        const to = await submit(newTicket, o.customerCookie, ticketFields, [
          ["subject", `Posted ticket ${ticketsMade}`],
          ["category", "technical"],
          ["instanceId", ""],
          ["body", "The site answers slowly since this morning; could you have a look?"],
        ]);
        if (!/\/tickets\/[0-9a-f-]{36}$/.test(to)) throw new Error(`new ticket went to ${to}`);
        ticketsMade++;
      },
    },
  ];
  const verify = async () => {
    const [made] = await sql<{ instances: number; tickets: number }[]>`
      select (select count(*)::int from instances i join users u on u.id = i.owner_id
                where u.email like 'post%@example.test' and i.is_trial) as instances,
             (select count(*)::int from tickets where subject like 'Posted ticket %') as tickets`;
    if (made!.instances !== instancesMade || made!.tickets !== ticketsMade)
      throw new Error(
        `submits answered ${instancesMade} instances and ${ticketsMade} tickets, the database holds ${made!.instances} and ${made!.tickets}`,
      );
    return made!;
  };
  return { cases, verify };
}
